// The words of the compiled form: fact names, operator names, event types and the shape of a compiled rule.
// `compile` writes them, the plugin installs them into a json-rules-engine `Engine`, and the approval engine
// interprets them. Hosts rely on these names (they are in the JSON of `oncall-approval compile`), so they
// change only by adding.
import type { RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { ApprovalOptions, ApprovalType, Directory, Effect, Integration, SourceRef } from '../routing/types.js';

/** Facts a compiled condition may read. */
export const FACT = {
  /** The access request (runtime fact). */
  request: 'request',
  /** `{ email, groups? }` of the person asking to approve; `null` when deciding a request. */
  approver: 'approver',
  /** Security reviewers' emails (the `p0` approval type), supplied by the host. */
  reviewers: 'reviewers',
  /** Emails of the host's break-glass approvers (entries with `breakGlassApprover`), supplied by the host. */
  breakGlassApprovers: 'breakGlassApprovers',
  /** Names of the on-call integrations installed in the engine (`['incidentio']`). */
  integrations: 'integrations',
  /** The evaluation instant (a `Date`); defaults to the plugin's clock. */
  now: 'now',
  /** params `{ integration }`: who is on call now for every schedule of the account. */
  onCallAny: 'onCallAny',
  /** params `{ integration, schedules }`: who is on call now for these schedules. */
  onCallFor: 'onCallFor',
  /** params `{ name, key? }`: `request.resource.attributes[name][key]` (the whole attribute without key). */
  resourceAttribute: 'resourceAttribute',
  /** params `{ property }`: `request.requestor.profile[property]`. */
  requestorProfile: 'requestorProfile',
} as const;

export type FactName = (typeof FACT)[keyof typeof FACT];
export const FACT_NAMES: ReadonlySet<string> = new Set(Object.values(FACT));

/** Operators the plugin installs. All are synchronous and only compare; lookups happen in facts. */
export const PLUGIN_OPERATORS = [
  'isOnCallAny', // email, OnCallAnswer → on call for an answered schedule
  'isOnCallFor', // same comparison; the answer holds only the entry's schedules
  'emailEquals', // trimmed, case-insensitive; both sides non-blank
  'emailDiffers', // trimmed, case-insensitive; both sides non-blank
  'emailIn', // email, list of emails
  'hasEmail', // list has a non-blank email (value true)
  'hasEmailBesides', // list has a non-blank email other than the value
  'inAnyGroup', // groups, [{directory, id}]
  'inNoGroup', // groups, [{directory, id}]; absent groups count as none
  'matchesPattern', // unanchored regular expression; an object attribute matches when any value does
  'notMatchesPattern',
  'isPresent', // value true: present; value false: absent
  'nonBlank', // a string with something besides white space (value true)
  'positiveDuration', // an ISO 8601 duration longer than zero (value true)
  'instantAfter', // RFC 3339 instant (with its zone) later than the value (the `now` fact)
] as const;

export type PluginOperator = (typeof PLUGIN_OPERATORS)[number];

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
} as const;

export type EventType = (typeof EVENT)[keyof typeof EVENT];

/** Names of the top-level condition groups, in the order they are evaluated. */
export const GROUP = {
  requestor: 'requestor',
  resource: 'resource',
  entry: 'entry',
  approver: 'approver',
  onCall: 'on-call',
} as const;

/**
 * Condition priorities: json-rules-engine evaluates higher priorities first and stops an `all` at the first
 * failing set, so the cheap request checks run before any on-call lookup is made.
 */
export const PRIORITY = { match: 4, entry: 3, approver: 2, onCall: 1 } as const;

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
}

export interface CompiledRule extends RuleProperties {
  name: string;
  conditions: TopLevelCondition;
  event: { type: EventType; params: EntryEventParams };
}

export const COMPILED_FORMAT = 'oncall-approval.compiled/1';

/** The output of `compileRules` and of `oncall-approval compile`: plain JSON. */
export interface CompiledRuleSet {
  format: typeof COMPILED_FORMAT;
  /** Load each with `engine.addRule(rule)` after `installOnCallPlugin(engine, ...)`. */
  rules: CompiledRule[];
  /** Labels of rules that are `disabled: true` (validated, never evaluated). */
  disabled: string[];
}
