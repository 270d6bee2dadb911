// The parts of incident.io's API responses this package reads (field names as the API spells them).
// Everything else in a response is ignored: incident.io adds fields and enum values without notice.
import type { Instant } from '../instant.js';

export interface ApiUser {
  id?: string;
  name?: string;
  email?: string;
  role?: string;
  slack_user_id?: string;
}

/** One schedule entry (ScheduleEntryV2): `start_at` and `end_at` always, the rest optional. */
export interface ApiScheduleEntry {
  start_at: string;
  end_at: string;
  user?: ApiUser;
  entry_id?: string;
  fingerprint?: string;
  rotation_id?: string;
  layer_id?: string;
}

/** A schedule (ScheduleV2), reduced to what we use. */
export interface ApiSchedule {
  id: string;
  name: string;
  /** Empty when the API did not say. */
  timezone: string;
  team_ids: string[];
}

export interface SchedulesPage {
  schedules: ApiSchedule[];
  /** Cursor of the next page; absent on the last page. */
  after?: string;
  totalRecordCount?: number;
}

/** ScheduleEntriesListPayloadV2: `final` is the resolved schedule (overrides applied). */
export interface ScheduleEntries {
  scheduled: ApiScheduleEntry[];
  overrides: ApiScheduleEntry[];
  final: ApiScheduleEntry[];
}

export interface EntriesPage extends ScheduleEntries {
  after?: string;
}

export interface Identity {
  name: string;
  roles: string[];
  /** Roles that apply only to resources owned by `teams` (in addition to `roles`). */
  teamRoles: string[];
  teams: { id: string; name: string }[];
  dashboardUrl?: string;
}

/** An entry with its bounds parsed exactly (see instant.ts): what the cache keeps and lookups filter. */
export interface TimedEntry {
  start: Instant;
  end: Instant;
  user?: { id?: string; name?: string; email?: string };
}
