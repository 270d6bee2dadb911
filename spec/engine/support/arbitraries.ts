// fast-check generators for random worlds: schedules (with shifts around `now`, some failing), routing
// rules of every kind, requests, approvers and reviewers. Small pools so that matches and on-call hits
// are frequent enough to exercise every branch.
import fc from 'fast-check';
import type { AccessRequest, Approver, DirectoryGroup } from '../../../plugin/request/types.js';
import type {
  ApprovalEntry,
  ApprovalOptions,
  GroupRef,
  LoadedRule,
  RequestorMatcher,
  ResourceMatcher,
  Rule,
} from '../../../plugin/routing/types.js';
import type { RawSchedule } from './fake-provider.js';
import { NOW } from './rules.js';

export const SCHEDULE_IDS = ['01HS1', '01HS2', '01HS3'];
export const PEOPLE = ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com'];
const GROUPS: GroupRef[] = [
  { directory: 'okta', id: 'g1' },
  { directory: 'okta', id: 'g2' },
  { directory: 'azure-ad', id: 'g1' },
];

/** An email as a host might hand it in: sometimes with other case or surrounding blanks. */
const spelled = (email: string) =>
  fc.constantFrom(email, email.toUpperCase(), ` ${email}`, `${email[0]!.toUpperCase()}${email.slice(1)} `);
export const personArb = fc.constantFrom(...PEOPLE);
export const emailArb = personArb.chain(spelled);

const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString();

const entryArb = fc
  .record({
    from: fc.integer({ min: -180, max: 60 }),
    length: fc.integer({ min: 1, max: 240 }),
    email: fc.option(personArb, { nil: undefined, freq: 8 }),
    exactEdge: fc.constantFrom('none', 'startsNow', 'endsNow'),
  })
  .map(({ from, length, email, exactEdge }) => {
    // Shifts that start or end exactly at `now` test the half-open interval.
    const start = exactEdge === 'startsNow' ? 0 : exactEdge === 'endsNow' ? -length : from;
    return { start: minutes(start), end: minutes(start + length), ...(email ? { email } : {}) };
  });

export const schedulesArb: fc.Arbitrary<RawSchedule[]> = fc.tuple(
  ...SCHEDULE_IDS.map((id, i) =>
    fc.array(entryArb, { maxLength: 3 }).map((entries) => ({ id, name: `Schedule ${i + 1}`, entries })),
  ),
);

export const failingArb = fc.subarray(SCHEDULE_IDS, { maxLength: 2 });

const groupsArb = fc.subarray(GROUPS, { minLength: 1 });
const dirGroupsArb: fc.Arbitrary<DirectoryGroup[]> = fc
  .subarray(GROUPS)
  .map((gs) => gs.map((g) => ({ directory: g.directory, id: g.id })));

const requestorArb: fc.Arbitrary<RequestorMatcher> = fc.oneof(
  { arbitrary: fc.constant({ type: 'any' as const }), weight: 3 },
  fc.constant({ type: 'some' as const }),
  emailArb.map((uid) => ({ type: 'user' as const, uid })),
  fc
    .record({ groups: groupsArb, effect: fc.constantFrom('keep' as const, 'remove' as const) })
    .map((g) => ({ type: 'group' as const, ...g })),
);

const filterArb = fc.oneof(
  fc.record({
    effect: fc.constantFrom('keep' as const, 'remove' as const),
    key: fc.constant('env'),
    pattern: fc.constantFrom('prod', '^stag', 'ing$'),
  }),
  fc.record({
    effect: fc.constantFrom('keep' as const, 'remove' as const),
    key: fc.constant('env'),
    value: fc.boolean(),
  }),
  fc.constant({ effect: 'removeAll' as const }),
);

const resourceArb: fc.Arbitrary<ResourceMatcher> = fc.oneof(
  { arbitrary: fc.constant({ type: 'any' as const }), weight: 2 },
  fc
    .record({
      service: fc.constantFrom('aws', 'gcp'),
      accessType: fc.option(fc.constantFrom('any', 'role', 'permission-set'), { nil: undefined }),
      filters: fc.option(fc.dictionary(fc.constantFrom('tag'), filterArb, { maxKeys: 1 }), { nil: undefined }),
    })
    .map((r) => ({
      type: 'integration' as const,
      service: r.service,
      ...(r.accessType ? { accessType: r.accessType } : {}),
      ...(r.filters ? { filters: r.filters } : {}),
    })),
);

