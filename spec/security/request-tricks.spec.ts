// Requests shaped to sneak past a rule: emails spelled differently, invisible reasons, odd durations,
// attributes nested where a filter cannot see them, prototype keys. Each must end safe: the right person,
// or no approval, or an InvalidRequestError.
import { expect } from 'chai';
import { InvalidRequestError } from '../../plugin/request/check.js';
import type { AccessRequest } from '../../plugin/request/types.js';
import { AUTO_STRICT, engine, NOW } from './world.js';

const strict = () => engine(AUTO_STRICT);
const ask = (email: unknown, extra: Record<string, unknown> = {}) =>
  ({
    requestor: { email },
    resource: { service: 'aws' },
    reason: 'INC-1 deploy',
    duration: 'PT1H',
    ...extra,
  }) as unknown as AccessRequest;

async function rejected(p: Promise<unknown>): Promise<InvalidRequestError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidRequestError);
    return err as InvalidRequestError;
  }
  expect.fail('the request was decided instead of refused');
}

describe('security: request tricks', () => {
  it('approves the on-call requestor whatever the ASCII case and surrounding blanks (the control case)', async () => {
    for (const email of ['alice@example.com', ' ALICE@Example.COM\t']) {
      expect((await strict().decide(ask(email))).decision, email).to.equal('approved');
    }
  });

  it('never lets a look-alike email inherit a shift (zero-width space, Cyrillic e, full-width a, Kelvin sign)', async () => {
    for (const email of ['alice@exampl\u0435.com', '\uff41lice@example.com']) {
      expect((await strict().decide(ask(email))).decision, JSON.stringify(email)).to.equal('denied');
    }
    // An invisible character is no part of an email: refused outright (spec/security/invisible-emails.spec.ts).
    const err = await rejected(strict().decide(ask('alice@example.com\u200b')));
    expect(err.problems.map((p) => p.code)).to.deep.equal(['request.not-an-email']);
    // The Kelvin sign lower-cases to an ASCII k: only ASCII is folded, so it never becomes kate@.
    expect((await strict().decide(ask('KATE@example.com'))).decision).to.equal('approved');
    expect((await strict().decide(ask('\u212Aate@example.com'))).decision).to.equal('denied');
  });

  it('does not count a reason of blanks or invisible characters as a reason (requireReason)', async () => {
    for (const reason of [
      '',
      '   ',
      '\u00a0',
      '\ufeff',
      '\u200b\u200b',
      '\u200d\u2060',
      '\u3164',
      '\u2800',
      '\u0000',
      '\u00ad',
    ]) {
      const d = await strict().decide(ask('alice@example.com', { reason }));
      expect(d.decision, JSON.stringify(reason)).to.not.equal('approved');
    }
    expect((await strict().decide(ask('alice@example.com', { reason: '\u200bINC-1' }))).decision).to.equal('approved');
  });

  it('refuses durations that are not positive ISO 8601 durations, and never grants more than the hour', async () => {
    for (const duration of [
      'PT0S',
      'P0D',
      'PT-1H',
      '-PT1H',
      'P-1Y',
      'PT0.0001S',
      'pt1h',
      'PT1,5H',
      'R5/PT1H',
      'PT1H/PT2H',
      'PT100000000000000000000H',
      'soon',
      'P1Y-1D', // not ISO 8601: a component cannot be negative
      'P1000Y', // longer than P10Y
    ]) {
      const err = await rejected(strict().decide(ask('alice@example.com', { duration })));
      expect(err.message, duration).to.match(/duration/);
    }
    for (const duration of ['P10Y', 'P1M', 'P1W', 'PT1.5H']) {
      const d = await strict().decide(ask('alice@example.com', { duration }));
      expect(d.decision).to.equal('approved');
      expect(Date.parse(d.expiresAt!) - NOW.getTime(), duration).to.be.at.most(3_600_000);
    }
    const half = await strict().decide(ask('alice@example.com', { duration: 'PT0.5S' }));
    expect(half.expiresAt).to.equal('2026-11-26T08:00:00.500Z');
  });

  it('refuses requests of the wrong shape instead of reading them some other way', async () => {
    await rejected(strict().decide(ask(['alice@example.com'])));
    await rejected(strict().decide(ask('  ')));
    await rejected(strict().decide(ask('\u200b')));
    await rejected(strict().decide(ask('alice@example.com', { reason: ['INC-1'] })));
    await rejected(strict().decide('alice@example.com' as unknown as AccessRequest));
    await rejected(strict().canApprove(ask('bob@example.com'), { email: ['alice@example.com'] } as never));
  });

  it('ignores __proto__ keys: they name nothing, and pollute nothing', async () => {
    const req = JSON.parse(
      '{"requestor":{"email":"zed@example.com","__proto__":{"email":"alice@example.com"}},"resource":{"service":"aws"},"reason":"x","duration":"PT1H"}',
    );
    expect((await strict().decide(req)).decision).to.equal('denied');
    expect(({} as Record<string, unknown>).email).to.equal(undefined);
  });

  describe('resource attributes against filters', () => {
    const GUARDED = `
- name: auto outside prod
  requestor: { type: any }
  resource: { type: integration, service: aws, filters: { tag: { effect: remove, key: env, pattern: "^prod$" } } }
  approval: [{ type: auto, integration: incidentio }]
- name: never admin
  requestor: { type: any }
  resource: { type: integration, service: aws, filters: { permission-set: { effect: keep, key: name, pattern: "^AdministratorAccess$" } } }
  approval: [{ type: deny }]
`;
    const on = (attributes: unknown) =>
      ({ requestor: { email: 'alice@example.com' }, resource: { service: 'aws', attributes } }) as AccessRequest;

    it('applies remove and deny filters to plain values (the control case)', async () => {
      expect((await engine(GUARDED).decide(on({ tag: { env: 'staging' } }))).decision).to.equal('approved');
      expect((await engine(GUARDED).decide(on({ tag: { env: 'prod' } }))).decision).to.equal('denied');
      const admin = await engine(GUARDED).decide(on({ 'permission-set': { name: 'AdministratorAccess' } }));
      expect(admin.decidedBy?.rule).to.equal('never admin');
    });

    it('refuses attribute values nested in lists or objects, which would slip past a remove or a deny filter', async () => {
      for (const attributes of [
        { tag: { env: [['prod']] } },
        { tag: { env: ['prod'] } },
        { tag: { env: { value: 'prod' } } },
        { tag: [{ env: 'prod' }] },
        { tag: 'prod' },
        { tag: null },
        { 'permission-set': { name: [['AdministratorAccess']] } },
        { 'permission-set': [{ name: 'AdministratorAccess' }] },
      ]) {
        const err = await rejected(engine(GUARDED).decide(on(attributes)));
        expect(err.message, JSON.stringify(attributes)).to.match(/resource\.attributes/);
      }
    });
  });
});
