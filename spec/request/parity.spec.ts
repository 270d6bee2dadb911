// Every entry point refuses the same requests, with the same problems: the request file reader, `decide`,
// `canApprove`, and a host's own json-rules-engine `Engine` with the plugin and the compiled rules. The rules
// here approve anything they are given (a standing grant; a group member or a security reviewer as
// approver), and they read the request only through JSONPath conditions, never through a fact of the
// plugin's: a bad request that slipped past the check at any entry point would be approved there.
import { expect } from 'chai';
import { Almanac, Engine, Fact, type Event } from 'json-rules-engine';
import { compileRules, EVENT, FACT } from '../../plugin/compile/compile.js';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import { outcomeOf } from '../../plugin/engine/host-outcome.js';
import { installOnCallPlugin } from '../../plugin/engine/plugin.js';
import { InvalidRequestError, parseRequest, type AccessRequest, type Approver } from '../../plugin/request/index.js';
import { loadRoutingText } from '../../plugin/routing/load.js';
import { createFakeProvider } from '../engine/support/fake-provider.js';
import { NOW, WORLD } from '../engine/support/rules.js';

const ROUTING = `
- name: standing access for everyone
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: persistent }]
- name: staff approve roles for everyone but the contractors
  requestor: { type: group, groups: [{ directory: okta, id: contractors }], effect: remove }
  resource: { type: integration, service: aws, accessType: role }
  approval: [{ type: group, groups: [{ directory: okta, id: staff }] }]
- name: a security reviewer may approve
  requestor: { type: any }
  resource: { type: any }
  approval: [{ type: p0 }]
`;
const REVIEWERS = ['sec@example.com'];
const APPROVER: Approver = { email: 'sec@example.com' };
const GOOD: AccessRequest = { requestor: { email: 'alice@example.com' }, resource: { service: 'aws' } };

function rules() {
  const { rules: loaded, problems } = loadRoutingText(ROUTING, 'parity.routing.yaml');
  expect(problems).to.deep.equal([]);
  return loaded;
}

const approvalEngine = () =>
  createApprovalEngine({
    rules: rules(),
    providers: { incidentio: createFakeProvider(WORLD) },
    reviewers: REVIEWERS,
    clock: () => NOW,
  });

function hostEngine(): Engine {
  const engine = new Engine();
  installOnCallPlugin(engine, { providers: { incidentio: createFakeProvider(WORLD) }, reviewers: REVIEWERS });
  // Through JSON text, as a host reading `oncall-approval compile` output would.
  for (const rule of JSON.parse(JSON.stringify(compileRules(rules()))).rules) engine.addRule(rule);
  return engine;
}

type Found = Array<{ code?: string; pointer: string }>;

const sorted = (found: Found) => [...found].sort((a, b) => (a.pointer + a.code < b.pointer + b.code ? -1 : 1));

/**
 * The problems an entry point refused with; fails the test when it decided instead. `decide` and `canApprove`
 * reject with InvalidRequestError; a host's Engine never rejects its run: the run ends with the plugin's
 * denial, which carries the same problems.
 */
async function refusal(attempt: Promise<unknown>): Promise<Found> {
  const outcome = await attempt.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if ('error' in outcome) {
    expect(outcome.error).to.be.instanceOf(InvalidRequestError);
    return sorted((outcome.error as InvalidRequestError).problems.map(({ code, pointer }) => ({ code, pointer })));
  }
  const events = (outcome.result as { events?: Event[] }).events;
  if (!Array.isArray(events)) expect.fail(`decided instead of refusing: ${JSON.stringify(outcome.result)}`);
  const host = outcomeOf(events);
  if (host.problems === undefined) expect.fail(`a host's Engine decided instead of refusing: ${JSON.stringify(host)}`);
  expect(host.decision).to.equal('denied');
  expect(events.map((e) => e.type)).to.deep.equal([EVENT.invalid]);
  return sorted(host.problems.map(({ code, pointer }) => ({ code, pointer })));
}

function fromText(request: unknown): Found {
  const { request: read, problems } = parseRequest(JSON.stringify(request, null, 2), 'request.json');
  expect(read, 'the reader returned a request').to.equal(undefined);
  return sorted(problems.map((p) => ({ code: p.code, pointer: p.path })));
}

