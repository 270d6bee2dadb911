// The on-call provider fed by a local schedules file: the same answers, by the same rule
// (start_at <= now < end_at over the resolved entries), as the incident.io provider, without the network.
import type { TimedEntry } from '../incidentio/api-types.js';
import { toTimedEntry } from '../incidentio/decode.js';
import { gatherLookups } from '../gather.js';
import { instantFromDate } from '../instant.js';
import { onCallAt } from '../incidentio/on-call-set.js';
import type { SchedulesFile } from './schedules-file.js';
import type { LookupOptions, OnCallAnswer, ScheduleListingProvider, ScheduleLookup } from '../contract.js';

export interface LocalProviderOptions {
  /** As for the API: "any schedule" means these schedules only. */
  scheduleAllowList?: readonly string[];
  /** Reported as `fetchedAt`; default: when the provider was created. */
  loadedAt?: Date;
}

export function createLocalProvider(data: SchedulesFile, options: LocalProviderOptions = {}): ScheduleListingProvider {
  const schedules = new Map<string, { name: string; entries: TimedEntry[] }>();
  for (const s of data.schedules) schedules.set(s.id, { name: s.name, entries: s.entries.map(toTimedEntry) });
  const fetchedAt = (options.loadedAt ?? new Date()).toISOString();

  function lookup(id: string, now: Date): ScheduleLookup {
    const schedule = schedules.get(id);
    if (!schedule)
      return {
        scheduleId: id,
        status: 'failed',
        reason: `schedule ${id} is not in the schedules file${data.file ? ` ${data.file}` : ''}`,
      };
    const { onCall, skipped } = onCallAt(schedule.entries, instantFromDate(now));
    return { scheduleId: id, scheduleName: schedule.name, status: 'answered', onCall, skipped, fetchedAt };
  }

  async function lookupAll(ids: readonly string[], now: Date, opts: LookupOptions): Promise<OnCallAnswer> {
    if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
      return {
        at: String(now),
        schedules: [...new Set(ids)].map((id) => ({
          scheduleId: id,
          status: 'failed',
          reason: 'the lookup instant is not a valid time',
        })),
      };
    }
    const { schedules: answers, partial } = await gatherLookups(ids, async (id) => lookup(id, now), opts);
    return { at: now.toISOString(), schedules: answers, ...(partial ? { partial } : {}) };
  }

  return {
    integration: 'incidentio',
    onCallFor: (ids, now, opts = {}) => lookupAll(Array.isArray(ids) ? ids : [], now, opts),
    onCallAny: (now, opts = {}) => lookupAll(options.scheduleAllowList ?? [...schedules.keys()], now, opts),
    listSchedules: async () =>
      data.schedules.map((s) => ({ id: s.id, name: s.name, timezone: s.timezone ?? 'UTC', teamIds: s.teamIds ?? [] })),
  };
}
