// An in-test on-call provider computed straight from raw entries (start <= now < end), with switches to
// make schedules fail, the whole provider throw, or the schedule list fail. Counts its calls.
import type {
  LookupOptions,
  OnCallAnswer,
  OnCallProvider,
  ScheduleLookup,
} from '../../../plugin/providers/contract.js';

export interface RawEntry {
  start: string;
  end: string;
  email?: string;
  name?: string;
}

export interface RawSchedule {
  id: string;
  name: string;
  entries: RawEntry[];
}

export interface FakeProviderOptions {
  /** Schedule IDs whose lookups fail. */
  failing?: string[];
  /** Every call rejects (a broken provider breaking its contract). */
  throws?: boolean;
  /** `onCallAny` reports that the schedule list could not be read (and answers nothing). */
  listFails?: boolean;
}

export interface FakeProvider extends OnCallProvider {
  calls: { onCallFor: number; onCallAny: number };
}

/** Emails on call for a schedule at `now`, straight from raw entries. */
export function onCallAtRaw(schedule: RawSchedule, now: Date): string[] {
  const t = now.getTime();
  return schedule.entries
    .filter((e) => e.email && Date.parse(e.start) <= t && t < Date.parse(e.end))
    .map((e) => e.email!.trim().toLowerCase());
}

export function createFakeProvider(schedules: RawSchedule[], options: FakeProviderOptions = {}): FakeProvider {
  const byId = new Map(schedules.map((s) => [s.id, s]));
  const calls = { onCallFor: 0, onCallAny: 0 };
  const lookup = (id: string, now: Date): ScheduleLookup => {
    const s = byId.get(id);
    if (!s) return { scheduleId: id, status: 'failed', reason: `schedule ${id} does not exist` };
    if (options.failing?.includes(id)) {
      return { scheduleId: id, scheduleName: s.name, status: 'failed', reason: 'incident.io answered 503' };
    }
    const t = now.getTime();
    const onCall = s.entries
      .filter((e) => e.email && Date.parse(e.start) <= t && t < Date.parse(e.end))
      .map((e) => ({
        email: e.email!.trim().toLowerCase(),
        since: new Date(e.start).toISOString(),
        until: e.end,
        ...(e.name ? { name: e.name } : {}),
      }));
    return {
      scheduleId: id,
      scheduleName: s.name,
      status: 'answered',
      onCall,
      skipped: [],
      fetchedAt: now.toISOString(),
    };
  };
  const answer = async (ids: readonly string[], now: Date): Promise<OnCallAnswer> => {
    await Promise.resolve();
    if (options.throws) throw new Error('connection reset by peer');
    return { at: now.toISOString(), schedules: [...new Set(ids)].map((id) => lookup(id, now)) };
  };
  return {
    integration: 'incidentio',
    calls,
    onCallFor(ids, now, _opts?: LookupOptions) {
      calls.onCallFor++;
      return answer(ids, now);
    },
    async onCallAny(now, _opts?: LookupOptions) {
      calls.onCallAny++;
      if (options.listFails && !options.throws) {
        return { at: now.toISOString(), schedules: [], listFailure: 'incident.io answered 500 listing schedules' };
      }
      return answer([...byId.keys()], now);
    },
  };
}