/** Every way in for a request, each refusing with its problems. */
async function everyRefusal(request: unknown): Promise<Record<string, Found>> {
  const asked = request as AccessRequest;
  const viaAlmanac = new Almanac();
  viaAlmanac.addFact(FACT.request, request);
  return {
    'request file': fromText(request),
    decide: await refusal(approvalEngine().decide(asked)),
    canApprove: await refusal(approvalEngine().canApprove(asked, APPROVER)),
    'host Engine, deciding': await refusal(hostEngine().run({ [FACT.request]: request, [FACT.now]: NOW })),
    'host Engine, asked for an approver': await refusal(
      hostEngine().run({ [FACT.request]: request, [FACT.approver]: APPROVER, [FACT.now]: NOW }),
    ),
    "host Engine, the request in the host's Almanac": await refusal(
      hostEngine().run({ [FACT.now]: NOW }, { almanac: viaAlmanac }),
    ),
    'host Engine, the request computed by a Fact': await refusal(
      hostEngine().run({ [FACT.request]: new Fact(FACT.request, async () => request), [FACT.now]: NOW }),
    ),
  };
}

const BAD_REQUESTS: Array<{ name: string; request: unknown; problems: Found }> = [
  {
    name: 'requestor.groups given as an object',
    request: {
      requestor: { email: 'alice@example.com', groups: { directory: 'okta', id: 'g1' } },
      resource: { service: 'aws' },
    },
    problems: [{ code: 'request.wrong-type', pointer: '/requestor/groups' }],
  },
  {
    name: 'resource.accessType given as a list',
    request: { requestor: { email: 'alice@example.com' }, resource: { service: 'aws', accessType: ['role'] } },
    problems: [{ code: 'request.wrong-type', pointer: '/resource/accessType' }],
  },
  {
    name: 'a misspelt `attributes`',
    request: {
      requestor: { email: 'alice@example.com' },
      resource: { service: 'aws', attribute: { tag: { env: 'prod' } } },
    },
    problems: [{ code: 'request.unknown-field', pointer: '/resource/attribute' }],
  },
  {
    name: 'a misspelt `accessType`',
    request: { requestor: { email: 'alice@example.com' }, resource: { service: 'aws', access_type: 'role' } },
    problems: [{ code: 'request.unknown-field', pointer: '/resource/access_type' }],
  },
  {
    name: 'a misspelt `groups`, which would make a contractor look like nobody in particular',
    request: {
      requestor: { email: 'alice@example.com', group: [{ directory: 'okta', id: 'contractors' }] },
      resource: { service: 'aws' },
    },
    problems: [{ code: 'request.unknown-field', pointer: '/requestor/group' }],
  },
  {
    name: 'a misspelt `service` (reported once, not also as missing)',
    request: { requestor: { email: 'alice@example.com' }, resource: { servce: 'aws' } },
    problems: [{ code: 'request.unknown-field', pointer: '/resource/servce' }],
  },
  {
    name: 'an unknown top-level field',
    request: { ...GOOD, reasn: 'INC-1' },
    problems: [{ code: 'request.unknown-field', pointer: '/reasn' }],
  },
  {
    name: 'no requestor email',
    request: { requestor: {}, resource: { service: 'aws' } },
    problems: [{ code: 'request.missing-field', pointer: '/requestor' }],
  },
  {
    name: 'no resource at all',
    request: { requestor: { email: 'alice@example.com' } },
    problems: [{ code: 'request.missing-field', pointer: '' }],
  },
  {
    name: 'a requestor email that is not an email',
    request: { requestor: { email: 'alice' }, resource: { service: 'aws' } },
    problems: [{ code: 'request.not-an-email', pointer: '/requestor/email' }],
  },
  {
    name: 'a blank requestor email',
    request: { requestor: { email: '   ' }, resource: { service: 'aws' } },
    problems: [{ code: 'request.not-an-email', pointer: '/requestor/email' }],
  },
  {
    name: 'an empty service',
    request: { requestor: { email: 'alice@example.com' }, resource: { service: '' } },
    problems: [{ code: 'request.empty-value', pointer: '/resource/service' }],
  },
  {
    name: 'a duration in words',
    request: { ...GOOD, duration: 'four hours' },
    problems: [{ code: 'request.not-a-duration', pointer: '/duration' }],
  },
  {
    name: 'a duration of zero',
    request: { ...GOOD, duration: 'PT0S' },
    problems: [{ code: 'request.duration-not-positive', pointer: '/duration' }],
  },
  {
    name: 'a reason given as a list',
    request: { ...GOOD, reason: ['INC-1'] },
    problems: [{ code: 'request.wrong-type', pointer: '/reason' }],
  },
  {
    name: 'an empty id',
    request: { ...GOOD, id: '' },
    problems: [{ code: 'request.empty-value', pointer: '/id' }],
  },
  {
    name: 'an attribute value nested in a list, where a remove filter cannot see it',
    request: {
      requestor: { email: 'alice@example.com' },
      resource: { service: 'aws', attributes: { tag: { env: ['prod'] } } },
    },
    problems: [{ code: 'request.wrong-type', pointer: '/resource/attributes/tag/env' }],
  },
  {
    name: 'an attribute that is not a mapping of fields',
    request: { requestor: { email: 'alice@example.com' }, resource: { service: 'aws', attributes: { tag: 'prod' } } },
    problems: [{ code: 'request.wrong-type', pointer: '/resource/attributes/tag' }],
  },
  {
    name: 'a profile field that is not text',
    request: { requestor: { email: 'alice@example.com', profile: { manager: 5 } }, resource: { service: 'aws' } },
    problems: [{ code: 'request.wrong-type', pointer: '/requestor/profile/manager' }],
  },
  {
    name: 'a group in an unknown directory',
    request: {
      requestor: { email: 'alice@example.com', groups: [{ directory: 'ldap', id: 'g1' }] },
      resource: { service: 'aws' },
    },
    problems: [{ code: 'request.not-one-of', pointer: '/requestor/groups/0/directory' }],
  },
  {
    name: 'a group without an id',
    request: {
      requestor: { email: 'alice@example.com', groups: [{ directory: 'okta' }] },
      resource: { service: 'aws' },
    },
    problems: [{ code: 'request.missing-field', pointer: '/requestor/groups/0' }],
  },
  {
    name: 'several mistakes at once, each reported',
    request: {
      requestor: { email: 'alice@example.com', groups: { directory: 'okta', id: 'g1' } },
      resource: { service: 'aws', access_type: 'role' },
      duration: 'PT0S',
    },
    problems: [
      { code: 'request.duration-not-positive', pointer: '/duration' },
      { code: 'request.wrong-type', pointer: '/requestor/groups' },
      { code: 'request.unknown-field', pointer: '/resource/access_type' },
    ],
  },
  {
    name: 'a list instead of a request',
    request: [GOOD],
    problems: [{ code: 'request.not-a-mapping', pointer: '' }],
  },
  {
    name: 'an email instead of a request',
    request: 'alice@example.com',
    problems: [{ code: 'request.not-a-mapping', pointer: '' }],
  },
];

