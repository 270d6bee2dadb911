// The on-call provider backed by PagerDuty's REST API. What P0's routing entries mean here:
//
// - `escalation` (and `auto` with `services`), `onCallFor(serviceIds)`: the IDs are PagerDuty SERVICE IDs.
//   For each, the service's escalation policy (`GET /services/{id}`), then the people on call now at that
//   policy's FIRST level (`escalation_level` 1) only (`GET /oncalls?escalation_policy_ids[]=...`). Admitting
//   every level would let the whole team behind a "page everyone" last level approve.
// - `auto` without `services`, `onCallAny()`: the requestor is on call now anywhere in PagerDuty: any
//   escalation policy, any level, through a schedule or named directly (`GET /oncalls` for the account),
//   plus schedules that no escalation policy uses, which have no on-calls (`GET /schedules` to find them,
//   then `GET /schedules/{id}` for their final entries and `GET /schedules/{id}/users` for the emails).
//
// "On call now" is start <= now < end to the millisecond, an open start or end never ending. Everything
// fetched is cached for at most the cache life (60 s windows, filtered at read time), concurrent lookups
// share requests in flight, requests run with bounded parallelism inside the client's call budget, and the
// provider never rejects: each service or schedule comes back answered or failed with a reason, and the
// engine fails closed on failures.
import type { PdScheduleSummary, PdService, PdUser, TimedOnCall } from './api-types.js';
import { createPagerDutyClient, type PagerDutyClient } from './client.js';
import { describeError, PagerDutyError } from './errors.js';
import { gatherLookups } from '../gather.js';
import { compareInstants, instantFromDate } from '../instant.js';
import { onCallAt, timedOnCall, timedScheduleEntry, type OnCallSet } from './on-call-set.js';
import { createLimiter } from '../parallel-limit.js';
import {
  resolvePagerDutySettings,
  WINDOW_MS,
  type PagerDutySettings,
  type ResolvedPagerDutySettings,
} from './settings.js';
import type { LookupOptions, OnCallAnswer, OnCallProvider, ScheduleLookup } from '../contract.js';
import { normaliseEmail } from '../../email.js';
import { TtlCache, WindowCache, type CacheRead } from '../window-cache.js';
import { frozen, unlessAborted as unlessAbortedBy } from '../lookup-helpers.js';

/**
 * How far before the instant of the lookup that opened a window its data is fetched (and may serve
 * lookups), for lookups that arrive out of order: a decision that waited on a slow call reaches the cache
 * with its own, older instant after newer lookups opened the windows. The filter at read time stays exact.
 */
export const LOOK_BACK_MS = 60_000;

/** The first level of an escalation policy: who is paged first, the only level `escalation` admits. */
export const FIRST_LEVEL = 1;

export interface PagerDutyProviderStats {
  /** HTTP requests sent, retries and pages included. */
  requestsSent: number;
  /** On-call list fetches started (one per escalation policy, or the whole account, and window). */
  onCallFetches: number;
  /** `GET /services/{id}` fetches started. */
  serviceFetches: number;
  /** Schedule list fetches started (each may span several pages). */
  scheduleListFetches: number;
  /** Fetches of one schedule outside every escalation policy (two requests each). */
  scheduleFetches: number;
  /** Reads served from cached data. */
  cacheHits: number;
  /** Reads that joined a request already in flight. */
  sharedWaits: number;
  /** Calls admitted by the client-side budget in the last 60 s. */
  callsLastMinute: number;
}

export interface PagerDutyProvider extends OnCallProvider {
  readonly integration: 'pagerduty';
  readonly client: PagerDutyClient;
  readonly settings: ResolvedPagerDutySettings;
  stats(): PagerDutyProviderStats;
  onCallForAtHand(serviceIds: readonly string[], now: Date): OnCallAnswer | undefined;
  onCallAnyAtHand(now: Date): OnCallAnswer | undefined;
  /** Drops every cached item (requests in flight finish normally). */
  clearCache(): void;
}

interface ScheduleData {
  name: string;
  entries: TimedOnCall[];
}

