// PagerDuty on-call data as plain objects: what the simulator serves (and, later, what a local file's
// PagerDuty section holds). It mirrors PagerDuty's model: services point at an escalation policy, whose
// levels target schedules or users directly; schedules hold their final (rendered) entries.

export interface PdDataUser {
  id: string;
  name: string;
  /** A user without an email is served without one (it then joins no on-call set). */
  email?: string;
}

export interface PdDataEntry {
  /** RFC 3339. */
  start: string;
  /** RFC 3339, or null: the entry does not end. */
  end: string | null;
  /** A user ID, or null for a gap nobody covers. */
  user: string | null;
}

export interface PdDataSchedule {
  id: string;
  name: string;
  /** IANA zone; default UTC. */
  timeZone?: string;
  /** The final schedule (overrides applied), in any order. */
  entries: PdDataEntry[];
}

export type PdDataTarget = { type: 'schedule'; id: string } | { type: 'user'; id: string };

export interface PdDataLevel {
  targets: PdDataTarget[];
  /** Minutes before an unacknowledged incident escalates to the next level; default 30. */
  delayMinutes?: number;
}

export interface PdDataPolicy {
  id: string;
  name: string;
  /** Level 1 first. */
  levels: PdDataLevel[];
}

export interface PdDataService {
  id: string;
  name: string;
  /** The escalation policy's ID. */
  escalationPolicy: string;
}

export interface PagerDutyData {
  users: PdDataUser[];
  schedules: PdDataSchedule[];
  escalationPolicies: PdDataPolicy[];
  services: PdDataService[];
}