const optionsArb: fc.Arbitrary<ApprovalOptions | undefined> = fc.option(
  fc.record(
    { allowOneParty: fc.boolean(), requireReason: fc.boolean(), requireDuration: fc.boolean() },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const integrationArb = fc.constantFrom(
  'incidentio' as const,
  'incidentio' as const,
  'incidentio' as const,
  'pagerduty' as const,
);
const servicesArb = fc.subarray([...SCHEDULE_IDS, '01HGONE'], { minLength: 1 });

export const entryArbitrary: fc.Arbitrary<ApprovalEntry> = fc.oneof(
  {
    arbitrary: fc
      .record({
        options: optionsArb,
        integration: integrationArb,
        services: fc.option(servicesArb, { nil: undefined }),
      })
      .map(({ options, integration, services }) => ({
        type: 'auto' as const,
        integration,
        ...(services ? { services } : {}),
        ...(options ? { options } : {}),
      })),
    weight: 3,
  },
  {
    arbitrary: fc
      .record({ options: optionsArb, integration: integrationArb, services: servicesArb })
      .map(({ options, integration, services }) => ({
        type: 'escalation' as const,
        integration,
        services,
        ...(options ? { options } : {}),
      })),
    weight: 3,
  },
  fc
    .record({
      options: optionsArb,
      groups: groupsArb,
      effect: fc.option(fc.constantFrom('keep' as const, 'remove' as const), { nil: undefined }),
    })
    .map(({ options, groups, effect }) => ({
      type: 'group' as const,
      groups,
      ...(effect ? { effect } : {}),
      ...(options ? { options } : {}),
    })),
  optionsArb.map((options) => ({ type: 'p0' as const, ...(options ? { options } : {}) })),
  fc.record({ options: optionsArb, prop: fc.constantFrom('manager', 'lead') }).map(({ options, prop }) => ({
    type: 'requestor-profile' as const,
    directory: 'okta' as const,
    profileProperty: prop,
    ...(options ? { options } : {}),
  })),
  optionsArb.map((options) => ({ type: 'persistent' as const, ...(options ? { options } : {}) })),
  fc.constant({ type: 'deny' as const }),
);

const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    requestor: requestorArb,
    resource: resourceArb,
    approval: fc.array(entryArbitrary, { maxLength: 3 }),
    disabled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), // one rule in ten
    named: fc.boolean(),
  })
  .map(({ named, disabled, ...rule }) => ({
    ...rule,
    ...(disabled ? { disabled: true } : {}),
    ...(named ? { name: 'named' } : {}),
  }));

/** Loaded rules with unique names (`rule-N`) or `#N` labels, as loading gives them. */
export function toLoaded(rules: Rule[]): LoadedRule[] {
  return rules.map((r, i) => {
    const { name: _n, ...rest } = r;
    const name = r.name ? `rule-${i + 1}` : undefined;
    const source = { file: 'random.routing.yaml', line: i * 10 + 1, column: 3 };
    return {
      ...rest,
      ...(name ? { name } : {}),
      label: name ?? `#${i + 1}`,
      source,
      entrySources: r.approval.map((_, j) => ({ ...source, line: source.line + j + 2 })),
    };
  });
}

export const rulesArb = fc.array(ruleArb, { minLength: 1, maxLength: 4 }).map(toLoaded);

export const requestArb: fc.Arbitrary<AccessRequest> = fc
  .record({
    email: emailArb,
    groups: fc.option(dirGroupsArb, { nil: undefined }),
    manager: fc.option(emailArb, { nil: undefined }),
    service: fc.constantFrom('aws', 'aws', 'gcp', 'github'),
    accessType: fc.option(fc.constantFrom('role', 'permission-set'), { nil: undefined }),
    env: fc.option(fc.constantFrom<unknown>('prod', 'staging', 'dev', true, false), { nil: undefined }),
    reason: fc.option(fc.constantFrom('', '   ', 'INC-1234 failover'), { nil: undefined }),
    duration: fc.option(fc.constantFrom('PT30M', 'PT2H', 'P1D'), { nil: undefined }),
  })
  .map((r) => ({
    requestor: {
      email: r.email,
      ...(r.groups ? { groups: r.groups } : {}),
      ...(r.manager ? { profile: { manager: r.manager } } : {}),
    },
    resource: {
      service: r.service,
      ...(r.accessType ? { accessType: r.accessType } : {}),
      ...(r.env !== undefined ? { attributes: { tag: { env: r.env } } } : {}),
    },
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    ...(r.duration !== undefined ? { duration: r.duration } : {}),
  }));

export const approverArb: fc.Arbitrary<Approver> = fc
  .record({ email: emailArb, groups: fc.option(dirGroupsArb, { nil: undefined }) })
  .map(({ email, groups }) => ({ email, ...(groups ? { groups } : {}) }));

export const reviewersArb = fc.subarray(PEOPLE);

export const norm = (email: string) => email.trim().toLowerCase();
