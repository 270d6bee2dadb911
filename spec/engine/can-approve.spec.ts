// "Can this person approve?": each entry type that admits approvers, self-approval with and
// without allowOneParty, an approver on call for another schedule, deny precedence, options, failed lookups.
import { expect } from 'chai';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { InvalidRequestError, type AccessRequest, type Approver } from '../../plugin/request/index.js';
import type { ApprovalEntry, Rule } from '../../plugin/routing/types.js';
import { createFakeProvider, type FakeProviderOptions } from './support/fake-provider.js';
import { DATABASE, NOW, PRIMARY, ruleSet, SECURITY, WORLD } from './support/rules.js';

type RuleSpec = Partial<Rule> & { approval: ApprovalEntry[] };

interface Row {
  name: string;
  rules: RuleSpec[];
  request?: Partial<AccessRequest>;
  approver: Approver;
  reviewers?: string[];
  provider?: FakeProviderOptions;
  allowed: boolean;
  admittedBy?: { rule: string; entry: number; type: string };
  reasons?: RegExp[];
}

const escalation = (services: string[], options?: ApprovalEntry['options']): ApprovalEntry => ({
  type: 'escalation',
  integration: 'incidentio',
  services,
  ...(options ? { options } : {}),
});
const r = (approval: ApprovalEntry[], extra: Partial<Rule> = {}): RuleSpec => ({ name: 'prod', approval, ...extra });
const bob = { requestor: { email: 'bob@example.com' }, resource: { service: 'aws' } };
const okta = { directory: 'okta' as const, id: '00gsec' };

