// The on-call provider backed by the incident.io API: the seed algorithm (entries for [now, now + 1 min],
// keep start_at <= now < end_at, resolved `final` entries, emails normalised) behind a per-schedule window
// cache, shared in-flight requests, bounded parallelism and the client's call budget. It never rejects:
// each schedule comes back answered or failed with a reason, and the engine fails closed on failures.
import type { ApiSchedule, TimedEntry } from './api-types.js';
import { createIncidentIoClient, type IncidentIoClient } from './client.js';
import { toTimedEntry } from './decode.js';
import { describeError, IncidentIoError } from './errors.js';
import { gatherLookups } from '../gather.js';
import { compareInstants, instantFromDate, type Instant } from '../instant.js';
import { onCallAt } from './on-call-set.js';
import { createLimiter } from '../parallel-limit.js';
import { resolveSettings, WINDOW_MS, type IncidentIoSettings, type ResolvedIncidentIoSettings } from './settings.js';
import type {
  LookupOptions,
  OnCallAnswer,
  ScheduleListingProvider,
  ScheduleLookup,
  ScheduleSummary,
} from '../contract.js';
import { WindowCache } from '../window-cache.js';
import { frozen, unlessAborted as unlessAbortedBy } from '../lookup-helpers.js';
import { stableSpan } from '../on-call-set.js';

/**
 * How far before the instant of the lookup that opened a window its entries are fetched (and may serve
 * lookups), for lookups that arrive out of order; see ../window-cache.ts. The filter at read time stays exact.
 * A whole window (60 s), not a moment: a decision that waited on a slow list call (a 429 pause, retries)
 * reaches the cache with its own, older instant after newer lookups refreshed the windows, and with 10 s it
 * paid a second fetch of every schedule within one cache life (seen in the sustained benchmark with a coarse
 * clock: 15 entry calls where one per schedule and cache life is 12). The request asks for two minutes of
 * entries instead of 70 s; for shifts of hours that is the same few entries.
 */
export const LOOK_BACK_MS = 60_000;

export interface ProviderStats {
  /** HTTP requests sent, retries and pages included. */
  requestsSent: number;
  /** Schedule entry fetches started (one per schedule and window; each may span several pages). */
  entryFetches: number;
  /** Schedule list fetches started (each may span several pages). */
  listFetches: number;
  /** Lookups served from cached entries. */
  cacheHits: number;
  /** Lookups that joined a request already in flight. */
  sharedWaits: number;
  /** Calls admitted by the client-side budget in the last 60 s. */
  callsLastMinute: number;
}

export interface IncidentIoProvider extends ScheduleListingProvider {
  readonly client: IncidentIoClient;
  readonly settings: ResolvedIncidentIoSettings;
  stats(): ProviderStats;
  onCallForAtHand(scheduleIds: readonly string[], now: Date): OnCallAnswer | undefined;
  onCallAnyAtHand(now: Date): OnCallAnswer | undefined;
  /** Drops cached entries and the cached schedule list (requests in flight finish normally). */
  clearCache(): void;
}

/** The IDs without repeats, in first-seen order; the same array when there are none (the usual case). */
function distinct(ids: readonly string[]): readonly string[] {
  if (ids.length > 16) {
    const set = new Set(ids);
    return set.size === ids.length ? ids : [...set];
  }
  for (let i = 1; i < ids.length; i++) {
    for (let j = 0; j < i; j++) if (ids[i] === ids[j]) return [...new Set(ids)];
  }
  return ids;
}

function summary(s: ApiSchedule): ScheduleSummary {
  return { id: s.id, name: s.name, timezone: s.timezone, teamIds: s.team_ids };
}

/** Resolves with the promise, or rejects with an `aborted` error when the signal fires first. */
function unlessAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  return unlessAbortedBy(promise, signal, () => new IncidentIoError('aborted', 'the lookup was cancelled'));
}

