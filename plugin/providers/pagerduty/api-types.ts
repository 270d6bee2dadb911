// The parts of PagerDuty's REST API v2 answers this package reads, after decoding (decode.ts). Field names
// are ours (camelCase); the comments give PagerDuty's. Everything else in a response is ignored: PagerDuty
// adds fields and enum values without notice.
import type { Instant } from '../instant.js';

/** A reference (`{id, type, summary}`); `summary` is the object's name for people. */
export interface PdReference {
  id: string;
  summary?: string;
}

/** A user: a full User with `include[]=users` (then `email` is set), otherwise a `user_reference`. */
export interface PdUser {
  id: string;
  name?: string;
  email?: string;
}

/** One on-call (`Oncall`): a user on call for one escalation policy at one level for [start, end). */
export interface PdOnCall {
  escalationPolicy: PdReference;
  /** `escalation_level`: 1 is the first level of the policy. */
  level: number;
  user?: PdUser;
  /** The schedule it comes from; absent when the user is a target of the level directly. */
  schedule?: PdReference;
  /** RFC 3339, or null: "a permanent user on-call" (always on call). */
  start: string | null;
  /** RFC 3339, or null: "the user does not go off-call". */
  end: string | null;
}

/** Classic pagination as answered (`limit`, `offset`, `more`, `total`). */
export interface PdPage {
  more: boolean;
  offset?: number;
  limit?: number;
  total?: number;
}

export interface PdOnCallsPage extends PdPage {
  oncalls: PdOnCall[];
}

/** `GET /services/{id}`: the service's name and its escalation policy. */
export interface PdService {
  id: string;
  name: string;
  escalationPolicy: PdReference;
}

/** A schedule as listed (`GET /schedules`), reduced to what we use. */
export interface PdScheduleSummary {
  id: string;
  name: string;
  /** `time_zone`; empty when the API did not say. */
  timeZone: string;
  /** IDs of the escalation policies using it; undefined when the answer did not say. */
  escalationPolicyIds?: string[];
}

export interface PdSchedulesPage extends PdPage {
  schedules: PdScheduleSummary[];
}

/** One entry of `final_schedule.rendered_schedule_entries`: who the schedule resolves to, overrides applied. */
export interface PdScheduleEntry {
  start: string;
  /** null: the entry does not end. */
  end: string | null;
  /** A user reference: no email (see `GET /schedules/{id}/users`). */
  user?: PdReference;
}

/** `GET /schedules/{id}` with since/until: the schedule and its final (rendered) entries in that range. */
export interface PdScheduleDetail {
  id: string;
  name: string;
  timeZone: string;
  finalEntries: PdScheduleEntry[];
}

/**
 * What the cache keeps and lookups filter: one on-call or schedule entry with its bounds parsed exactly,
 * open ends already replaced by the far past or future (see on-call-set.ts).
 */
export interface TimedOnCall {
  start: Instant;
  end: Instant;
  /** 0 for a schedule entry (no escalation level). */
  level: number;
  escalationPolicy?: PdReference;
  schedule?: PdReference;
  user?: PdUser;
}

/** One level of an escalation policy (`EscalationRule`): whom it pages. */
export interface PdEscalationLevel {
  /** `escalation_delay_in_minutes`. */
  delayMinutes?: number;
  /** `targets`: `schedule_reference` / `user_reference` (other types are kept with their own type). */
  targets: { type: string; id: string; summary?: string }[];
}

/** An escalation policy as listed (`GET /escalation_policies`): its levels and the services using it. */
export interface PdEscalationPolicy {
  id: string;
  name: string;
  /** Level 1 first. */
  levels: PdEscalationLevel[];
  services: PdReference[];
}

export interface PdEscalationPoliciesPage extends PdPage {
  escalationPolicies: PdEscalationPolicy[];
}

/** `GET /users/me`: the user a user token belongs to (an account key has none). */
export interface PdCurrentUser {
  id: string;
  name?: string;
  email?: string;
  /** PagerDuty's base role (`admin`, `user`, `limited_user`, `restricted_access`, ...). */
  role?: string;
  teams: PdReference[];
}
