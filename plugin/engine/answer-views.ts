// How on-call answers appear in a decision's trace: briefly in each condition that read them (who was on
// call), and in full in the list of lookups. The incident.io provider shares its schedule answers between
// decisions, sealed (frozen plain data, see providers/lookup-helpers.ts); the views of such an answer are
// made once and shared as well, frozen too, so no decision's trace can change another's. Over a large
// account ("on call for any schedule") this removes most of what a decision allocates. Any other answer gets
// fresh views every time.
import type { OnCallAnswer, ScheduleLookup } from '../providers/contract.js';
import type { LookupScheduleTrace } from './decision-types.js';
import { isSealed } from '../providers/lookup-helpers.js';

export type BriefSchedule =
  | { scheduleId: string; status: 'answered'; onCall: string[] }
  | { scheduleId: string; status: 'failed'; reason: string };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function viewOf<V>(cache: WeakMap<ScheduleLookup, V>, s: ScheduleLookup, make: (s: ScheduleLookup) => V): V {
  const known = cache.get(s);
  if (known !== undefined) return known;
  const view = make(s);
  // A sealed answer never changes, so neither does a view made from it.
  if (isSealed(s)) cache.set(s, deepFreeze(view));
  return view;
}

const briefs = new WeakMap<ScheduleLookup, BriefSchedule>();
const fulls = new WeakMap<ScheduleLookup, LookupScheduleTrace>();

function brief(s: ScheduleLookup): BriefSchedule {
  return s.status === 'answered'
    ? { scheduleId: s.scheduleId, status: s.status, onCall: s.onCall.map((p) => p.email) }
    : { scheduleId: s.scheduleId, status: s.status, reason: s.reason };
}

function full(s: ScheduleLookup): LookupScheduleTrace {
  return s.status === 'answered'
    ? {
        scheduleId: s.scheduleId,
        ...(s.scheduleName ? { scheduleName: s.scheduleName } : {}),
        status: 'answered',
        onCall: s.onCall.map((p) => ({ email: p.email, until: p.until })),
        ...(s.skipped.length > 0 ? { skipped: s.skipped } : {}),
      }
    : {
        scheduleId: s.scheduleId,
        ...(s.scheduleName ? { scheduleName: s.scheduleName } : {}),
        status: 'failed',
        reason: s.reason,
      };
}

/** What a condition that read this answer shows: per schedule, who was on call or why it failed. */
export function briefAnswer(answer: OnCallAnswer): { at: string; schedules: BriefSchedule[]; listFailure?: string } {
  return {
    at: answer.at,
    schedules: answer.schedules.map((s) => viewOf(briefs, s, brief)),
    ...(answer.listFailure ? { listFailure: answer.listFailure } : {}),
  };
}

/** The schedules of a lookup as the trace lists them. */
export function scheduleTraces(answer: OnCallAnswer): LookupScheduleTrace[] {
  return answer.schedules.map((s) => viewOf(fulls, s, full));
}