export function createIncidentIoProvider(input: IncidentIoSettings | ResolvedIncidentIoSettings): IncidentIoProvider {
  const settings = resolveSettings(input);
  const client = createIncidentIoClient(settings);
  const wallNow = () => settings.clock().getTime();
  const cache = new WindowCache<TimedEntry[]>(settings.cacheLifeMs, wallNow, LOOK_BACK_MS);
  const limit = createLimiter(settings.parallelism);
  // Schedule names make reasons readable; they are not used to decide anything, so they may outlive the cache.
  const names = new Map<string, string>();
  const counts = { entryFetches: 0, listFetches: 0, cacheHits: 0, sharedWaits: 0 };
  let list: { promise: Promise<ApiSchedule[]>; fetchedAt: number; value?: ApiSchedule[] } | undefined;
  // Who is on call changes only at entry boundaries, while every lookup in a cache life reads the same fetched
  // entries: the answer computed for one instant serves every instant up to the next boundary. Keyed by the
  // fetched entry list, so it goes when the cache drops the entries.
  const answers = new WeakMap<
    TimedEntry[],
    { from?: Instant; until?: Instant; name: string | undefined; lookup: ScheduleLookup }
  >();
  const listIds = new WeakMap<ApiSchedule[], readonly string[]>();

  const fail = (scheduleId: string, reason: string): ScheduleLookup => ({
    scheduleId,
    ...(names.has(scheduleId) ? { scheduleName: names.get(scheduleId)! } : {}),
    status: 'failed',
    reason,
  });

  /** The account's schedules, cached with the same bounded life as entries; one request in flight at a time. */
  function readList(deadline: number): Promise<ApiSchedule[]> {
    const wall = wallNow();
    if (list && (!list.value || wall < list.fetchedAt + settings.cacheLifeMs)) return list.promise;
    const entry: NonNullable<typeof list> = { fetchedAt: wall, promise: client.listAllSchedules({ deadline }) };
    counts.listFetches++;
    list = entry;
    entry.promise.then(
      (schedules) => {
        entry.value = schedules;
        for (const s of schedules) names.set(s.id, s.name);
      },
      () => {
        if (list === entry) list = undefined; // errors are never cached
      },
    );
    return entry.promise;
  }

  function answered(scheduleId: string, entries: TimedEntry[], fetchedAt: number, now: Date): ScheduleLookup {
    const at = instantFromDate(now);
    const name = names.get(scheduleId);
    const known = answers.get(entries);
    if (
      known !== undefined &&
      known.name === name &&
      (known.from === undefined || compareInstants(known.from, at) <= 0) &&
      (known.until === undefined || compareInstants(at, known.until) < 0)
    ) {
      return known.lookup;
    }
    const { onCall, skipped } = onCallAt(entries, at);
    const lookup = frozen({
      scheduleId,
      ...(name !== undefined ? { scheduleName: name } : {}),
      status: 'answered',
      onCall,
      skipped,
      fetchedAt: new Date(fetchedAt).toISOString(),
    });
    answers.set(entries, { ...stableSpan(entries, at), name, lookup });
    return lookup;
  }

  /** Every schedule answered from entries already fetched, or undefined when one of them needs a fetch or a wait. */
  function answerFromCache(ids: readonly string[], now: Date): ScheduleLookup[] | undefined {
    const t = now.getTime();
    const unique = distinct(ids);
    for (const id of unique) {
      if (typeof id !== 'string' || id.trim() === '' || cache.peek(id, t) === undefined) return undefined;
    }
    const out: ScheduleLookup[] = [];
    for (const id of unique) {
      const hit = cache.peek(id, t)!;
      out.push(answered(id, hit.value, hit.fetchedAt, now));
    }
    counts.cacheHits += out.length;
    return out;
  }

  /** The account's schedule IDs when the cached list is still fresh (what `readList` would return at once). */
  function freshListIds(): readonly string[] | undefined {
    const value = list?.value;
    if (value === undefined || !(wallNow() < list!.fetchedAt + settings.cacheLifeMs)) return undefined;
    return idsOf(value);
  }

  function idsOf(schedules: ApiSchedule[]): readonly string[] {
    let ids = listIds.get(schedules);
    if (ids === undefined) listIds.set(schedules, (ids = Object.freeze(distinct(schedules.map((s) => s.id)))));
    return ids;
  }

  async function lookup(scheduleId: string, now: Date, deadline: number): Promise<ScheduleLookup> {
    if (typeof scheduleId !== 'string' || scheduleId.trim() === '')
      return fail(String(scheduleId), 'not a schedule ID');
    try {
      const read = cache.read(scheduleId, now.getTime(), (windowStart) => {
        counts.entryFetches++;
        return limit(() =>
          client.listScheduleEntries(
            {
              scheduleId,
              windowStart: new Date(windowStart - LOOK_BACK_MS),
              windowEnd: new Date(windowStart + WINDOW_MS),
            },
            { deadline },
          ),
        ).then((entries) => entries.final.map(toTimedEntry));
      });
      if (read.outcome === 'hit') counts.cacheHits++;
      else if (read.outcome === 'shared') counts.sharedWaits++;
      const entries = await read.value;
      return answered(scheduleId, entries, read.fetchedAt, now);
    } catch (err) {
      return fail(scheduleId, describeError(err, settings.apiKey));
    }
  }

  /** The answer for these schedules when every one is cached (what `lookupAll` would return at once). */
  function atHand(ids: readonly string[], now: Date): OnCallAnswer | undefined {
    if (!(now instanceof Date) || Number.isNaN(now.getTime())) return undefined;
    const cached = answerFromCache(ids, now);
    return cached === undefined ? undefined : { at: now.toISOString(), schedules: cached };
  }

  async function lookupAll(
    ids: readonly string[],
    now: Date,
    options: LookupOptions,
    deadline = wallNow() + settings.deadlineMs,
  ): Promise<OnCallAnswer> {
    if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
      return {
        at: String(now),
        schedules: [...new Set(ids)].map((id) => fail(id, 'the lookup instant is not a valid time')),
      };
    }
    // Warm cache: answer at once, without a promise per schedule.
    if (!options.signal?.aborted) {
      const cached = atHand(ids, now);
      if (cached !== undefined) return cached;
    }
    const { schedules, partial } = await gatherLookups(ids, (id) => lookup(id, now, deadline), options, {
      provider: 'incident.io',
      item: 'schedule',
    });
    return { at: now.toISOString(), schedules, ...(partial ? { partial } : {}) };
  }

  return {
    integration: 'incidentio',
    client,
    settings,

    async onCallFor(scheduleIds, now, options = {}) {
      return lookupAll(Array.isArray(scheduleIds) ? scheduleIds : [], now, options);
    },

    async onCallAny(now, options = {}) {
      if (settings.scheduleAllowList) return lookupAll(settings.scheduleAllowList, now, options);
      const at = now instanceof Date && !Number.isNaN(now.getTime()) ? now.toISOString() : String(now);
      // One deadline for the list and the entries after it: the entries do not get a fresh one.
      const deadline = wallNow() + settings.deadlineMs;
      // A fresh cached list is used as it is; otherwise read it (shared with any read in flight).
      let ids = options.signal?.aborted ? undefined : freshListIds();
      if (ids === undefined) {
        try {
          const schedules = await unlessAborted(readList(deadline), options.signal);
          ids = idsOf(schedules);
        } catch (err) {
          return {
            at,
            schedules: [],
            listFailure: `could not list the account's schedules: ${describeError(err, settings.apiKey)}`,
          };
        }
      }
      return lookupAll(ids, now, options, deadline);
    },

    onCallForAtHand(scheduleIds, now) {
      return atHand(Array.isArray(scheduleIds) ? scheduleIds : [], now);
    },

    onCallAnyAtHand(now) {
      const ids = settings.scheduleAllowList ?? freshListIds();
      return ids === undefined ? undefined : atHand(ids, now);
    },

    async listSchedules(options = {}) {
      try {
        const schedules = await unlessAborted(readList(wallNow() + settings.deadlineMs), options.signal);
        return schedules.map(summary);
      } catch (err) {
        // Re-word through describeError so nothing but the sentence (never the key) leaves this function.
        const kind = err instanceof IncidentIoError ? err.kind : 'network';
        throw new IncidentIoError(
          kind,
          describeError(err, settings.apiKey),
          err instanceof IncidentIoError ? err.details : {},
        );
      }
    },

    stats() {
      return {
        requestsSent: client.requestsSent,
        ...counts,
        callsLastMinute: client.transport.budget.recent,
      };
    },

    clearCache() {
      cache.clear();
      list = undefined;
    },
  };
}
