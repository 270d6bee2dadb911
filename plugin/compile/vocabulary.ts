// The words of the compiled form: fact names, operator names, event types and the shape of a compiled rule.
// `compile` writes them, the plugin installs them into a json-rules-engine `Engine`, and the approval engine
// interprets them. Hosts rely on these names (they are in the JSON of `oncall-approval compile`), so they
// change only by adding.
import type { RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { ApprovalOptions, ApprovalType, Directory, Effect, Integration, SourceRef } from '../routing/types.js';

/**
 * The prefix of every name the plugin adds to a host's Engine (facts, operators, events, its own rule), so
 * they cannot collide with the host's: a host's `now` or `matchesPattern` keeps its meaning. The two
 * operators routing authors name themselves, `isOnCallAny` and `isOnCallFor`, keep their names; the plugin
 * refuses to install over an existing definition of any name.
 */
export const NAMESPACE = 'oncall-approval';

/** Facts a compiled condition may read. Hosts pass theirs by these names: `run({ [FACT.request]: request })`. */
export const FACT = {
  /** The access request (runtime fact). A run without it leaves every compiled rule "not applicable". */
  request: 'oncall-approval.request',
  /** `{ email, groups? }` of the person asking to approve; `null` when deciding a request. */
  approver: 'oncall-approval.approver',
  /** Security reviewers' emails (the `p0` approval type), supplied by the host. */
  reviewers: 'oncall-approval.reviewers',
  /** Emails of the host's break-glass approvers (entries with `breakGlassApprover`), supplied by the host. */
  breakGlassApprovers: 'oncall-approval.breakGlassApprovers',
  /** Names of the on-call integrations installed in the engine (`['incidentio']`). */
  integrations: 'oncall-approval.integrations',
  /** The evaluation instant (a `Date`, epoch milliseconds or RFC 3339 text with its zone); defaults to the clock. */
  now: 'oncall-approval.now',
  /** params `{ integration }`: who is on call now for every schedule of the account. */
  onCallAny: 'oncall-approval.onCallAny',
  /** params `{ integration, schedules }`: who is on call now for these schedules. */
  onCallFor: 'oncall-approval.onCallFor',
  /** params `{ name, key? }`: `request.resource.attributes[name][key]` (the whole attribute without key). */
  resourceAttribute: 'oncall-approval.resourceAttribute',
  /** params `{ property }`: `request.requestor.profile[property]`. */
  requestorProfile: 'oncall-approval.requestorProfile',
  /**
   * The checked request's `resource.service`; `null` when the run has no request or a malformed one. Every
   * compiled rule tests it first (its `guard` group), so json-rules-engine skips the rest of a rule for
   * another service, and nothing of ours reads a request that failed the check.
   */
  service: 'oncall-approval.service',
  /** The check of the run's request and approver: `{ status: 'absent' | 'valid' | 'invalid', problems }`. */
  check: 'oncall-approval.check',
  /** Single-rule mode: the whole decision (or canApprove answer) for the run's request. */
  decision: 'oncall-approval.decision',
  /**
   * The run's request as the check returned it (trimmed, lower-cased where the check says so); `null` when
   * the run has no request or a malformed one. Compiled conditions read the request only through this fact,
   * never the host's `request` fact, whichever way the host supplied it (a value, a `Fact`, its Almanac).
   */
  checkedRequest: 'oncall-approval.checkedRequest',
  /** The run's approver as the check returned it; `null` when deciding a request (or the check failed). */
  checkedApprover: 'oncall-approval.checkedApprover',
  /**
   * Whether another rule (one whose requestor is not `some`) matches the run's request: what a `some` rule
   * requires. The compiled rule `oncall-approval / another rule matches` decides it once per run, before
   * the other compiled rules, and fires `EVENT.otherRuleMatches`, which sets this fact for the run.
   */
  otherRuleMatches: 'oncall-approval.otherRuleMatches',
} as const;

/**
 * The facts a host supplies, which compiled conditions never read: they are written against these, and the
 * compiler turns every reference into the checked copy's fact.
 */
export const CHECKED_FACT: Readonly<Record<string, FactName>> = {
  [FACT.request]: FACT.checkedRequest,
  [FACT.approver]: FACT.checkedApprover,
};

export type FactName = (typeof FACT)[keyof typeof FACT];
export const FACT_NAMES: ReadonlySet<string> = new Set(Object.values(FACT));

/** The on-call lookup a fact name stands for (`onCallAny` / `onCallFor`), if it is one. */
export function lookupKind(fact: unknown): 'onCallAny' | 'onCallFor' | undefined {
  return fact === FACT.onCallAny ? 'onCallAny' : fact === FACT.onCallFor ? 'onCallFor' : undefined;
}

/**
 * Operators the plugin installs, by the short name the approval types write them with, and the name they
 * have in compiled JSON and in a host's Engine. All are synchronous and only compare; lookups happen in facts.
 */
export const OPERATOR = {
  isOnCallAny: 'isOnCallAny', // email, OnCallAnswer → on call for an answered schedule
  isOnCallFor: 'isOnCallFor', // same comparison; the answer holds only the entry's schedules
  emailEquals: 'oncall-approval.emailEquals', // trimmed, case-insensitive; both sides non-blank
  emailDiffers: 'oncall-approval.emailDiffers', // trimmed, case-insensitive; both sides non-blank
  emailIn: 'oncall-approval.emailIn', // email, list of emails
  hasEmail: 'oncall-approval.hasEmail', // list has a non-blank email (value true)
  hasEmailBesides: 'oncall-approval.hasEmailBesides', // list has a non-blank email other than the value
  inAnyGroup: 'oncall-approval.inAnyGroup', // groups, [{directory, id}]
  inNoGroup: 'oncall-approval.inNoGroup', // groups, [{directory, id}]; absent groups count as none
  matchesPattern: 'oncall-approval.matchesPattern', // unanchored; an object attribute matches when any value does
  notMatchesPattern: 'oncall-approval.notMatchesPattern',
  isPresent: 'oncall-approval.isPresent', // value true: present; value false: absent
  nonBlank: 'oncall-approval.nonBlank', // a string with something besides white space (value true)
  positiveDuration: 'oncall-approval.positiveDuration', // an ISO 8601 duration longer than zero (value true)
  instantAfter: 'oncall-approval.instantAfter', // RFC 3339 instant (with its zone) later than the value (the `now` fact)
} as const;

/** The short names, as `createOperators` keys its table. */
export type OperatorKey = keyof typeof OPERATOR;
export const OPERATOR_KEYS = Object.keys(OPERATOR) as OperatorKey[];

/** The names the plugin installs as operators (as compiled JSON writes them). */
export const PLUGIN_OPERATORS = Object.values(OPERATOR);
export type PluginOperator = (typeof OPERATOR)[OperatorKey];

const QUALIFIED = new Map<string, string>(Object.entries(OPERATOR));
const SHORT = new Map<string, OperatorKey>(OPERATOR_KEYS.map((k) => [OPERATOR[k], k]));

/** The compiled name of an operator written by its short name (other names are returned as they are). */
export function qualifyOperator(name: string): string {
  return QUALIFIED.get(name) ?? name;
}

/** The short name of a plugin operator (`oncall-approval.nonBlank` → `nonBlank`); other names as they are. */
export function shortOperator(name: string): string {
  return SHORT.get(name) ?? name;
}

/** json-rules-engine's own operators (v7). */
export const BUILTIN_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;

export const KNOWN_OPERATORS: ReadonlySet<string> = new Set<string>([...PLUGIN_OPERATORS, ...BUILTIN_OPERATORS]);

/** What a compiled rule's event means when it fires. Namespaced so a host's own events cannot collide. */
export const EVENT = {
  /** A matching `deny` entry: the request is denied, whatever else fires. */
  deny: 'oncall-approval.deny',
  /** A satisfied `persistent` or `auto` entry. */
  approve: 'oncall-approval.approve',
  /** An open approval path (`escalation`, `group`, `p0`, `requestor-profile`): the request waits. */
  path: 'oncall-approval.path',
  /** The `approver` fact may approve through this entry (canApprove). */
  admit: 'oncall-approval.admit',
  /** A matching rule with no approval entries: it gives no access (other rules may). */
  noAccess: 'oncall-approval.no-access',
  /** The run's request (or approver) failed the request check: denied, with the problems. */
  invalid: 'oncall-approval.invalid-request',
  /** Single-rule mode: the whole decision, in the event's params. */
  decision: 'oncall-approval.decision',
  /** Another rule matches the run's request (see `FACT.otherRuleMatches`); no decision by itself. */
  otherRuleMatches: 'oncall-approval.other-rule-matches',
} as const;

/** Every event type the plugin fires starts with this: a host's `success` listener filters on it. */
export const EVENT_PREFIX = `${NAMESPACE}.`;

export type EventType = (typeof EVENT)[keyof typeof EVENT];

/** Names of the top-level condition groups, in the order they are evaluated. */
export const GROUP = {
  guard: 'guard',
  requestor: 'requestor',
  resource: 'resource',
  entry: 'entry',
  approver: 'approver',
  onCall: 'on-call',
  /** The one group of `OTHER_RULES_RULE_NAME` after its guard: an `any` over the other rules' matches. */
  otherRules: 'other-rules',
} as const;

/**
 * Condition priorities: json-rules-engine evaluates higher priorities first and stops an `all` at the first
 * failing set, so the cheap request checks run before any on-call lookup is made.
 */
export const PRIORITY = { guard: 5, match: 4, entry: 3, approver: 2, onCall: 1 } as const;

/** Everything about an approval entry that a host needs to act on its event (whom to page, ...). */
export interface EntryEventParams {
  /** The routing rule's label: its `name`, or `#N`. */
  rule: string;
  /** 0-based position of the rule in the loaded set (events arrive in any order; this restores it). */
  position: number;
  /** 0-based index of the entry in the rule's `approval`; -1 for a no-access event. */
  entry: number;
  type: ApprovalType | 'none';
  integration?: Integration;
  /** `auto` with `services`, `escalation`: the schedule IDs. */
  schedules?: string[];
  /** `group` entries. */
  groups?: Array<{ directory: Directory; id: string; label?: string }>;
  effect?: Effect;
  /** `requestor-profile` entries. */
  directory?: Directory;
  profileProperty?: string;
  options?: ApprovalOptions;
  /** Where the entry is written. */
  source?: SourceRef;
  /** Where the rule is written. */
  ruleSource?: SourceRef;
  // Added by the plugin when the event fires in a host's Engine (never in compiled JSON):
  /** `approve` events: how long the approval lasts and until when (absent for standing access without a duration). */
  grantDuration?: string;
  expiresAt?: string;
  /** `path` events: who may approve now (people on call, reviewers, the profile's person). */
  approvers?: string[];
  /** `path` events: the sentence saying who may approve; `approve` and `deny` events: the decision's reasons. */
  why?: string;
  reasons?: string[];
  /** `path` events: every on-call lookup the path hinges on failed, so whether anyone may approve is unknown. */
  unknown?: true;
  /** `approve` events: the approval's end could not be computed, so the event grants nothing (a denial). */
  ungranted?: true;
}

export interface CompiledRule extends RuleProperties {
  name: string;
  conditions: TopLevelCondition;
  event: { type: EventType; params: EntryEventParams };
}

/**
 * The name of the one compiled rule that decides `FACT.otherRuleMatches`, present when some rule's requestor
 * is `some`. Its rule priority puts it before every other compiled rule (which have json-rules-engine's
 * default, 1).
 */
export const OTHER_RULES_RULE_NAME = `${NAMESPACE} / another rule matches`;
export const OTHER_RULES_PRIORITY = 2;

/** `/2`: conditions read the checked request and approver, and `some` rules share one rule (above). */
export const COMPILED_FORMAT = 'oncall-approval.compiled/2';

/** The output of `compileRules` and of `oncall-approval compile`: plain JSON. */
export interface CompiledRuleSet {
  format: typeof COMPILED_FORMAT;
  /** Load each with `engine.addRule(rule)` after `installOnCallPlugin(engine, ...)`. */
  rules: CompiledRule[];
  /** Labels of rules that are `disabled: true` (validated, never evaluated). */
  disabled: string[];
}
