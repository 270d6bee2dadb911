// The on-call provider contract: the one interface that the incident.io API, the simulator and the
// local schedules file all feed, and that the engine's on-call facts consume.
//
// A provider never rejects: every schedule it was asked about comes back either `answered` (with the
// people on call at the instant) or `failed` (with a reason a person can read). The engine treats a failed
// schedule as unknown and never approves on it.

/** A person on call at the lookup instant, from one resolved (`final`) entry. */
export interface OnCallPerson {
  /** Trimmed and lower-cased. */
  email: string;
  name?: string;
  userId?: string;
  /** The covering entry's start and end (ISO, UTC). */
  since: string;
  until: string;
}

/** An entry covering the instant that joins no on-call set; kept so a trace can show it. */
export interface SkippedEntry {
  reason: 'no-user' | 'no-email';
  since: string;
  until: string;
  userId?: string;
  userName?: string;
}

export type ScheduleLookup =
  | {
      scheduleId: string;
      scheduleName?: string;
      status: 'answered';
      onCall: OnCallPerson[];
      skipped: SkippedEntry[];
      /** When the entries behind this answer were fetched (ISO); they are never older than the cache life. */
      fetchedAt: string;
    }
  | {
      scheduleId: string;
      scheduleName?: string;
      status: 'failed';
      /** Plain words, never the API key: "incident.io answered 401 (request id r-1): the API key was rejected". */
      reason: string;
    };

export interface OnCallAnswer {
  /** The instant evaluated (ISO, UTC). */
  at: string;
  schedules: ScheduleLookup[];
  /** Set when the account's schedule list itself could not be read (only for `onCallAny`). */
  listFailure?: string;
  /**
   * True when the provider returned before every schedule answered because `stopWhenFound` was confirmed
   * on call by an answered schedule. Schedules not yet answered are absent from `schedules`.
   */
  partial?: boolean;
}

export interface LookupOptions {
  /** Resolve as soon as an answered schedule has this email on call (the rest keep warming the cache). */
  stopWhenFound?: string;
  signal?: AbortSignal;
}

export interface OnCallProvider {
  /** The integration this provider speaks for, as written in routing files. */
  readonly integration: 'incidentio' | 'pagerduty';
  /** Who is on call at `now` for each of these schedule IDs. Never rejects. */
  onCallFor(scheduleIds: readonly string[], now: Date, options?: LookupOptions): Promise<OnCallAnswer>;
  /** Who is on call at `now` for every schedule of the account (or the configured allow-list). Never rejects. */
  onCallAny(now: Date, options?: LookupOptions): Promise<OnCallAnswer>;
  /**
   * Optional, and not `async`: what `onCallFor` would answer, when every schedule can be answered at once
   * from what the provider already holds (no request, no wait); undefined otherwise. Called before every
   * lookup. A lookup answered this way waits on no promise and starts no deadline; the answer goes through
   * the same checks as one that waited. A promise, a `partial` answer, a throw or a malformed value counts
   * as no answer at hand.
   */
  onCallForAtHand?(scheduleIds: readonly string[], now: Date): OnCallAnswer | undefined;
  /** Optional: the same for `onCallAny`. */
  onCallAnyAtHand?(now: Date): OnCallAnswer | undefined;
}

/** A schedule as listed by a provider (added for `schedules`, `validate --online` and friends). */
export interface ScheduleSummary {
  id: string;
  name: string;
  /** IANA zone name; empty when the source did not say. */
  timezone: string;
  teamIds?: string[];
}

/**
 * A provider that can also list the schedules it knows. Both built-in providers (incident.io API and the
 * local schedules file) are one. Unlike the lookups, `listSchedules` rejects (with a plain-sentence error
 * that never contains the API key) when the list cannot be read.
 */
export interface ScheduleListingProvider extends OnCallProvider {
  listSchedules(options?: { signal?: AbortSignal }): Promise<ScheduleSummary[]>;
}
