// The request check on objects a host hands in: what JSON cannot hold is refused by its place, what is
// decided on is a copy taken once, and `__proto__` names nothing.
import { expect } from 'chai';
import {
  checkApprover,
  checkRequest,
  InvalidRequestError,
  parseRequest,
  requestorProfile,
  requireRequest,
  resourceAttribute,
  type AccessRequest,
} from '../../plugin/request/index.js';

const at = (value: unknown) => checkRequest(value).problems.map((p) => `${p.code} ${p.pointer}`);
const base = (extra: { requestor?: object; resource?: object; [key: string]: unknown } = {}) => ({
  ...extra,
  requestor: { email: 'alice@example.com', ...extra.requestor },
  resource: { service: 'aws', ...extra.resource },
});

class Requestor {
  email = 'alice@example.com';
}

describe('request: the check of objects a host hands in', () => {
  it('gives a checked copy with the email trimmed and lower-cased, and leaves the original alone', () => {
    const request = base({ requestor: { email: ' Alice@Example.COM ' }, reason: 'INC-1' });
    const { request: checked, problems } = checkRequest(request);
    expect(problems).to.deep.equal([]);
    expect(checked).to.deep.equal({
      requestor: { email: 'alice@example.com' },
      resource: { service: 'aws' },
      reason: 'INC-1',
    });
    expect(request.requestor.email).to.equal(' Alice@Example.COM ');
    expect(checked).to.not.equal(request);
  });

  it('reads fields set to undefined as absent, as JSON would', () => {
    expect(at(base({ requestor: { groups: undefined, profile: undefined }, reason: undefined }))).to.deep.equal([]);
  });

  it('refuses what JSON cannot hold, at its place, once', () => {
    expect(at(base({ resource: { attributes: { tag: new Map([['env', 'prod']]) } } }))).to.deep.equal([
      'request.not-plain-data /resource/attributes/tag',
    ]);
    expect(at(base({ duration: new Date(3_600_000) }))).to.deep.equal(['request.not-plain-data /duration']);
    expect(at({ requestor: new Requestor(), resource: { service: 'aws' } })).to.deep.equal([
      'request.not-plain-data /requestor',
    ]);
    expect(at(base({ requestor: { email: new String('alice@example.com') } }))).to.deep.equal([
      'request.not-plain-data /requestor/email',
    ]);
    expect(at(base({ resource: { attributes: { tag: { tier: Number.NaN, env: () => 'prod' } } } }))).to.deep.equal([
      'request.not-plain-data /resource/attributes/tag/tier',
      'request.not-plain-data /resource/attributes/tag/env',
    ]);
    expect(at(new Map())).to.deep.equal(['request.not-plain-data ']);
    const err = (() => {
      try {
        requireRequest(base({ resource: { attributes: { tag: new Set(['prod']) } } }));
      } catch (e) {
        return e as InvalidRequestError;
      }
    })();
    expect(err).to.be.instanceOf(InvalidRequestError);
    expect(err!.message).to.equal(
      'resource.attributes.tag: attribute `tag` must be text, a number, true/false, a list or a mapping, not a Set',
    );
  });

  it('accepts mappings without a prototype', () => {
    const requestor = Object.assign(Object.create(null) as object, { email: 'alice@example.com' });
    expect(at({ requestor, resource: { service: 'aws' } })).to.deep.equal([]);
  });

  it('decides on the values read once, whatever a getter returns afterwards', () => {
    let reads = 0;
    const requestor = {
      get email() {
        reads++;
        return reads === 1 ? 'alice@example.com' : 'not an email';
      },
    };
    const checked = requireRequest({ requestor, resource: { service: 'aws' } });
    expect(reads).to.equal(1);
    expect(checked.requestor.email).to.equal('alice@example.com');
    expect(requestor.email).to.equal('not an email');
    expect(checked.requestor.email).to.equal('alice@example.com');
  });

  it('refuses a cyclic or deeply nested request without looping', () => {
    const tag: Record<string, unknown> = { env: 'prod' };
    tag.self = tag;
    expect(at(base({ resource: { attributes: { tag } } }))).to.deep.equal([
      'request.wrong-type /resource/attributes/tag/self',
    ]);
    let deep: unknown = 'prod';
    for (let i = 0; i < 10_000; i++) deep = { deep };
    expect(at(base({ resource: { attributes: { tag: deep } } }))).to.deep.equal([
      'request.wrong-type /resource/attributes/tag/deep',
    ]);
  });

  it("holds a host's lists and mappings to the request file's bound on entries, at the same place", () => {
    const groups = Array.from({ length: 1001 }, (_, i) => ({ directory: 'okta', id: `g${i}` }));
    const request = base({ requestor: { groups } });
    expect(at(request)).to.deep.equal(['request.too-many-entries /requestor/groups']);
    expect(parseRequest(JSON.stringify(request), 'r.json').problems.map((p) => p.path)).to.deep.equal([
      '/requestor/groups',
    ]);
    expect(at(base({ requestor: { groups: groups.slice(0, 1000) } }))).to.deep.equal([]);
    const huge: unknown[] = [];
    huge.length = 4_000_000_000; // a sparse list is refused by its length, not walked
    expect(at(base({ requestor: { groups: huge } }))).to.deep.equal(['request.too-many-entries /requestor/groups']);
  });

  it("holds a host's request to the request file's bound on values in all, and reports the first mistakes only", () => {
    const fields = (n: number, value: unknown) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, value]));
    const attributes = (n: number, value: unknown) =>
      Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`a${i}`, fields(n, value)]));
    const over = checkRequest(base({ resource: { attributes: attributes(100, 'x') } })).problems;
    expect(over.map((p) => `${p.code} ${p.message}`)).to.deep.equal([
      'request.too-many-entries the request holds more than 100,000 values',
    ]);
    const wrong = checkRequest(base({ resource: { attributes: attributes(90, Number.NaN) } })).problems;
    expect(wrong).to.have.length(200);
    expect(new Set(wrong.map((p) => p.code))).to.deep.equal(new Set(['request.not-plain-data']));
  });

  it('ignores an own `__proto__` key wherever JSON.parse makes one, and no fact reads it', () => {
    const request = JSON.parse(
      '{"requestor":{"email":"zed@example.com","__proto__":{"email":"alice@example.com"},"profile":{"__proto__":"alice@example.com"}},' +
        '"resource":{"service":"aws","attributes":{"__proto__":{"env":"staging"},"tag":{"__proto__":"staging","env":"prod"}}},"__proto__":{}}',
    ) as AccessRequest;
    const { request: checked, problems } = checkRequest(request);
    expect(problems).to.deep.equal([]);
    expect(checked!.requestor.email).to.equal('zed@example.com');
    expect(Object.hasOwn(checked!.requestor, '__proto__')).to.equal(false);
    expect(requestorProfile({ property: '__proto__' }, request)).to.equal(undefined);
    expect(resourceAttribute({ name: '__proto__' }, request)).to.equal(undefined);
    expect(resourceAttribute({ name: 'tag', key: '__proto__' }, request)).to.equal(undefined);
    expect(resourceAttribute({ name: 'tag', key: 'env' }, request)).to.equal('prod');
    expect(resourceAttribute({ name: 'tag', key: 'constructor' }, { resource: { attributes: { tag: {} } } })).to.equal(
      undefined,
    );
  });

  it('checks an approver the same way', () => {
    expect(checkApprover({ email: ' SEC@example.com', groups: [{ directory: 'okta', id: 'g1' }] })).to.deep.equal({
      approver: { email: 'sec@example.com', groups: [{ directory: 'okta', id: 'g1' }] },
      problems: [],
    });
    expect(checkApprover({ email: 'sec@example.com', groups: new Set() }).problems).to.deep.equal([
      {
        code: 'request.not-plain-data',
        subject: 'approver',
        pointer: '/groups',
        part: 'value',
        message: '`groups` must be text, a number, true/false, a list or a mapping, not a Set',
      },
    ]);
    expect(checkApprover({ emails: 'sec@example.com' }).problems.map((p) => p.message)).to.deep.equal([
      'unknown key `emails` in the approver; did you mean `email`?',
    ]);
  });
});
