// What `decide` and `canApprove` return: the JSON of `oncall-approval evaluate` / `can-approve`.
// Fields are only ever added, never renamed: scripts and audit pipelines read them.
import type { ApprovalType, Integration, SourceRef } from '../routing/types.js';
import type { SkippedEntry } from '../providers/contract.js';

export type DecisionKind = 'approved' | 'pending' | 'denied';

/** The approval entry that decided (or admitted): routing rule label and 0-based entry index. */
export interface EntryRef {
  rule: string;
  entry: number;
  type: ApprovalType;
  integration?: Integration;
}

/** An approval path of a matching rule: open (someone may still approve) or closed, with why. */
export interface ApprovalPath extends EntryRef {
  /** `escalation` and `auto` with services: the schedule IDs. */
  schedules?: string[];
  /** Who may approve now: people on call (escalation), reviewers (p0), the profile's person. */
  approvers?: string[];
  /** `group` entries: `directory:id` of the groups whose members may approve. */
  groups?: string[];
  open: boolean;
  /**
   * Present (true) when the path depends on who is on call and none of its lookups answered (every schedule
   * failed, or the list could not be read): whether anyone may approve through it is unknown, so a host
   * should not wait on it.
   */
  unknown?: true;
  why: string;
}

/** One evaluated condition, as json-rules-engine reports it: fact, operator, expected and actual values. */
export interface ConditionTrace {
  /** `requestor`, `resource`, `entry`, `approver` or `on-call`. */
  group: string;
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
  operator: string;
  /** The condition's value as written (a fact reference for on-call checks). */
  value: unknown;
  /** The actual value the fact (and path) produced. */
  factResult?: unknown;
  /** The resolved value when `value` is a fact reference (on-call answers are summarised). */
  valueResult?: unknown;
  /** `null` when the condition was not evaluated because an earlier one already decided the group. */
  result: boolean | null;
}

export interface EntryTrace {
  entry: number;
  type: ApprovalType;
  /** `decide` entries and, for canApprove, `approver` entries. */
  role: 'decide' | 'approver';
  /** `null` when not evaluated (a deny had already decided). */
  result: boolean | null;
  conditions: ConditionTrace[];
}

export interface RuleTrace {
  kind: 'rule';
  rule: string;
  /** Where the rule is written. */
  source?: SourceRef;
  matched: boolean;
  conditions: ConditionTrace[];
  entries: EntryTrace[];
}

export interface LookupScheduleTrace {
  scheduleId: string;
  scheduleName?: string;
  status: 'answered' | 'failed';
  /** Who is on call (answered schedules). */
  onCall?: Array<{ email: string; until: string }>;
  /** Entries covering the instant that join no on-call set (no user, no email). */
  skipped?: SkippedEntry[];
  /** Why the lookup failed (failed schedules). */
  reason?: string;
}

export interface LookupTrace {
  kind: 'lookup';
  fact: 'onCallAny' | 'onCallFor';
  integration: string;
  /** Schedules asked about (`onCallFor`). */
  requested?: string[];
  at: string;
  schedules: LookupScheduleTrace[];
  listFailure?: string;
  partial?: boolean;
}

/** Rules not evaluated for this request, and why (another service, disabled). */
export interface SkippedTrace {
  kind: 'skipped';
  why: string;
  rules: readonly string[];
}

export type TraceItem = RuleTrace | LookupTrace | SkippedTrace;

export interface Decision {
  decision: DecisionKind;
  /** The instant the decision was made for (ISO, UTC). */
  evaluatedAt: string;
  /** Request id, when the request has one. */
  requestId?: string;
  /** When approved with a limited grant. */
  expiresAt?: string;
  grantDuration?: string;
  /** When approved or denied by a rule's entry. */
  decidedBy?: EntryRef;
  /** When pending, and when denied because no path is open. */
  paths?: ApprovalPath[];
  /** Sentences a person reads in an audit log. */
  reasons: string[];
  trace: TraceItem[];
}

export interface CanApproveResult {
  allowed: boolean;
  approver: string;
  admittedBy?: EntryRef;
  reasons: string[];
  trace?: TraceItem[];
}
