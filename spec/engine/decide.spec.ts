// Every step of a decision (README, "How a decision is made"): requestor and resource matchers, each approval
// type and option, deny precedence, persistent, empty approval, no match, default routing, grants, failed lookups.
import { expect } from 'chai';
import { createApprovalEngine } from '../../plugin/engine/approval-engine.js';
import type { Decision } from '../../plugin/engine/decision-types.js';
import { InvalidRequestError, type AccessRequest } from '../../plugin/request/index.js';
import type { ApprovalEntry, Rule } from '../../plugin/routing/types.js';
import { createFakeProvider, type FakeProviderOptions } from './support/fake-provider.js';
import { DATABASE, NOW, PRIMARY, ruleSet, SECURITY, WORLD } from './support/rules.js';

type RuleSpec = Partial<Rule> & { approval: ApprovalEntry[] };

interface Row {
  name: string;
  /** undefined: default routing. */
  rules: RuleSpec[] | undefined;
  request?: Partial<Omit<AccessRequest, 'requestor' | 'resource'>> & {
    requestor?: Partial<AccessRequest['requestor']>;
    resource?: Partial<AccessRequest['resource']>;
  };
  provider?: FakeProviderOptions;
  noProvider?: boolean;
  reviewers?: string[];
  expect: {
    decision: Decision['decision'];
    decidedBy?: { rule: string; entry: number };
    grantDuration?: string;
    expiresAt?: string;
    open?: Array<{ rule: string; entry: number; approvers?: string[] }>;
    closed?: Array<{ rule: string; entry: number; why: RegExp }>;
    reasons?: RegExp[];
  };
}

const anyService = (approval: ApprovalEntry[], extra: Partial<Rule> = {}): RuleSpec => ({
  name: 'r',
  approval,
  ...extra,
});
const auto: ApprovalEntry = { type: 'auto', integration: 'incidentio' };
const persistent: ApprovalEntry = { type: 'persistent' };
const p0: ApprovalEntry = { type: 'p0' };
const okta1 = { directory: 'okta' as const, id: '00g1', label: 'sre' };

function request(spec: Row['request'] = {}): AccessRequest {
  return {
    ...spec,
    requestor: { email: 'alice@example.com', ...(spec.requestor ?? {}) },
    resource: { service: 'aws', ...(spec.resource ?? {}) },
  } as AccessRequest;
}

