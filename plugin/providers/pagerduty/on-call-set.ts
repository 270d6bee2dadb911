// Who is on call at one instant, from PagerDuty on-calls or schedule entries: the users of the entries with
// start <= now < end, emails trimmed and lower-cased (ASCII only, see email.ts). An open start (`null`:
// "a permanent user on-call") is the far past and an open end (`null`: "does not go off-call") the far
// future, so both still go through the same exact comparison. A person listed several times (once per
// escalation level or schedule layer, or on overlapping on-calls) is one person. An entry covering the
// instant with no user, or a user without an email, joins no set and is reported as skipped.
import type { PdOnCall, PdScheduleEntry, PdUser, TimedOnCall } from './api-types.js';
import { ShapeError } from './decode.js';
import { parseInstant, type Instant } from '../instant.js';
import { peopleOnCall, stableSpan } from '../on-call-set.js';
import type { OnCallPerson, SkippedEntry } from '../contract.js';

/** `start: null`: on call since always. Shown as 0001-01-01T00:00:00Z. */
export const OPEN_START: Instant = parseInstant('0001-01-01T00:00:00Z')!;
/** `end: null`: on call for ever. Shown as 9999-12-31T23:59:59.999Z. */
export const OPEN_END: Instant = parseInstant('9999-12-31T23:59:59.999Z')!;

function bound(text: string | null, open: Instant, what: string): Instant {
  if (text === null) return open;
  const instant = parseInstant(text);
  if (!instant) throw new ShapeError(`${what} is not an RFC 3339 time: ${JSON.stringify(text)}`);
  return instant;
}

export function timedOnCall(o: PdOnCall): TimedOnCall {
  return {
    start: bound(o.start, OPEN_START, 'an on-call start'),
    end: bound(o.end, OPEN_END, 'an on-call end'),
    level: o.level,
    escalationPolicy: o.escalationPolicy,
    ...(o.schedule ? { schedule: o.schedule } : {}),
    ...(o.user ? { user: o.user } : {}),
  };
}

/** Schedule entries name users by reference; their emails come from the schedule's users (by ID). */
export function timedScheduleEntry(e: PdScheduleEntry, users: ReadonlyMap<string, PdUser>): TimedOnCall {
  const user = e.user
    ? (users.get(e.user.id) ?? { id: e.user.id, ...(e.user.summary ? { name: e.user.summary } : {}) })
    : undefined;
  return {
    start: bound(e.start, OPEN_START, 'a schedule entry start'),
    end: bound(e.end, OPEN_END, 'a schedule entry end'),
    level: 0,
    ...(user ? { user } : {}),
  };
}

export interface OnCallSet {
  onCall: OnCallPerson[];
  skipped: SkippedEntry[];
  /**
   * The nearest entry bounds at or before the instant (from) and after it (until): the set is the same for
   * every instant in [from, until), since no kept entry starts or ends inside it.
   */
  from?: Instant;
  until?: Instant;
}

export function onCallAt(
  entries: readonly TimedOnCall[],
  at: Instant,
  keep: (entry: TimedOnCall) => boolean = () => true,
): OnCallSet {
  const kept = entries.filter(keep);
  const { onCall, skipped } = peopleOnCall(kept, at);
  return { onCall, skipped, ...stableSpan(kept, at) };
}