const rows: Row[] = [
  {
    name: 'escalation admits someone on call for one of its schedules',
    rules: [r([escalation([PRIMARY, DATABASE])])],
    request: bob,
    approver: { email: 'Carol@Example.com ' },
    allowed: true,
    admittedBy: { rule: 'prod', entry: 0, type: 'escalation' },
    reasons: [/^carol@example.com is on call for Database on-call$/],
  },
  {
    name: 'escalation refuses someone on call for another schedule',
    rules: [r([escalation([PRIMARY])])],
    request: bob,
    approver: { email: 'dave@example.com' },
    allowed: false,
    reasons: [/dave@example.com is not on call now for Primary on-call/],
  },
  {
    name: 'escalation refuses someone whose shift has ended',
    rules: [r([escalation([PRIMARY])])],
    request: { ...bob, requestor: { email: 'carol@example.com' } },
    approver: { email: 'bob@example.com' },
    allowed: false,
  },
  {
    name: 'escalation refuses self-approval without allowOneParty',
    rules: [r([escalation([PRIMARY])])],
    request: { ...bob, requestor: { email: 'alice@example.com' } },
    approver: { email: 'ALICE@example.com' },
    allowed: false,
    reasons: [/alice@example.com is the requestor, and this entry does not allow self-approval/],
  },
  {
    name: 'escalation admits self-approval with allowOneParty',
    rules: [r([escalation([PRIMARY], { allowOneParty: true })])],
    request: { ...bob, requestor: { email: 'alice@example.com' } },
    approver: { email: 'alice@example.com' },
    allowed: true,
    reasons: [/allows the requestor to approve their own request/],
  },
  {
    name: 'escalation refuses when the lookup failed',
    rules: [r([escalation([DATABASE])])],
    request: bob,
    approver: { email: 'carol@example.com' },
    provider: { failing: [DATABASE] },
    allowed: false,
    reasons: [/failed \(incident.io answered 503\)/],
  },
  {
    name: 'escalation refuses when the provider throws',
    rules: [r([escalation([DATABASE])])],
    request: bob,
    approver: { email: 'carol@example.com' },
    provider: { throws: true },
    allowed: false,
  },
  {
    name: 'escalation through pagerduty (not installed) admits nobody',
    rules: [r([{ type: 'escalation', integration: 'pagerduty', services: ['P1'] }])],
    request: bob,
    approver: { email: 'carol@example.com' },
    allowed: false,
    reasons: [/pagerduty is not installed/],
  },
  {
    name: 'escalation requires the reason the entry asks for',
    rules: [r([escalation([DATABASE], { requireReason: true })])],
    request: bob,
    approver: { email: 'carol@example.com' },
    allowed: false,
    reasons: [/gives no reason/],
  },
  {
    name: 'escalation with the required reason admits',
    rules: [r([escalation([DATABASE], { requireReason: true })])],
    request: { ...bob, reason: 'INC-7' },
    approver: { email: 'carol@example.com' },
    allowed: true,
  },
  {
    name: 'escalation requires the duration the entry asks for',
    rules: [r([escalation([DATABASE], { requireDuration: true })])],
    request: bob,
    approver: { email: 'carol@example.com' },
    allowed: false,
    reasons: [/gives no duration/],
  },
  {
    name: 'group admits a member',
    rules: [r([{ type: 'group', groups: [okta] }])],
    request: bob,
    approver: { email: 'eve@example.com', groups: [{ directory: 'okta', id: '00gsec' }] },
    allowed: true,
    admittedBy: { rule: 'prod', entry: 0, type: 'group' },
  },
  {
    name: 'group refuses a non-member',
    rules: [r([{ type: 'group', groups: [okta] }])],
    request: bob,
    approver: { email: 'eve@example.com' },
    allowed: false,
    reasons: [/eve@example.com is in none of okta:00gsec/],
  },
  {
    name: 'group refuses the requestor even as a member',
    rules: [r([{ type: 'group', groups: [okta] }])],
    request: { ...bob, requestor: { email: 'eve@example.com' } },
    approver: { email: 'eve@example.com', groups: [{ directory: 'okta', id: '00gsec' }] },
    allowed: false,
  },
  {
    name: 'p0 admits a security reviewer',
    rules: [r([{ type: 'p0' }])],
    request: bob,
    reviewers: ['sec@example.com'],
    approver: { email: 'SEC@example.com' },
    allowed: true,
    reasons: [/sec@example.com is a security reviewer/],
  },
  {
    name: 'p0 refuses someone who is not a reviewer',
    rules: [r([{ type: 'p0' }])],
    request: bob,
    reviewers: ['sec@example.com'],
    approver: { email: 'carol@example.com' },
    allowed: false,
    reasons: [/not a security reviewer/],
  },
  {
    name: 'requestor-profile admits the manager',
    rules: [r([{ type: 'requestor-profile', directory: 'okta' }])],
    request: { ...bob, requestor: { email: 'bob@example.com', profile: { manager: 'Mia@example.com' } } },
    approver: { email: 'mia@example.com' },
    allowed: true,
    reasons: [/mia@example.com is the requestor's manager/],
  },
  {
    name: 'requestor-profile refuses someone else',
    rules: [r([{ type: 'requestor-profile', directory: 'okta' }])],
    request: { ...bob, requestor: { email: 'bob@example.com', profile: { manager: 'mia@example.com' } } },
    approver: { email: 'carol@example.com' },
    allowed: false,
    reasons: [/not the requestor's manager \(mia@example.com\)/],
  },
  {
    name: 'auto and persistent entries take no approver',
    rules: [r([{ type: 'auto', integration: 'incidentio' }, { type: 'persistent' }])],
    request: bob,
    approver: { email: 'carol@example.com' },
    allowed: false,
    reasons: [/takes no approver/],
  },
  {
    name: 'a matching deny refuses every approver',
    rules: [r([escalation([DATABASE])]), { name: 'never', approval: [{ type: 'deny' }] }],
    request: bob,
    approver: { email: 'carol@example.com' },
    allowed: false,
    reasons: [/Rule "never", entry 0 \(deny\) denies this request/],
  },
  {
    name: 'no matching rule admits nobody',
    rules: [r([escalation([DATABASE])], { resource: { type: 'integration', service: 'gcp' } })],
    request: bob,
    approver: { email: 'carol@example.com' },
    allowed: false,
    reasons: [/No routing rule matches bob@example.com requesting aws/],
  },
  {
    name: 'the first admitting entry in rule order is named',
    rules: [r([{ type: 'p0' }, escalation([SECURITY])])],
    request: bob,
    reviewers: ['dave@example.com'],
    approver: { email: 'dave@example.com' },
    allowed: true,
    admittedBy: { rule: 'prod', entry: 0, type: 'p0' },
  },
];

describe('engine: canApprove (can this person approve?)', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const engine = createApprovalEngine({
        rules: ruleSet(...row.rules),
        providers: { incidentio: createFakeProvider(WORLD, row.provider) },
        reviewers: row.reviewers,
        clock: () => NOW,
      });
      const result = await engine.canApprove({ ...bob, ...row.request } as AccessRequest, row.approver);
      const why = JSON.stringify(result.reasons);
      expect(result.allowed, why).to.equal(row.allowed);
      expect(result.approver).to.equal(row.approver.email.trim().toLowerCase());
      if (row.admittedBy) expect(result.admittedBy, why).to.deep.include(row.admittedBy);
      if (!row.allowed) expect(result.admittedBy).to.equal(undefined);
      for (const re of row.reasons ?? [])
        expect(
          result.reasons.some((s) => re.test(s)),
          `${re} in ${why}`,
        ).to.equal(true);
    });
  }

  it('refuses an approver without an email instead of answering', async () => {
    const engine = createApprovalEngine({ rules: ruleSet(r([{ type: 'p0' }])), providers: {}, clock: () => NOW });
    let error: unknown;
    await engine.canApprove(bob, { email: '  ' }).catch((e) => (error = e));
    expect(error).to.be.instanceOf(InvalidRequestError);
    expect(
      (error as InvalidRequestError).problems.map(({ code, subject, pointer }) => ({ code, subject, pointer })),
    ).to.deep.equal([{ code: 'request.not-an-email', subject: 'approver', pointer: '/email' }]);
    expect(String((error as Error)?.message)).to.match(/approver\.email: `email` is `  `: must be an email address/);
    await engine.canApprove(bob, {} as Approver).catch((e) => (error = e));
    expect(String((error as Error)?.message)).to.match(
      /approver: the approver is missing `email`: the approver's email address/,
    );
  });
});