/** Resolves with the promise, or rejects with an `aborted` error when the signal fires first. */
function unlessAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  return unlessAbortedBy(promise, signal, () => new PagerDutyError('aborted', 'the lookup was cancelled'));
}

const validInstant = (now: unknown): now is Date => now instanceof Date && !Number.isNaN(now.getTime());

export function createPagerDutyProvider(input: PagerDutySettings | ResolvedPagerDutySettings): PagerDutyProvider {
  const settings = resolvePagerDutySettings(input);
  const client = createPagerDutyClient(settings);
  const key = settings.apiKey;
  const wallNow = () => settings.clock().getTime();
  const life = settings.cacheLifeMs;
  const onCalls = new WindowCache<TimedOnCall[]>(life, wallNow, LOOK_BACK_MS);
  const schedules = new WindowCache<ScheduleData>(life, wallNow, LOOK_BACK_MS);
  const services = new TtlCache<PdService>(life, wallNow);
  const scheduleList = new TtlCache<PdScheduleSummary[]>(life, wallNow);
  const limit = createLimiter(settings.parallelism);
  const counts = { onCallFetches: 0, serviceFetches: 0, scheduleListFetches: 0, scheduleFetches: 0 };
  const reads = { cacheHits: 0, sharedWaits: 0 };

  // Who is on call changes only at entry bounds, while every lookup in a cache life reads the same fetched
  // entries: a set computed for one instant serves every instant up to the next bound. Keyed by the fetched
  // array, so it goes when the cache drops the data.
  const sets = new WeakMap<readonly TimedOnCall[], Map<string, OnCallSet>>();
  const groupsOf = new WeakMap<readonly TimedOnCall[], Map<string, { name?: string; entries: TimedOnCall[] }>>();
  // The answer built from a set is the same while the set, the name and the fetch time are: one frozen
  // ScheduleLookup per set and ID, shared by every lookup until the next bound or the next fetch (the engine
  // makes the views of a shared frozen answer once, not once a decision).
  const answers = new WeakMap<OnCallSet, Map<string, { name?: string; fetchedAt: string; lookup: ScheduleLookup }>>();

  function answered(id: string, name: string | undefined, set: OnCallSet, fetchedAtMs: number): ScheduleLookup {
    const fetchedAt = new Date(fetchedAtMs).toISOString();
    let byId = answers.get(set);
    if (byId === undefined) answers.set(set, (byId = new Map()));
    const known = byId.get(id);
    if (known !== undefined && known.name === name && known.fetchedAt === fetchedAt) return known.lookup;
    const lookup = frozen({
      scheduleId: id,
      ...(name !== undefined ? { scheduleName: name } : {}),
      status: 'answered',
      onCall: set.onCall,
      skipped: set.skipped,
      fetchedAt,
    });
    byId.set(id, { ...(name !== undefined ? { name } : {}), fetchedAt, lookup });
    return lookup;
  }

  function setAt(
    entries: readonly TimedOnCall[],
    setKey: string,
    now: Date,
    keep?: (entry: TimedOnCall) => boolean,
  ): OnCallSet {
    const at = instantFromDate(now);
    let byKey = sets.get(entries);
    if (byKey === undefined) sets.set(entries, (byKey = new Map()));
    const known = byKey.get(setKey);
    if (
      known !== undefined &&
      (known.from === undefined || compareInstants(known.from, at) <= 0) &&
      (known.until === undefined || compareInstants(at, known.until) < 0)
    ) {
      return known;
    }
    const set = onCallAt(entries, at, keep);
    for (const p of set.onCall) Object.freeze(p);
    for (const k of set.skipped) Object.freeze(k);
    Object.freeze(set.onCall);
    Object.freeze(set.skipped);
    byKey.set(setKey, set);
    return set;
  }

  const count = <T>(read: CacheRead<T>): Promise<T> => {
    if (read.outcome === 'hit') reads.cacheHits++;
    else if (read.outcome === 'shared') reads.sharedWaits++;
    return read.value;
  };
  const range = (windowStart: number) => ({
    since: new Date(windowStart - LOOK_BACK_MS),
    until: new Date(windowStart + WINDOW_MS),
  });
  const failed = (scheduleId: string, reason: string, scheduleName?: string): ScheduleLookup => ({
    scheduleId,
    ...(scheduleName !== undefined ? { scheduleName } : {}),
    status: 'failed',
    reason,
  });

  /** On-calls of the whole account (`'*'`) or of one escalation policy, for the window around `atMs`. */
  function readOnCalls(policyId: string | undefined, atMs: number, deadline: number) {
    const cacheKey = policyId === undefined ? '*' : `ep:${policyId}`;
    return onCalls.read(cacheKey, atMs, (windowStart) => {
      counts.onCallFetches++;
      return limit(() =>
        client.listOnCalls(
          { ...range(windowStart), ...(policyId !== undefined ? { escalationPolicyIds: [policyId] } : {}) },
          { deadline },
        ),
      ).then((list) => list.map(timedOnCall));
    });
  }

  function readService(serviceId: string, deadline: number) {
    return services.read(serviceId, () => {
      counts.serviceFetches++;
      return limit(() => client.showService(serviceId, { deadline }));
    });
  }

  function readScheduleList(deadline: number) {
    return scheduleList.read('', () => {
      counts.scheduleListFetches++;
      return limit(() => client.listSchedules({ deadline }));
    });
  }

  function readSchedule(scheduleId: string, atMs: number, deadline: number) {
    return schedules.read(scheduleId, atMs, (windowStart) => {
      counts.scheduleFetches++;
      const r = range(windowStart);
      return Promise.all([
        limit(() => client.showSchedule(scheduleId, r, { deadline })),
        limit(() => client.listScheduleUsers(scheduleId, r, { deadline })),
      ]).then(([detail, users]) => {
        const byId = new Map<string, PdUser>(users.map((u) => [u.id, u]));
        return { name: detail.name, entries: detail.finalEntries.map((e) => timedScheduleEntry(e, byId)) };
      });
    });
  }

  /** The people on call now at the first level of the policy, from the policy's (or the account's) on-calls. */
  function firstLevelOf(service: PdService, entries: readonly TimedOnCall[], now: Date) {
    const policyId = service.escalationPolicy.id;
    return setAt(
      entries,
      `${policyId}\u0000${FIRST_LEVEL}`,
      now,
      (e) => e.escalationPolicy?.id === policyId && e.level === FIRST_LEVEL,
    );
  }

  /** `onCallFor`: the people on call now at the first level of the service's escalation policy. */
  async function lookupService(serviceId: string, now: Date, deadline: number): Promise<ScheduleLookup> {
    if (typeof serviceId !== 'string' || serviceId.trim() === '') return failed(String(serviceId), 'not a service ID');
    let name: string | undefined;
    try {
      const serviceRead = readService(serviceId, deadline);
      const service = await count(serviceRead);
      name = service.name;
      const policyId = service.escalationPolicy.id;
      const atMs = now.getTime();
      // The account's on-calls, when fresh, hold this policy's too: no second request for them.
      const whole = onCalls.peek('*', atMs);
      let entries: TimedOnCall[];
      let fetchedAt: number;
      if (whole) {
        reads.cacheHits++;
        ({ value: entries, fetchedAt } = whole);
      } else {
        const read = readOnCalls(policyId, atMs, deadline);
        entries = await count(read);
        fetchedAt = read.fetchedAt;
      }
      const set = firstLevelOf(service, entries, now);
      return answered(serviceId, name, set, Math.min(fetchedAt, serviceRead.fetchedAt));
    } catch (err) {
      return failed(serviceId, describeError(err, key), name);
    }
  }

  /** Every escalation policy with on-calls in the window, each with its people on call now at any level. */
  function byPolicy(entries: readonly TimedOnCall[], now: Date, fetchedAt: number): ScheduleLookup[] {
    let groups = groupsOf.get(entries);
    if (groups === undefined) {
      groupsOf.set(entries, (groups = new Map()));
      for (const e of entries) {
        const id = e.escalationPolicy!.id;
        let g = groups.get(id);
        if (!g)
          groups.set(
            id,
            (g = { ...(e.escalationPolicy!.summary ? { name: e.escalationPolicy!.summary } : {}), entries: [] }),
          );
        g.entries.push(e);
      }
    }
    return [...groups].map(([id, g]) => answered(id, g.name, setAt(g.entries, '', now), fetchedAt));
  }

  async function lookupSchedule(summary: PdScheduleSummary, now: Date, deadline: number): Promise<ScheduleLookup> {
    try {
      const read = readSchedule(summary.id, now.getTime(), deadline);
      const data = await count(read);
      return answered(summary.id, data.name || summary.name, setAt(data.entries, '', now), read.fetchedAt);
    } catch (err) {
      return failed(summary.id, describeError(err, key), summary.name);
    }
  }

  /**
   * What `onCallFor` answers when every service and its policy's on-calls are cached (no request, no wait);
   * undefined when one is not, or an ID is not one (the lookup that waits says why).
   */
  function onCallForAtHand(serviceIds: readonly string[], now: Date): OnCallAnswer | undefined {
    if (!validInstant(now)) return undefined;
    const atMs = now.getTime();
    const whole = onCalls.peek('*', atMs);
    type Cached<T> = { readonly value: T; readonly fetchedAt: number };
    const found: Array<{ id: string; service: Cached<PdService>; onCalls: Cached<TimedOnCall[]> }> = [];
    for (const id of new Set(serviceIds)) {
      if (typeof id !== 'string' || id.trim() === '') return undefined;
      const service = services.peek(id);
      const own = service && (whole ?? onCalls.peek(`ep:${service.value.escalationPolicy.id}`, atMs));
      if (!service || !own) return undefined;
      found.push({ id, service, onCalls: own });
    }
    reads.cacheHits += found.length * 2;
    return {
      at: now.toISOString(),
      schedules: found.map(({ id, service, onCalls: own }) =>
        answered(
          id,
          service.value.name,
          firstLevelOf(service.value, own.value, now),
          Math.min(own.fetchedAt, service.fetchedAt),
        ),
      ),
    };
  }

  /** What `onCallAny` answers when the account's on-calls, the schedule list and each unused schedule are cached. */
  function onCallAnyAtHand(now: Date): OnCallAnswer | undefined {
    if (!validInstant(now)) return undefined;
    const atMs = now.getTime();
    const whole = onCalls.peek('*', atMs);
    const list = scheduleList.peek('');
    if (!whole || !list) return undefined;
    const unused: ScheduleLookup[] = [];
    for (const summary of list.value) {
      if (summary.escalationPolicyIds?.length) continue;
      const data = schedules.peek(summary.id, atMs);
      if (!data) return undefined;
      unused.push(
        answered(summary.id, data.value.name || summary.name, setAt(data.value.entries, '', now), data.fetchedAt),
      );
    }
    reads.cacheHits += 2 + unused.length;
    return { at: now.toISOString(), schedules: [...byPolicy(whole.value, now, whole.fetchedAt), ...unused] };
  }

  async function onCallAny(now: Date, options: LookupOptions): Promise<OnCallAnswer> {
    if (!validInstant(now))
      return { at: String(now), schedules: [], listFailure: 'the lookup instant is not a valid time' };
    // Warm cache: the answer at hand, without a request or a promise per schedule (as incident.io's).
    const cached = options.signal?.aborted ? undefined : onCallAnyAtHand(now);
    if (cached !== undefined) return cached;
    const at = now.toISOString();
    const deadline = wallNow() + settings.deadlineMs;
    const wanted = options.stopWhenFound ? normaliseEmail(options.stopWhenFound) : undefined;
    const found = (lookups: readonly ScheduleLookup[]) =>
      wanted !== undefined && lookups.some((l) => l.status === 'answered' && l.onCall.some((p) => p.email === wanted));

    const policies: Promise<{ lookups: ScheduleLookup[] } | { failure: string }> = (async () => {
      try {
        const read = readOnCalls(undefined, now.getTime(), deadline);
        const entries = await unlessAborted(count(read), options.signal);
        return { lookups: byPolicy(entries, now, read.fetchedAt) };
      } catch (err) {
        return { failure: `could not read PagerDuty's on-calls: ${describeError(err, key)}` };
      }
    })();
    // Schedules no escalation policy uses have no on-calls; a schedule whose policies were not listed counts
    // as unused, which costs a fetch but never misses anyone.
    const outside: Promise<{ lookups: ScheduleLookup[]; partial?: true } | { failure: string }> = (async () => {
      let list: PdScheduleSummary[];
      try {
        list = await unlessAborted(count(readScheduleList(deadline)), options.signal);
      } catch (err) {
        return { failure: `could not list PagerDuty's schedules: ${describeError(err, key)}` };
      }
      const unused = new Map(list.filter((s) => !s.escalationPolicyIds?.length).map((s) => [s.id, s]));
      const { schedules: lookups, partial } = await gatherLookups(
        [...unused.keys()],
        (id) => lookupSchedule(unused.get(id)!, now, deadline),
        options,
        { provider: 'PagerDuty', item: 'schedule' },
      );
      return { lookups, ...(partial ? { partial } : {}) };
    })();

    return new Promise<OnCallAnswer>((resolve) => {
      let done = false;
      let fromPolicies: Awaited<typeof policies> | undefined;
      let fromSchedules: Awaited<typeof outside> | undefined;
      const finish = (partial: boolean) => {
        if (done) return;
        done = true;
        options.signal?.removeEventListener('abort', onAbort);
        const lookups: ScheduleLookup[] = [];
        const failures: string[] = [];
        for (const part of [fromPolicies, fromSchedules]) {
          if (part === undefined) {
            if (!partial) failures.push('the lookup was cancelled before PagerDuty answered');
          } else if ('failure' in part) failures.push(part.failure);
          else lookups.push(...part.lookups);
        }
        resolve({
          at,
          schedules: lookups,
          ...(failures.length ? { listFailure: [...new Set(failures)].join('; ') } : {}),
          ...(partial ? { partial: true } : {}),
        });
      };
      const onAbort = () => finish(false);
      if (options.signal?.aborted) return finish(false);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        if (fromPolicies !== undefined && fromSchedules !== undefined) finish(false);
      };
      policies.then((r) => {
        fromPolicies = r;
        if ('lookups' in r && found(r.lookups)) finish(true);
        else settle();
      });
      outside.then((r) => {
        fromSchedules = r;
        if ('lookups' in r && (r.partial || found(r.lookups))) finish(true);
        else settle();
      });
    });
  }

  return {
    integration: 'pagerduty',
    client,
    settings,

    async onCallFor(serviceIds, now, options = {}) {
      const ids = Array.isArray(serviceIds) ? serviceIds : [];
      if (!validInstant(now)) {
        return {
          at: String(now),
          schedules: [...new Set(ids)].map((id) => failed(String(id), 'the lookup instant is not a valid time')),
        };
      }
      const cached = options.signal?.aborted ? undefined : onCallForAtHand(ids, now);
      if (cached !== undefined) return cached;
      const deadline = wallNow() + settings.deadlineMs;
      const { schedules: lookups, partial } = await gatherLookups(
        ids,
        (id) => lookupService(id, now, deadline),
        options,
        { provider: 'PagerDuty', item: 'service' },
      );
      return { at: now.toISOString(), schedules: lookups, ...(partial ? { partial } : {}) };
    },

    onCallAny(now, options = {}) {
      return onCallAny(now, options);
    },

    onCallForAtHand: (serviceIds, now) => onCallForAtHand(Array.isArray(serviceIds) ? serviceIds : [], now),
    onCallAnyAtHand,

    stats() {
      return {
        requestsSent: client.requestsSent,
        ...counts,
        ...reads,
        callsLastMinute: client.transport.budget.recent,
      };
    },

    clearCache() {
      onCalls.clear();
      schedules.clear();
      services.clear();
      scheduleList.clear();
    },
  };
}
