// One person approving their own request: the approver spelled as the requestor in another case or with
// blanks, a profile naming the requestor, a reviewer list holding the requestor, a group the requestor is in.
// Without `allowOneParty: true` none of these may let the requestor approve.
import { expect } from 'chai';
import { InvalidRequestError, type AccessRequest } from '../../plugin/request/index.js';
import { engine, ESCALATION, PRIMARY } from './world.js';

const fromAlice = (extra: Partial<AccessRequest['requestor']> = {}): AccessRequest => ({
  requestor: { email: 'alice@example.com', ...extra },
  resource: { service: 'aws' },
  reason: 'INC-7',
});

const P0 = `
- name: reviewer
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: p0 }]
`;
const PROFILE = `
- name: manager
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: requestor-profile, directory: okta }]
`;
const GROUP = `
- name: sre group
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: group, groups: [{ directory: okta, id: 00gSRE }] }]
`;
const SPELLINGS = ['alice@example.com', 'ALICE@example.com', ' Alice@Example.Com\t'];

describe('security: self-approval', () => {
  it('an on-call requestor cannot approve their own escalation, however the email is spelled', async () => {
    const e = engine(ESCALATION);
    for (const email of SPELLINGS) {
      expect((await e.canApprove(fromAlice(), { email })).allowed, JSON.stringify(email)).to.equal(false);
    }
    const d = await e.decide(fromAlice());
    // alice is the only one on call for Primary: the path stays open for whoever comes on call, with nobody now.
    expect(d.decision).to.equal('pending');
    expect(d.paths?.[0]?.approvers).to.deep.equal([]);
  });

  it('allowOneParty: true is what lets the requestor approve (the control case)', async () => {
    const e = engine(
      ESCALATION.replace(`services: [${PRIMARY}] }`, `services: [${PRIMARY}], options: { allowOneParty: true } }`),
    );
    expect((await e.canApprove(fromAlice(), { email: 'ALICE@example.com' })).allowed).to.equal(true);
  });

  it('a reviewer list holding the requestor does not let them approve, nor count as an open path on its own', async () => {
    const e = engine(P0, { reviewers: [' ALICE@example.com ', 'sec@example.com'] });
    for (const email of SPELLINGS) expect((await e.canApprove(fromAlice(), { email })).allowed).to.equal(false);
    expect((await e.canApprove(fromAlice(), { email: 'SEC@example.com' })).allowed).to.equal(true);
    const d = await e.decide(fromAlice());
    expect(d.paths?.[0]?.approvers).to.deep.equal(['sec@example.com']);
    const alone = engine(P0, { reviewers: ['alice@example.com'] });
    expect((await alone.decide(fromAlice())).decision).to.equal('denied');
  });

  it('a profile naming the requestor as their own manager admits nobody', async () => {
    const e = engine(PROFILE);
    for (const manager of SPELLINGS) {
      const request = fromAlice({ profile: { manager } });
      expect((await e.canApprove(request, { email: 'alice@example.com' })).allowed, manager).to.equal(false);
      expect((await e.decide(request)).decision).to.equal('denied');
    }
    const real = fromAlice({ profile: { manager: 'Mona@example.com' } });
    expect((await e.canApprove(real, { email: 'mona@example.com' })).allowed).to.equal(true);
  });

  it('profile fields are own fields only: __proto__, constructor and toString name no one', async () => {
    const viaProto = JSON.parse(
      '{"requestor":{"email":"alice@example.com","profile":{"__proto__":{"manager":"mona@example.com"}}},"resource":{"service":"aws"}}',
    );
    expect((await engine(PROFILE).canApprove(viaProto, { email: 'mona@example.com' })).allowed).to.equal(false);
    for (const property of ['constructor', 'toString', '__proto__']) {
      const e = engine(PROFILE.replace('directory: okta }', `directory: okta, profileProperty: "${property}" }`));
      expect(
        (await e.canApprove(fromAlice({ profile: {} }), { email: 'mona@example.com' })).allowed,
        property,
      ).to.equal(false);
    }
  });

  it('a group member who is the requestor cannot approve; a member who is not can', async () => {
    const groups = [{ directory: 'okta' as const, id: '00gSRE' }];
    const e = engine(GROUP);
    for (const email of SPELLINGS) expect((await e.canApprove(fromAlice(), { email, groups })).allowed).to.equal(false);
    expect((await e.canApprove(fromAlice(), { email: 'zed@example.com', groups })).allowed).to.equal(true);
    // Groups are compared by directory and id exactly.
    for (const other of [
      { directory: 'azure-ad' as const, id: '00gSRE' },
      { directory: 'okta' as const, id: '00gsre' },
    ]) {
      expect(
        (await e.canApprove(fromAlice(), { email: 'zed@example.com', groups: [other] })).allowed,
        JSON.stringify(other),
      ).to.equal(false);
    }
    // A directory that is not one of the four is refused, not compared.
    const refused = await e
      .canApprove(fromAlice(), {
        email: 'zed@example.com',
        groups: [{ directory: 'okta\u0000' as never, id: '00gSRE' }],
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(refused).to.be.instanceOf(InvalidRequestError);
  });
});