describe('request: every entry point accepts and refuses the same requests', () => {
  it('approves the well-formed request everywhere (the control case)', async () => {
    expect(parseRequest(JSON.stringify(GOOD), 'request.json')).to.deep.equal({ request: GOOD, problems: [] });
    expect((await approvalEngine().decide(GOOD)).decision).to.equal('approved');
    expect((await approvalEngine().canApprove(GOOD, APPROVER)).allowed).to.equal(true);
    expect(outcomeOf((await hostEngine().run({ [FACT.request]: GOOD, [FACT.now]: NOW })).events).decision).to.equal(
      'approved',
    );
    const asked = outcomeOf(
      (await hostEngine().run({ [FACT.request]: GOOD, [FACT.approver]: APPROVER, [FACT.now]: NOW })).events,
    );
    expect(asked.allowed).to.equal(true);
  });

  for (const row of BAD_REQUESTS) {
    it(`refuses ${row.name}, with the same problems everywhere`, async () => {
      const expected = sorted(row.problems);
      for (const [entry, found] of Object.entries(await everyRefusal(row.request))) {
        expect(found, entry).to.deep.equal(expected);
      }
    });
  }

  it('places each problem in the request file where its pointer leads', () => {
    const text =
      '{\n  "requestor": { "email": "alice@example.com", "groups": {} },\n  "resource": { "service": "aws", "access_type": "role" }\n}\n';
    const at = parseRequest(text, 'r.json').problems.map((p) => `${p.line}:${p.column} ${p.code} ${p.path}`);
    expect(at).to.deep.equal([
      '2:58 request.wrong-type /requestor/groups',
      '3:35 request.unknown-field /resource/access_type',
    ]);
  });

  it('refuses reserved names everywhere: the reader as it reads, the others in the check', async () => {
    const request = {
      requestor: { email: 'alice@example.com', profile: { constructor: 'x' } },
      resource: { service: 'aws' },
    };
    const read = parseRequest(JSON.stringify(request), 'request.json');
    expect(read.request).to.equal(undefined);
    expect(read.problems.map((p) => p.path)).to.deep.equal(['/requestor/profile/constructor']);
    const expected = [{ code: 'request.reserved-name', pointer: '/requestor/profile/constructor' }];
    expect(await refusal(approvalEngine().decide(request as AccessRequest))).to.deep.equal(expected);
    expect(await refusal(hostEngine().run({ [FACT.request]: request, [FACT.now]: NOW }))).to.deep.equal(expected);
  });

  const BAD_APPROVERS: Array<{ name: string; approver: unknown; problems: Found }> = [
    {
      name: 'a blank email',
      approver: { email: '  ' },
      problems: [{ code: 'request.not-an-email', pointer: '/email' }],
    },
    { name: 'no email', approver: { groups: [] }, problems: [{ code: 'request.missing-field', pointer: '' }] },
    {
      name: 'groups given as an object',
      approver: { email: 'sec@example.com', groups: { directory: 'okta', id: 'g1' } },
      problems: [{ code: 'request.wrong-type', pointer: '/groups' }],
    },
    {
      name: 'a misspelt `groups`',
      approver: { email: 'sec@example.com', group: [{ directory: 'okta', id: 'g1' }] },
      problems: [{ code: 'request.unknown-field', pointer: '/group' }],
    },
    {
      name: 'a group in an unknown directory',
      approver: { email: 'sec@example.com', groups: [{ directory: 'okta\u0000', id: 'g1' }] },
      problems: [{ code: 'request.not-one-of', pointer: '/groups/0/directory' }],
    },
    {
      name: 'an email instead of an approver',
      approver: 'sec@example.com',
      problems: [{ code: 'request.not-a-mapping', pointer: '' }],
    },
  ];

  for (const row of BAD_APPROVERS) {
    it(`refuses an approver with ${row.name} in canApprove and in a host's Engine alike`, async () => {
      const expected = sorted(row.problems);
      expect(await refusal(approvalEngine().canApprove(GOOD, row.approver as Approver))).to.deep.equal(expected);
      expect(
        await refusal(hostEngine().run({ [FACT.request]: GOOD, [FACT.approver]: row.approver, [FACT.now]: NOW })),
      ).to.deep.equal(expected);
    });
  }

  it('lists the problems of the request and of the approver together', async () => {
    const error = await approvalEngine()
      .canApprove({ ...GOOD, reasn: 'x' } as AccessRequest, { email: 'nobody' })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).problems.map((p) => `${p.subject} ${p.pointer}`)).to.deep.equal([
      'request /reasn',
      'approver /email',
    ]);
    expect((error as Error).message).to.equal(
      'reasn: unknown key `reasn` in the request; did you mean `reason`?; approver.email: `email` is `nobody`: must be an email address, such as alice@example.com',
    );
  });

  it("denies a malformed request in a host's Engine without rejecting the run, and leaves the Engine ready for the next", async () => {
    const engine = hostEngine();
    const seen: string[] = [];
    engine.on('success', (event) => {
      seen.push(event.type);
    });
    await refusal(engine.run({ [FACT.request]: { ...GOOD, reasn: 'x' }, [FACT.now]: NOW }));
    expect(seen, 'events of the refused run').to.deep.equal([EVENT.invalid]);
    expect(outcomeOf((await engine.run({ [FACT.request]: GOOD, [FACT.now]: NOW })).events).decision).to.equal(
      'approved',
    );
    expect(seen).to.include('oncall-approval.approve');
  });

  it("takes a host's `now` given as text only with its zone: without one nobody is on call", async () => {
    const run = async (now: unknown) => {
      const provider = createFakeProvider(WORLD);
      const engine = new Engine();
      installOnCallPlugin(engine, { providers: { incidentio: provider } });
      const auto = loadRoutingText(
        '- { requestor: { type: any }, resource: { type: any }, approval: [{ type: auto, integration: incidentio }] }\n',
        'auto.routing.yaml',
      );
      for (const rule of compileRules(auto.rules).rules) engine.addRule(rule);
      return outcomeOf((await engine.run({ [FACT.request]: GOOD, [FACT.now]: now })).events).decision;
    };
    expect(await run('2026-11-26T08:00:00Z')).to.equal('approved');
    expect(await run('2026-11-26T09:00:00+01:00')).to.equal('approved');
    expect(await run(NOW.getTime())).to.equal('approved');
    for (const now of ['2026-11-26T08:00:00', '2026-11-26', 'Thu, 26 Nov 2026 08:00:00 GMT', 'now'])
      expect(await run(now), now).to.not.equal('approved');
  });

  it('never asks a provider about a request it refuses, however the host supplies the request', async () => {
    const provider = createFakeProvider(WORLD);
    const engine = new Engine();
    installOnCallPlugin(engine, { providers: { incidentio: provider } });
    const auto = loadRoutingText(
      '- { requestor: { type: any }, resource: { type: any }, approval: [{ type: auto, integration: incidentio }] }\n',
      'auto.routing.yaml',
    );
    for (const rule of compileRules(auto.rules).rules) engine.addRule(rule);
    const almanac = new Almanac();
    almanac.addFact(FACT.request, {
      requestor: { email: 'alice@example.com', groups: {} },
      resource: { service: 'aws' },
    });
    expect(await refusal(engine.run({ [FACT.now]: NOW }, { almanac }))).to.deep.equal([
      { code: 'request.wrong-type', pointer: '/requestor/groups' },
    ]);
    expect(provider.calls).to.deep.equal({ onCallFor: 0, onCallAny: 0 });
  });
});
