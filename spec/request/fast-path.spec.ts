// The request check's fast path (plain data that is valid) against the full check, on random requests and
// approvers: valid ones, ones with a mistake anywhere, and hostile ones (what JSON cannot hold, `__proto__`
// keys, getters, hidden characters, values past the bounds). Both must give exactly the same result, the
// checked copy and every problem with its code, pointer and sentence.
import { expect } from 'chai';
import fc from 'fast-check';
import { checkApprover, checkRequest, fullCheck } from '../../plugin/request/check.js';

class Instance {
  email = 'alice@example.com';
}

const hostile = fc.constantFrom<() => unknown>(
  () => new Map([['a', 1]]),
  () => new Date(0),
  () => () => 1,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => new Instance(),
  () => Symbol('s'),
  () => 10n,
  () => undefined,
  () => Object.create(null) as object,
  () => JSON.parse('{"__proto__": {"admin": true}, "id": "x"}') as unknown,
  () => [1, , 3], // eslint-disable-line no-sparse-arrays
  () => [[[[[['deep']]]]]],
  () => ({ a: { b: { c: { d: { e: 'deep' } } } } }),
  () => Object.defineProperty({}, 'id', { get: () => 'g1', enumerable: true }),
  () => Array.from({ length: 10_001 }, () => 0),
  () => Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }),
);

const text = fc.oneof(
  fc.constantFrom(
    'aws',
    'AWS ',
    ' Alice@Example.COM ',
    'alice@example.com',
    'al ice@example.com',
    'aws\u200b',
    'x'.repeat(4097),
    '',
    'PT2H',
    'PT0S',
    'P20Y',
    'P1Y2M',
    'two hours',
    'okta',
    'azure-ad',
    'constructor',
    '__proto__',
    'prototype',
    '2026-11-26T18:00:00Z',
    '2026-11-26T18:00:00',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** A value: mostly text, sometimes another kind, sometimes something JSON cannot hold. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.double()) },
  { weight: 1, arbitrary: hostile.map((make) => make()) },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) },
);

/** A field that is usually right, sometimes any value, sometimes absent. */
const field = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 40, arbitrary: good },
    { weight: 1, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const name = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('tag', 'env', 'manager', 'Team') },
  { weight: 1, arbitrary: text },
);
const mapping = (values: fc.Arbitrary<unknown>) => fc.dictionary(name, values, { maxKeys: 3 });
const safeText = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('prod', 'INC-1', 'g1', 'bob@example.com') },
  { weight: 1, arbitrary: text },
);
const email = fc.constantFrom('alice@example.com', ' Bob@Example.COM ', 'carol@example.org');
const group = fc.record({ directory: field(fc.constantFrom('okta', 'azure-ad', 'google')), id: field(safeText) });
const groups = fc.array(field(group), { maxLength: 3 });

/** Drops `undefined` fields half the time (absent), keeps them otherwise (set to undefined). */
const shaped = (record: fc.Arbitrary<Record<string, unknown>>, extra = true): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      record,
      fc.boolean(),
      extra
        ? fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(text, value) })
        : fc.constant(null),
    )
    .map(([r, drop, more]) => {
      const out: Record<string, unknown> = drop
        ? Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))
        : { ...r };
      if (more !== null) out[more[0]] = more[1];
      return out;
    });

const request = shaped(
  fc.record({
    id: field(safeText),
    requestor: field(
      shaped(
        fc.record({ email: field(email), groups: field(groups), profile: field(mapping(field(safeText))) }),
        false,
      ),
    ),
    resource: field(
      shaped(
        fc.record({
          service: field(fc.constantFrom('aws', 'AWS', ' gcp ', 'svc-01')),
          accessType: field(fc.constantFrom('role', 'Permission-Set')),
          attributes: field(mapping(field(mapping(field(safeText))))),
        }),
        false,
      ),
    ),
    reason: field(safeText),
    duration: field(fc.constantFrom('PT2H', 'PT0S', 'P20Y', 'P1D', 'PT90M')),
    agent: field(shaped(fc.record({ clientId: field(safeText), owner: field(email), headless: field(fc.boolean()) }))),
    preapproval: field(
      shaped(
        fc.record({
          approver: field(email),
          expiresAt: field(fc.constantFrom('2026-11-26T18:00:00Z', '2026-11-26T18:00:00', 'soon')),
        }),
      ),
    ),
  }),
  false,
);

const approver = shaped(fc.record({ email: field(email), groups: field(groups) }), false);

/** One value from outside: the request itself now and then something that is not a request at all. */
const input = (of: fc.Arbitrary<unknown>) => fc.oneof({ weight: 9, arbitrary: of }, { weight: 1, arbitrary: value });

describe('request: the fast path of the check agrees with the full check', () => {
  it('on random requests, valid, mistaken and hostile', () => {
    let valid = 0;
    let runs = 0;
    fc.assert(
      fc.property(input(request), (r) => {
        const fast = checkRequest(r);
        const full = checkRequest(r, undefined, fullCheck);
        expect(fast).to.deep.equal(full);
        runs++;
        if (fast.request !== undefined) valid++;
      }),
      { numRuns: 3000 },
    );
    // The property says something only if both paths are taken often.
    expect(valid, 'valid requests').to.be.above(runs / 60);
    expect(runs - valid, 'refused requests').to.be.above(runs / 5);
  });

  it('on random approvers', () => {
    let valid = 0;
    fc.assert(
      fc.property(input(approver), (a) => {
        const fast = checkApprover(a);
        expect(fast).to.deep.equal(checkApprover(a, fullCheck));
        if (fast.approver !== undefined) valid++;
      }),
      { numRuns: 1000 },
    );
    expect(valid, 'valid approvers').to.be.above(50);
  });

  it('reads a getter of a valid request once, and decides on the copy', () => {
    let reads = 0;
    const requestor = Object.defineProperty({}, 'email', {
      get: () => (reads++ === 0 ? 'alice@example.com' : 'mallory@example.com'),
      enumerable: true,
    });
    const checked = checkRequest({ requestor, resource: { service: 'aws' } });
    expect(checked.problems).to.deep.equal([]);
    expect(checked.request?.requestor.email).to.equal('alice@example.com');
    expect(reads).to.equal(1);
  });

  it('checks a plain but invalid request in full from its copy, reading the host object once', () => {
    let reads = 0;
    const requestor = Object.defineProperty({}, 'email', {
      get: () => (reads++ === 0 ? 'not an email' : 'alice@example.com'),
      enumerable: true,
    });
    const checked = checkRequest({ requestor, resource: { service: 'aws' } });
    expect(checked.request).to.equal(undefined);
    expect(checked.problems.map((p) => `${p.code} ${p.pointer}`)).to.deep.equal([
      'request.not-an-email /requestor/email',
    ]);
    expect(reads).to.equal(1);
  });
});