const rows: Row[] = [
  // --- requestor matchers
  {
    name: 'requestor any matches everyone',
    rules: [anyService([persistent])],
    request: { requestor: { email: 'zed@example.com' } },
    expect: { decision: 'approved', decidedBy: { rule: 'r', entry: 0 } },
  },
  {
    name: 'requestor user matches its uid, trimmed and case-insensitive',
    rules: [anyService([persistent], { requestor: { type: 'user', uid: ' Alice@Example.COM ' } })],
    expect: { decision: 'approved' },
  },
  {
    name: 'requestor user does not match someone else',
    rules: [anyService([persistent], { requestor: { type: 'user', uid: 'bob@example.com' } })],
    expect: { decision: 'denied', reasons: [/No routing rule matches alice@example.com requesting aws/] },
  },
  {
    name: 'requestor group keep matches a member',
    rules: [anyService([persistent], { requestor: { type: 'group', groups: [okta1], effect: 'keep' } })],
    request: { requestor: { groups: [{ directory: 'okta', id: '00g1' }] } },
    expect: { decision: 'approved' },
  },
  {
    name: 'requestor group keep needs the same directory',
    rules: [anyService([persistent], { requestor: { type: 'group', groups: [okta1], effect: 'keep' } })],
    request: { requestor: { groups: [{ directory: 'azure-ad', id: '00g1' }] } },
    expect: { decision: 'denied' },
  },
  {
    name: 'requestor group keep does not match a non-member',
    rules: [anyService([persistent], { requestor: { type: 'group', groups: [okta1], effect: 'keep' } })],
    expect: { decision: 'denied' },
  },
  {
    name: 'requestor group remove does not match a member',
    rules: [anyService([persistent], { requestor: { type: 'group', groups: [okta1], effect: 'remove' } })],
    request: { requestor: { groups: [{ directory: 'okta', id: '00g1' }] } },
    expect: { decision: 'denied' },
  },
  {
    name: 'requestor group remove matches someone in none of the groups',
    rules: [anyService([persistent], { requestor: { type: 'group', groups: [okta1], effect: 'remove' } })],
    request: { requestor: { groups: [{ directory: 'okta', id: '00g9' }] } },
    expect: { decision: 'approved' },
  },
  // --- resource matchers
  {
    name: 'resource integration matches its service',
    rules: [anyService([persistent], { resource: { type: 'integration', service: 'aws' } })],
    expect: { decision: 'approved' },
  },
  {
    name: 'resource integration does not match another service',
    rules: [anyService([persistent], { resource: { type: 'integration', service: 'gcp' } })],
    expect: { decision: 'denied' },
  },
  {
    name: 'resource accessType must equal',
    rules: [anyService([persistent], { resource: { type: 'integration', service: 'aws', accessType: 'role' } })],
    request: { resource: { accessType: 'permission-set' } },
    expect: { decision: 'denied' },
  },
  {
    name: 'resource accessType equal matches',
    rules: [anyService([persistent], { resource: { type: 'integration', service: 'aws', accessType: 'role' } })],
    request: { resource: { accessType: 'role' } },
    expect: { decision: 'approved' },
  },
  {
    name: 'resource accessType any matches every access type',
    rules: [anyService([persistent], { resource: { type: 'integration', service: 'aws', accessType: 'any' } })],
    request: { resource: { accessType: 'role' } },
    expect: { decision: 'approved' },
  },
  ...filterRows(),
  // --- approval types
  {
    name: 'auto approves a requestor on call for any schedule, for one hour',
    rules: [anyService([auto])],
    expect: {
      decision: 'approved',
      decidedBy: { rule: 'r', entry: 0 },
      grantDuration: 'PT1H',
      expiresAt: '2026-11-26T09:00:00.000Z',
      reasons: [/^alice@example.com is on call for Primary on-call until 2026-11-27T00:00:00Z$/],
    },
  },
  {
    name: 'auto does not approve someone whose shift ended',
    rules: [anyService([auto])],
    request: { requestor: { email: 'bob@example.com' } },
    expect: {
      decision: 'denied',
      closed: [{ rule: 'r', entry: 0, why: /bob@example.com is not on call now for any incidentio schedule/ }],
    },
  },
  {
    name: 'auto does not approve someone whose shift starts later',
    rules: [anyService([auto])],
    request: { requestor: { email: 'erin@example.com' } },
    expect: { decision: 'denied' },
  },
  {
    name: 'auto with services approves only for those schedules',
    rules: [anyService([{ ...auto, services: [DATABASE] }])],
    expect: { decision: 'denied', closed: [{ rule: 'r', entry: 0, why: /not on call now for Database on-call/ }] },
  },
  {
    name: 'auto with services approves someone on call for one of them',
    rules: [anyService([{ ...auto, services: [SECURITY, PRIMARY] }])],
    expect: { decision: 'approved' },
  },
  {
    name: 'auto grants the requested duration when shorter',
    rules: [anyService([auto])],
    request: { duration: 'PT30M' },
    expect: { decision: 'approved', grantDuration: 'PT30M', expiresAt: '2026-11-26T08:30:00.000Z' },
  },
  {
    name: 'auto grants one hour when more is requested',
    rules: [anyService([auto])],
    request: { duration: 'PT4H' },
    expect: { decision: 'approved', grantDuration: 'PT1H', expiresAt: '2026-11-26T09:00:00.000Z' },
  },
  {
    name: 'escalation is pending with the people on call for its schedules',
    rules: [anyService([{ type: 'escalation', integration: 'incidentio', services: [DATABASE, SECURITY] }])],
    request: { requestor: { email: 'bob@example.com' } },
    expect: {
      decision: 'pending',
      open: [{ rule: 'r', entry: 0, approvers: ['carol@example.com', 'dave@example.com'] }],
    },
  },
  {
    name: 'escalation does not list the requestor as an approver',
    rules: [anyService([{ type: 'escalation', integration: 'incidentio', services: [PRIMARY] }])],
    expect: { decision: 'pending', open: [{ rule: 'r', entry: 0, approvers: [] }] },
  },
  {
    name: 'escalation lists the requestor when one party is allowed',
    rules: [
      anyService([
        { type: 'escalation', integration: 'incidentio', services: [PRIMARY], options: { allowOneParty: true } },
      ]),
    ],
    expect: { decision: 'pending', open: [{ rule: 'r', entry: 0, approvers: ['alice@example.com'] }] },
  },
  {
    name: 'escalation through pagerduty (not installed) is closed',
    rules: [anyService([{ type: 'escalation', integration: 'pagerduty', services: ['P123'] }])],
    expect: { decision: 'denied', closed: [{ rule: 'r', entry: 0, why: /integration pagerduty is not installed/ }] },
  },
  {
    name: 'auto through pagerduty (not installed) never approves',
    rules: [anyService([{ type: 'auto', integration: 'pagerduty' }])],
    expect: { decision: 'denied', closed: [{ rule: 'r', entry: 0, why: /pagerduty is not installed/ }] },
  },
  {
    name: 'group is pending for members of the groups',
    rules: [anyService([{ type: 'group', groups: [okta1], effect: 'keep' }])],
    expect: { decision: 'pending', open: [{ rule: 'r', entry: 0 }] },
  },
  {
    name: 'p0 is pending with the security reviewers',
    rules: [anyService([p0])],
    reviewers: ['sec@example.com', 'Alice@example.com'],
    expect: { decision: 'pending', open: [{ rule: 'r', entry: 0, approvers: ['sec@example.com'] }] },
  },
  {
    name: 'p0 with no reviewers has no open path',
    rules: [anyService([p0])],
    expect: { decision: 'denied', closed: [{ rule: 'r', entry: 0, why: /no security reviewer/ }] },
  },
  {
    name: 'p0 whose only reviewer is the requestor has no open path',
    rules: [anyService([p0])],
    reviewers: ['alice@example.com'],
    expect: { decision: 'denied' },
  },
  {
    name: 'requestor-profile is pending with the manager',
    rules: [anyService([{ type: 'requestor-profile', directory: 'okta' }])],
    request: { requestor: { profile: { manager: ' Bob@example.com' } } },
    expect: { decision: 'pending', open: [{ rule: 'r', entry: 0, approvers: ['bob@example.com'] }] },
  },
  {
    name: 'requestor-profile reads the configured property',
    rules: [anyService([{ type: 'requestor-profile', directory: 'okta', profileProperty: 'lead' }])],
    request: { requestor: { profile: { manager: 'bob@example.com' } } },
    expect: { decision: 'denied', closed: [{ rule: 'r', entry: 0, why: /profile names no lead/ }] },
  },
  {
    name: 'requestor-profile naming the requestor is closed',
    rules: [anyService([{ type: 'requestor-profile', directory: 'okta' }])],
    request: { requestor: { profile: { manager: 'alice@example.com' } } },
    expect: { decision: 'denied' },
  },
  {
    name: 'persistent approves with no expiry',
    rules: [anyService([persistent])],
    expect: { decision: 'approved', reasons: [/standing access; approved with no expiry/] },
  },
  {
    name: 'persistent with a requested duration expires then',
    rules: [anyService([persistent])],
    request: { duration: 'P1D' },
    expect: { decision: 'approved', grantDuration: 'P1D', expiresAt: '2026-11-27T08:00:00.000Z' },
  },
  {
    name: 'deny denies',
    rules: [anyService([{ type: 'deny' }])],
    expect: { decision: 'denied', decidedBy: { rule: 'r', entry: 0 } },
  },
  // --- precedence and empty approval
  {
    name: 'a matching deny wins over persistent and auto in other rules',
    rules: [
      { name: 'a', approval: [persistent, auto] },
      { name: 'b', approval: [{ type: 'deny' }] },
    ],
    expect: { decision: 'denied', decidedBy: { rule: 'b', entry: 0 } },
  },
  {
    name: 'a deny that does not match changes nothing',
    rules: [
      { name: 'a', approval: [persistent] },
      { name: 'b', approval: [{ type: 'deny' }], resource: { type: 'integration', service: 'gcp' } },
    ],
    expect: { decision: 'approved', decidedBy: { rule: 'a', entry: 0 } },
  },
  {
    name: 'persistent decides before auto',
    rules: [
      { name: 'a', approval: [auto] },
      { name: 'b', approval: [persistent] },
    ],
    expect: { decision: 'approved', decidedBy: { rule: 'b', entry: 0 } },
  },
  {
    name: 'auto approves even when an escalation path exists',
    rules: [{ name: 'a', approval: [{ type: 'escalation', integration: 'incidentio', services: [DATABASE] }, auto] }],
    expect: { decision: 'approved', decidedBy: { rule: 'a', entry: 1 } },
  },
  {
    name: 'a matching rule with no approval entries gives no access',
    rules: [{ name: 'empty', approval: [] }],
    expect: { decision: 'denied', reasons: [/matches but has no approval entries/] },
  },
  {
    name: 'an empty rule does not take away what another rule gives',
    rules: [
      { name: 'empty', approval: [] },
      { name: 'p', approval: [p0] },
    ],
    reviewers: ['sec@example.com'],
    expect: { decision: 'pending' },
  },
  {
    name: 'a disabled rule is never used',
    rules: [{ name: 'off', disabled: true, approval: [persistent] }],
    expect: { decision: 'denied' },
  },
  {
    name: 'unnamed rules are named by position',
    rules: [{ name: 'a', approval: [p0] }, { approval: [{ type: 'deny' }] }],
    expect: {
      decision: 'denied',
      decidedBy: { rule: '#2', entry: 0 },
      reasons: [/^Rule #2, entry 0 \(deny\) denies this request\.$/],
    },
  },
  // --- options
  {
    name: 'requireReason closes a path when the reason is blank',
    rules: [anyService([{ ...p0, options: { requireReason: true } }])],
    reviewers: ['sec@example.com'],
    request: { reason: '   ' },
    expect: { decision: 'denied', closed: [{ rule: 'r', entry: 0, why: /gives no reason/ }] },
  },
  {
    name: 'requireReason keeps a path open when a reason is given',
    rules: [anyService([{ ...p0, options: { requireReason: true } }])],
    reviewers: ['sec@example.com'],
    request: { reason: 'INC-1234' },
    expect: { decision: 'pending' },
  },
  {
    name: 'requireReason stops auto approval without a reason',
    rules: [anyService([{ ...auto, options: { requireReason: true } }])],
    expect: { decision: 'denied', closed: [{ rule: 'r', entry: 0, why: /gives no reason/ }] },
  },
  {
    name: 'requireReason lets auto approve with a reason',
    rules: [anyService([{ ...auto, options: { requireReason: true } }])],
    request: { reason: 'INC-1234 failover' },
    expect: { decision: 'approved' },
  },
  {
    name: 'requireDuration closes a path without a duration',
    rules: [anyService([{ type: 'group', groups: [okta1], options: { requireDuration: true } }])],
    expect: { decision: 'denied', closed: [{ rule: 'r', entry: 0, why: /gives no duration/ }] },
  },
  {
    name: 'requireDuration keeps a path open with a duration',
    rules: [anyService([{ type: 'group', groups: [okta1], options: { requireDuration: true } }])],
    request: { duration: 'PT2H' },
    expect: { decision: 'pending' },
  },
  {
    name: 'a closed path is listed beside an open one',
    rules: [
      anyService([
        { ...p0, options: { requireReason: true } },
        { type: 'group', groups: [okta1] },
      ]),
    ],
    reviewers: ['sec@example.com'],
    expect: {
      decision: 'pending',
      open: [{ rule: 'r', entry: 1 }],
      closed: [{ rule: 'r', entry: 0, why: /gives no reason/ }],
    },
  },
  // --- default routing
  {
    name: 'default routing approves a requestor on call',
    rules: undefined,
    expect: { decision: 'approved', decidedBy: { rule: 'default routing', entry: 1 }, grantDuration: 'PT1H' },
  },
  {
    name: 'default routing sends everyone else to a security reviewer',
    rules: undefined,
    reviewers: ['sec@example.com'],
    request: { requestor: { email: 'bob@example.com' } },
    expect: { decision: 'pending', open: [{ rule: 'default routing', entry: 0, approvers: ['sec@example.com'] }] },
  },
  {
    name: 'default routing without reviewers denies someone not on call',
    rules: undefined,
    request: { requestor: { email: 'bob@example.com' } },
    expect: { decision: 'denied' },
  },
  {
    name: 'default routing without any provider only has reviewers',
    rules: undefined,
    noProvider: true,
    reviewers: ['sec@example.com'],
    expect: { decision: 'pending', open: [{ rule: 'default routing', entry: 0 }] },
  },
  // --- failed lookups: never approved
  {
    name: 'a failed lookup of the only schedule with the requestor never approves',
    rules: [anyService([auto])],
    provider: { failing: [PRIMARY] },
    expect: {
      decision: 'denied',
      reasons: [/lookup for Primary on-call \(01HPRIMARY0000000000000000\) failed \(incident.io answered 503\)/],
    },
  },
  {
    name: 'a provider that throws never approves',
    rules: [anyService([auto])],
    provider: { throws: true },
    expect: { decision: 'denied', reasons: [/connection reset by peer/] },
  },
  {
    name: 'an unreadable schedule list never approves',
    rules: [anyService([auto])],
    provider: { listFails: true },
    expect: { decision: 'denied', reasons: [/list of incidentio schedules could not be read/] },
  },
  {
    name: 'a positive answer from a schedule that answered still counts',
    rules: [anyService([{ ...auto, services: [DATABASE, PRIMARY] }])],
    provider: { failing: [DATABASE] },
    expect: { decision: 'approved', reasons: [/on call for Primary on-call/, /lookup for Database on-call .* failed/] },
  },
  {
    name: 'escalation with a failed lookup stays pending and says which schedule failed',
    rules: [anyService([{ type: 'escalation', integration: 'incidentio', services: [DATABASE, SECURITY] }])],
    provider: { failing: [DATABASE] },
    expect: {
      decision: 'pending',
      open: [{ rule: 'r', entry: 0, approvers: ['dave@example.com'] }],
      reasons: [/Database on-call .* failed/],
    },
  },
];

function filterRows(): Row[] {
  const withFilter = (filters: Record<string, import('../../plugin/routing/types.js').ResourceFilter>): RuleSpec[] => [
    anyService([persistent], { resource: { type: 'integration', service: 'aws', filters } }),
  ];
  const tagged = (env: unknown) => ({ resource: { attributes: { tag: { env } } } });
  return [
    {
      name: 'filter keep admits a matching attribute',
      rules: withFilter({ tag: { effect: 'keep', key: 'env', pattern: 'prod' } }),
      request: tagged('production'),
      expect: { decision: 'approved' },
    },
    {
      name: 'filter keep refuses a non-matching attribute',
      rules: withFilter({ tag: { effect: 'keep', key: 'env', pattern: '^prod$' } }),
      request: tagged('production'),
      expect: { decision: 'denied' },
    },
    {
      name: 'filter keep refuses a resource without the attribute',
      rules: withFilter({ tag: { effect: 'keep', key: 'env', pattern: 'prod' } }),
      expect: { decision: 'denied' },
    },
    {
      name: 'filter keep compares a boolean value',
      rules: withFilter({ tag: { effect: 'keep', key: 'env', value: true } }),
      request: tagged(true),
      expect: { decision: 'approved' },
    },
    {
      name: 'filter keep refuses the other boolean',
      rules: withFilter({ tag: { effect: 'keep', key: 'env', value: true } }),
      request: tagged(false),
      expect: { decision: 'denied' },
    },
    {
      name: 'filter remove refuses a matching attribute',
      rules: withFilter({ tag: { effect: 'remove', key: 'env', pattern: 'prod' } }),
      request: tagged('prod'),
      expect: { decision: 'denied' },
    },
    {
      name: 'filter remove admits a non-matching attribute',
      rules: withFilter({ tag: { effect: 'remove', key: 'env', pattern: 'prod' } }),
      request: tagged('staging'),
      expect: { decision: 'approved' },
    },
    {
      name: 'filter remove admits a resource without the attribute',
      rules: withFilter({ tag: { effect: 'remove', key: 'env', pattern: 'prod' } }),
      expect: { decision: 'approved' },
    },
    {
      name: 'filter removeAll drops the rule for a resource carrying the attribute',
      rules: withFilter({ tag: { effect: 'removeAll' } }),
      request: tagged('dev'),
      expect: { decision: 'denied' },
    },
    {
      name: 'filter removeAll keeps the rule for a resource without it',
      rules: withFilter({ tag: { effect: 'removeAll' } }),
      expect: { decision: 'approved' },
    },
    {
      name: 'filter keep without key looks at every value of the attribute',
      rules: withFilter({ 'permission-set': { effect: 'keep', pattern: 'ReadOnly' } }),
      request: { resource: { attributes: { 'permission-set': { name: 'ReadOnlyAccess' } } } },
      expect: { decision: 'approved' },
    },
  ];
}

describe('engine: decide', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const engine = createApprovalEngine({
        rules: row.rules ? ruleSet(...row.rules) : undefined,
        providers: row.noProvider ? {} : { incidentio: createFakeProvider(WORLD, row.provider) },
        reviewers: row.reviewers,
        clock: () => NOW,
      });
      const d = await engine.decide(request(row.request));
      const why = JSON.stringify({ decision: d.decision, reasons: d.reasons, paths: d.paths }, null, 1);
      expect(d.decision, why).to.equal(row.expect.decision);
      expect(d.evaluatedAt).to.equal(NOW.toISOString());
      if (row.expect.decidedBy) expect(d.decidedBy, why).to.include(row.expect.decidedBy);
      if (d.decision === 'approved') expect(d.decidedBy, 'an approval names its entry').to.not.equal(undefined);
      else expect(d.expiresAt, 'only approvals expire').to.equal(undefined);
      if (row.expect.grantDuration) expect(d.grantDuration).to.equal(row.expect.grantDuration);
      if (row.expect.expiresAt) expect(d.expiresAt).to.equal(row.expect.expiresAt);
      for (const o of row.expect.open ?? []) {
        const path = d.paths?.find((p) => p.rule === o.rule && p.entry === o.entry);
        expect(path?.open, why).to.equal(true);
        if (o.approvers) expect([...(path?.approvers ?? [])].sort()).to.deep.equal(o.approvers);
      }
      for (const c of row.expect.closed ?? []) {
        const path = d.paths?.find((p) => p.rule === c.rule && p.entry === c.entry);
        expect(path?.open, why).to.equal(false);
        expect(path?.why).to.match(c.why);
      }
      for (const r of row.expect.reasons ?? [])
        expect(
          d.reasons.some((s) => r.test(s)),
          `${r} in ${why}`,
        ).to.equal(true);
      expect(d.reasons.length, 'every decision explains itself').to.be.greaterThan(0);
    });
  }

  it('rejects a request with an invalid duration instead of deciding', async () => {
    const engine = createApprovalEngine({
      rules: ruleSet(anyService([auto])),
      providers: { incidentio: createFakeProvider(WORLD) },
      clock: () => NOW,
    });
    let error: unknown;
    await engine.decide(request({ duration: 'four hours' })).catch((e) => (error = e));
    // The same problem the request file reader reports, placed by its pointer rather than a line.
    expect(error).to.be.instanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).problems.map(({ code, pointer }) => ({ code, pointer }))).to.deep.equal([
      { code: 'request.not-a-duration', pointer: '/duration' },
    ]);
    expect(String((error as Error)?.message)).to.match(
      /duration: `duration` is `four hours`: must be an ISO 8601 duration/,
    );
    // A duration of the right form that is not longer than zero is refused just the same.
    await engine.decide(request({ duration: 'PT0S' })).catch((e) => (error = e));
    expect(String((error as Error)?.message)).to.match(/duration "PT0S" is not an ISO 8601 duration longer than zero/);
  });

  it('folds only ASCII case: a look-alike address is not the person on call', async () => {
    // U+212A KELVIN SIGN lower-cases to an ASCII k with toLowerCase(); here it must stay a different address.
    const lookalikeWorld = [
      {
        id: PRIMARY,
        name: 'Primary on-call',
        entries: [{ start: '2026-11-26T00:00:00Z', end: '2026-11-27T00:00:00Z', email: 'kate@example.com' }],
      },
    ];
    const kate = createApprovalEngine({
      rules: ruleSet(anyService([auto])),
      providers: { incidentio: createFakeProvider(lookalikeWorld) },
      clock: () => NOW,
    });
    expect((await kate.decide(request({ requestor: { email: ' KATE@example.com' } }))).decision).to.equal('approved');
    expect((await kate.decide(request({ requestor: { email: '\u212Aate@example.com' } }))).decision).to.equal('denied');
  });

  it('accepts a configured grant duration and refuses an invalid one', async () => {
    const engine = createApprovalEngine({
      rules: ruleSet(anyService([auto])),
      providers: { incidentio: createFakeProvider(WORLD) },
      clock: () => NOW,
      grantDuration: 'PT15M',
    });
    const d = await engine.decide(request({ duration: 'PT30M' }));
    expect([d.grantDuration, d.expiresAt]).to.deep.equal(['PT15M', '2026-11-26T08:15:00.000Z']);
    expect(() => createApprovalEngine({ rules: [], grantDuration: 'an hour' })).to.throw(
      /grantDuration must be a positive ISO 8601 duration/,
    );
  });

  it('says in the trace which schedules failed and why', async () => {
    const engine = createApprovalEngine({
      rules: ruleSet(anyService([{ ...auto, services: [PRIMARY, DATABASE] }])),
      providers: { incidentio: createFakeProvider(WORLD, { failing: [PRIMARY] }) },
      clock: () => NOW,
    });
    const d = await engine.decide(request());
    expect(d.decision).to.equal('denied');
    const lookup = d.trace.find((t) => t.kind === 'lookup');
    expect(lookup && lookup.kind === 'lookup' && lookup.schedules).to.deep.include({
      scheduleId: PRIMARY,
      scheduleName: 'Primary on-call',
      status: 'failed',
      reason: 'incident.io answered 503',
    });
  });

  it('makes no on-call lookup when a deny or a standing grant decides', async () => {
    const provider = createFakeProvider(WORLD);
    const engine = createApprovalEngine({
      rules: ruleSet({ name: 'a', approval: [auto, { type: 'deny' }] }),
      providers: { incidentio: provider },
      clock: () => NOW,
    });
    expect((await engine.decide(request())).decision).to.equal('denied');
    expect(provider.calls).to.deep.equal({ onCallFor: 0, onCallAny: 0 });
  });

  it('records every rule considered, the conditions with actual values, and the lookups in the trace', async () => {
    const engine = createApprovalEngine({
      rules: ruleSet(
        { name: 'gcp', resource: { type: 'integration', service: 'gcp' }, approval: [persistent] },
        { name: 'bob only', requestor: { type: 'user', uid: 'bob@example.com' }, approval: [persistent] },
        { name: 'on call', approval: [auto] },
      ),
      providers: { incidentio: createFakeProvider(WORLD) },
      clock: () => NOW,
    });
    const d = await engine.decide(request());
    expect(d.trace.find((t) => t.kind === 'skipped')).to.deep.include({ rules: ['gcp'] });
    const bob = d.trace.find((t) => t.kind === 'rule' && t.rule === 'bob only');
    expect(bob).to.deep.include({ matched: false });
    // Conditions are traced as compiled: the plugin's operators by their namespaced names.
    expect(bob && bob.kind === 'rule' && bob.conditions[0]).to.deep.include({
      operator: 'oncall-approval.emailEquals',
      factResult: 'alice@example.com',
      result: false,
    });
    const onCall = d.trace.find((t) => t.kind === 'rule' && t.rule === 'on call');
    expect(onCall && onCall.kind === 'rule' && onCall.entries[0]?.result).to.equal(true);
    const lookup = d.trace.find((t) => t.kind === 'lookup');
    expect(lookup).to.deep.include({ fact: 'onCallAny', integration: 'incidentio' });
  });

  it('uses the clock of the call, not of the request: the same request at a handover flips', async () => {
    const engine = createApprovalEngine({
      rules: ruleSet(anyService([{ ...auto, services: [DATABASE] }])),
      providers: { incidentio: createFakeProvider(WORLD) },
    });
    const carol = request({ requestor: { email: 'carol@example.com' } });
    const lastMs = await engine.decide(carol, { now: new Date('2026-11-26T17:59:59.999Z') });
    const handover = await engine.decide(carol, { now: new Date('2026-11-26T18:00:00.000Z') });
    expect([lastMs.decision, handover.decision]).to.deep.equal(['approved', 'denied']);
  });
});
