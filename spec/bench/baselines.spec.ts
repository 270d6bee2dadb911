import { expect } from 'chai';
import type { AccessRequest, Rule } from '../../bench/api.js';
import { createJreBaseline } from '../../bench/baselines/jre.js';
import { createCedarBaseline } from '../../bench/baselines/cedar.js';
import { generateWorld, scheduleId } from '../../bench/world.js';

// The baselines are only worth timing if they make the decisions the engine makes (README, "How a decision
// is made"); these cases pin the semantics they encode, and the generated world checks they agree with each
// other.
const S0 = scheduleId(0);
const S1 = scheduleId(1);
const onCall = new Map([
  [S0, new Set(['alice@example.com'])],
  [S1, new Set(['carol@example.com'])],
]);
const request = (email: string, extra: Partial<AccessRequest> = {}): AccessRequest => ({
  requestor: { email, groups: [{ directory: 'okta', id: '00g1' }] },
  resource: { service: 'aws', accessType: 'role', attributes: { tag: { env: 'prod' } } },
  ...extra,
});
const rules: Rule[] = [
  {
    name: 'auto for on-call',
    requestor: { type: 'any' },
    resource: { type: 'integration', service: 'aws' },
    approval: [
      { type: 'auto', integration: 'incidentio', services: [S0] },
      { type: 'escalation', integration: 'incidentio', services: [S1], options: { requireReason: true } },
    ],
  },
  {
    name: 'deny mallory',
    requestor: { type: 'user', uid: ' Mallory@Example.com ' },
    resource: { type: 'any' },
    approval: [{ type: 'deny' }],
  },
  {
    name: 'standing access for group 00g9 outside prod',
    requestor: { type: 'group', groups: [{ id: '00g9', directory: 'okta' }], effect: 'keep' },
    resource: {
      type: 'integration',
      service: 'aws',
      filters: { tag: { effect: 'remove', key: 'env', pattern: 'prod' } },
    },
    approval: [{ type: 'persistent' }],
  },
];
const baselines = [
  { name: 'json-rules-engine', make: () => createJreBaseline(rules, onCall, ['sec@example.com']) },
  { name: 'cedar', make: () => createCedarBaseline(rules, onCall, ['sec@example.com']) },
];

describe('bench baselines', () => {
  for (const { name, make } of baselines) {
    describe(name, () => {
      const b = make();
      it('approves a requestor on call for the auto entry’s schedule', async () => {
        expect(await b.decide(request('alice@example.com'))).to.equal('approved');
      });
      it('leaves a requestor not on call pending when the escalation path is open (reason given)', async () => {
        expect(await b.decide(request('bob@example.com', { reason: 'INC-1' }))).to.equal('pending');
      });
      it('denies when the only path requires a reason and none is given', async () => {
        expect(await b.decide(request('bob@example.com', { reason: '   ' }))).to.equal('denied');
      });
      it('lets a matching deny win over an on-call approval (emails compared trimmed, case-insensitive)', async () => {
        expect(await b.decide(request('mallory@example.com'))).to.equal('denied');
      });
      it('applies a remove filter: standing access only where the tag does not match', async () => {
        const member = (env: string): AccessRequest => ({
          requestor: { email: 'dan@example.com', groups: [{ directory: 'okta', id: '00g9' }] },
          resource: { service: 'aws', attributes: { tag: { env } } },
        });
        expect(await b.decide(member('staging'))).to.equal('approved');
        expect(await b.decide(member('prod'))).to.equal('denied');
      });
      it('denies a request no rule matches', async () => {
        expect(await b.decide({ requestor: { email: 'alice@example.com' }, resource: { service: 'gcp' } })).to.equal(
          'denied',
        );
      });
    });
  }

  it('agree with each other on a generated world with every decision kind', async () => {
    const world = generateWorld({ rules: 60, services: 5, schedules: 5, users: 30, requests: 150, seed: 3 });
    const jre = createJreBaseline(world.rules, world.onCall, world.reviewers);
    const cedar = createCedarBaseline(world.rules, world.onCall, world.reviewers);
    const kinds = new Set<string>();
    for (const r of world.requests) {
      const a = await jre.decide(r);
      expect(cedar.decide(r), JSON.stringify(r)).to.equal(a);
      kinds.add(a);
    }
    expect([...kinds].sort()).to.deep.equal(['approved', 'denied', 'pending']);
  });
});
