// Requests are read like routing files (YAML or JSON, guarded, located problems) and checked against
// schemas/request.schema.json before anything decides on them.
import { expect } from 'chai';
import { parseRequest } from '../../plugin/request/index.js';

const example = {
  id: 'req-42',
  requestor: {
    email: 'alice@example.com',
    groups: [{ directory: 'okta', id: '00g1' }],
    profile: { manager: 'bob@example.com' },
  },
  resource: {
    service: 'aws',
    accessType: 'permission-set',
    attributes: { 'permission-set': { name: 'ReadOnly' }, tag: { env: 'prod' } },
  },
  reason: 'INC-1234 database failover',
  duration: 'PT4H',
};

const problemsOf = (text: string, file = 'req.yaml') =>
  parseRequest(text, file).problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`);

describe('request: reading request files', () => {
  it('accepts the example request of the routing language, as JSON and as YAML', () => {
    const fromJson = parseRequest(JSON.stringify(example, null, 2), 'req.json');
    expect(fromJson.problems).to.deep.equal([]);
    expect(fromJson.request).to.deep.equal(example);
    const yaml = 'requestor:\n  email: alice@example.com\nresource:\n  service: aws\n';
    expect(parseRequest(yaml, 'req.yaml')).to.deep.equal({
      request: { requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } },
      problems: [],
    });
  });

  it('requires requestor.email and resource.service, located at the mapping that lacks them', () => {
    expect(problemsOf('requestor: { name: alice }\nresource: {}\n')).to.deep.equal(
      [
        '1:14 request.unknown-field unknown key `name` in `requestor`; allowed keys: email, groups, profile',
        "1:12 request.missing-field `requestor` is missing `email`: the requestor's email address",
        '2:11 request.missing-field `resource` is missing `service`: the service the rule covers, e.g. `aws`',
      ].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
  });

  it('refuses a bad duration, a bad email and misspelt fields, one message each', () => {
    expect(problemsOf('requestor: { email: alice }\nresource: { service: aws }\nduration: 4 hours\n')).to.deep.equal([
      '1:21 request.not-an-email `email` is `alice`: must be an email address, such as alice@example.com',
      '3:11 request.not-a-duration `duration` is `4 hours`: must be an ISO 8601 duration, such as PT4H (four hours) or P1D (one day)',
    ]);
    expect(problemsOf('requestor: { email: a@example.com }\nresource: { service: aws }\nreasn: x\n')).to.deep.equal([
      '3:1 request.unknown-field unknown key `reasn` in the request; did you mean `reason`?',
    ]);
  });

  it('accepts ISO 8601 durations and refuses look-alikes', () => {
    const base = 'requestor: { email: a@example.com }\nresource: { service: aws }\nduration: ';
    for (const d of ['PT4H', 'P1D', 'PT30M', 'P1DT2H', 'PT0.5S', 'P2W'])
      expect(problemsOf(base + d), d).to.deep.equal([]);
    for (const d of ['P', 'PT', '4H', 'PT4', 'P1H', 'pt4h']) expect(problemsOf(base + d), d).to.have.length(1);
    // ISO 8601 allows a decimal fraction on the last component written, and only there.
    for (const d of ['PT1.5H', 'P1.5D', 'PT2.25M']) expect(problemsOf(base + d), d).to.deep.equal([]);
    for (const d of ['P1.5DT2H', 'PT1.5H30M', 'PT1,5H', 'PT.5H', 'P1Y-1D'])
      expect(problemsOf(base + d), d).to.have.length(1);
  });

  it('refuses a duration of the right form that is not longer than zero, on the `duration:` line', () => {
    const base = 'requestor: { email: a@example.com }\nresource: { service: aws }\nduration: ';
    for (const d of ['PT0S', 'P0D', 'PT0.0001S']) {
      const { request, problems } = parseRequest(base + d, 'req.yaml');
      expect(request, d).to.equal(undefined);
      expect(
        problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.path}`),
        d,
      ).to.deep.equal(['3:1 request.duration-not-positive /duration']);
    }
  });

  it('refuses reserved names in attribute and profile maps', () => {
    const json =
      '{"requestor": {"email": "a@example.com", "profile": {"constructor": "x"}}, "resource": {"service": "aws"}}';
    const problems = problemsOf(json, 'req.json');
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^1:54 parse\.reserved-key `constructor` cannot be used as a key/);
  });

  it('says what is wrong with a request that is not a mapping, or is empty', () => {
    expect(problemsOf('[1, 2]\n')).to.deep.equal([
      '1:1 request.not-a-mapping a request must be a mapping with `requestor` and `resource`, but this file holds a list',
    ]);
    expect(problemsOf('')).to.deep.equal([
      '1:1 request.empty-document the request is empty: it needs at least `requestor.email` and `resource.service`',
    ]);
  });

  it('attribute values are text, numbers or true/false', () => {
    const base = 'requestor: { email: a@example.com }\nresource: { service: aws, attributes: { tag: { env: ';
    expect(problemsOf(base + 'prod, critical: true, tier: 1 } } }\n')).to.deep.equal([]);
    expect(problemsOf(base + '[prod] } } }\n')).to.deep.equal([
      '2:53 request.wrong-type `env` must be text, a number or true or false, not a list',
    ]);
  });
});
