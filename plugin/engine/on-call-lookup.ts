// The work behind the on-call facts: ask the integration's provider, and turn whatever comes back (an
// answer, a rejection, a malformed object, no provider at all) into an OnCallAnswer the operators can
// trust. Every failure becomes a "failed" schedule with a reason: unknown, therefore never on call.
// The engine also re-checks each person's shift against the instant, so a provider that returned a stale
// or future entry cannot make someone on call.
import { compareInstants, covers, instantFromDate, parseInstant, type Instant } from '../providers/instant.js';
import type {
  LookupOptions,
  OnCallAnswer,
  OnCallPerson,
  OnCallProvider,
  ScheduleLookup,
} from '../providers/contract.js';
import type { Integration } from '../routing/types.js';
import { normEmail } from './operators.js';

export type OnCallProviders = Partial<Record<Integration, OnCallProvider>>;

export interface LookupRequest {
  fact: 'onCallAny' | 'onCallFor';
  integration: string;
  /** `onCallFor` only. */
  schedules?: readonly string[];
}

function failedAll(at: string, request: LookupRequest, reason: string): OnCallAnswer {
  const ids = [...new Set(request.schedules ?? [])];
  return {
    at,
    schedules: ids.map((scheduleId) => ({ scheduleId, status: 'failed', reason })),
    ...(request.fact === 'onCallAny' ? { listFailure: reason } : {}),
  };
}

/** Why lookups stopped: the signal's reason (the decision's deadline, or the caller giving up). */
export function stoppedReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message) return messageOf(reason);
  return 'the lookup was cancelled';
}

const STOPPED = Symbol('stopped');

/**
 * How long a provider may take to hand back what it has once the signal fires: a provider that honours the
 * signal answers at once (with its answered schedules kept); one that ignores it is cut off after this.
 */
const GRACE_MS = 50;

/** The provider's answer, or STOPPED when the signal fired and the provider did not answer within the grace. */
function untilStopped<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof STOPPED> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      timer = setTimeout(() => resolve(STOPPED), GRACE_MS);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

// Shift boundaries repeat across lookups (every decision in a shift sees the same `since`/`until`), so their
// parses are remembered; the map is emptied when it grows large, which bounds it without bookkeeping.
const parsed = new Map<string, Instant | undefined>();
function instantOf(text: unknown): Instant | undefined {
  if (typeof text !== 'string') return undefined;
  if (parsed.has(text)) return parsed.get(text);
  if (parsed.size >= 10_000) parsed.clear();
  const instant = parseInstant(text);
  parsed.set(text, instant);
  return instant;
}

/** Keep only people whose shift really covers `now`, with normalised emails (the same array when all pass). */
function checkedPeople(people: unknown, now: Date): OnCallPerson[] {
  if (!Array.isArray(people)) return [];
  const at = instantFromDate(now);
  let out: OnCallPerson[] | undefined;
  for (let i = 0; i < people.length; i++) {
    const p = people[i] as OnCallPerson;
    const email = normEmail(p?.email);
    const since = instantOf(p?.since);
    const until = instantOf(p?.until);
    const ok = email !== undefined && since !== undefined && until !== undefined && covers(since, until, at);
    if (ok && email === p.email && out === undefined) continue; // unchanged so far: no copy yet
    out ??= (people as OnCallPerson[]).slice(0, i);
    if (ok) out.push(email === p.email ? p : { ...p, email });
  }
  return out ?? (people as OnCallPerson[]);
}

/**
 * For an answered lookup that can never change (frozen, with a frozen list of frozen people, each with a
 * normalised email and a valid shift): the span every shift in it covers, from the latest start to the
 * earliest end (unbounded when nobody is listed). At an instant inside it, the lookup passes the check
 * unchanged, so it is returned without checking each person again. Null when it cannot pass unchanged.
 */
interface UnchangedSpan {
  from?: Instant;
  until?: Instant;
}
const unchangedSpans = new WeakMap<ScheduleLookup, UnchangedSpan | null>();
function unchangedSpan(l: ScheduleLookup & { status: 'answered' }): UnchangedSpan | null {
  let span = unchangedSpans.get(l);
  if (span !== undefined) return span;
  span = null;
  if (
    Array.isArray(l.onCall) &&
    Object.isFrozen(l.onCall) &&
    (l.scheduleName === undefined || typeof l.scheduleName === 'string') &&
    Array.isArray(l.skipped) &&
    typeof l.fetchedAt === 'string'
  ) {
    let from: Instant | undefined;
    let until: Instant | undefined;
    let ok = true;
    for (const p of l.onCall) {
      const since = instantOf(p?.since);
      const end = instantOf(p?.until);
      if (!Object.isFrozen(p) || normEmail(p.email) !== p.email || since === undefined || end === undefined) {
        ok = false;
        break;
      }
      if (from === undefined || compareInstants(since, from) > 0) from = since;
      if (until === undefined || compareInstants(end, until) < 0) until = end;
    }
    if (ok) span = { ...(from ? { from } : {}), ...(until ? { until } : {}) };
  }
  unchangedSpans.set(l, span);
  return span;
}

function checkedLookup(s: unknown, now: Date): ScheduleLookup | undefined {
  if (typeof s !== 'object' || s === null) return undefined;
  const l = s as ScheduleLookup;
  if (typeof l.scheduleId !== 'string') return undefined;
  if (l.status === 'answered' && Object.isFrozen(l)) {
    const span = unchangedSpan(l);
    if (span !== null) {
      const at = instantFromDate(now);
      if (
        (span.from === undefined || compareInstants(span.from, at) <= 0) &&
        (span.until === undefined || compareInstants(at, span.until) < 0)
      )
        return l;
    }
  }
  const name = typeof l.scheduleName === 'string' ? { scheduleName: l.scheduleName } : {};
  if (l.status === 'answered') {
    const onCall = checkedPeople(l.onCall, now);
    // A frozen answer that passes unchanged is returned as it is: nothing can alter it after this check,
    // and the incident.io provider shares its (frozen) answers between decisions, so this saves a copy each.
    if (
      onCall === l.onCall &&
      Object.isFrozen(l) &&
      Object.isFrozen(onCall) &&
      (l.scheduleName === undefined || typeof l.scheduleName === 'string') &&
      Array.isArray(l.skipped) &&
      typeof l.fetchedAt === 'string'
    ) {
      return l;
    }
    return {
      scheduleId: l.scheduleId,
      ...name,
      status: 'answered',
      onCall,
      skipped: Array.isArray(l.skipped) ? l.skipped : [],
      fetchedAt: typeof l.fetchedAt === 'string' ? l.fetchedAt : '',
    };
  }
  const reason =
    l.status === 'failed' && typeof l.reason === 'string' ? l.reason : 'the provider gave no usable answer';
  return { scheduleId: l.scheduleId, ...name, status: 'failed', reason };
}

/** True when the lookups are for exactly these few IDs, in this order, each once (the usual answer). */
function sameIds(lookups: readonly ScheduleLookup[], ids: readonly string[]): boolean {
  if (lookups.length !== ids.length || ids.length > 16) return false;
  for (let i = 0; i < ids.length; i++) {
    if (lookups[i]!.scheduleId !== ids[i]) return false;
    for (let j = 0; j < i; j++) if (ids[j] === ids[i]) return false;
  }
  return true;
}

/**
 * The provider's answer as the engine may trust it: each schedule re-checked against the instant, and for
 * `onCallFor` only the schedules asked about, one asked about but not answered being unknown.
 */
function checkedAnswer(raw: OnCallAnswer, request: LookupRequest, now: Date, at: string): OnCallAnswer {
  let schedules = raw.schedules.map((s) => checkedLookup(s, now)).filter((s): s is ScheduleLookup => s !== undefined);
  const partial = raw.partial === true;
  if (request.fact === 'onCallFor' && !sameIds(schedules, request.schedules ?? [])) {
    const wanted = [...new Set(request.schedules ?? [])];
    const byId = new Map(schedules.map((s) => [s.scheduleId, s]));
    schedules = [];
    for (const id of wanted) {
      const s = byId.get(id);
      if (s) schedules.push(s);
      else if (!partial)
        schedules.push({ scheduleId: id, status: 'failed', reason: 'the provider did not answer for this schedule' });
    }
  }
  return {
    at,
    schedules,
    ...(typeof raw.listFailure === 'string' ? { listFailure: raw.listFailure } : {}),
    ...(partial ? { partial } : {}),
  };
}

const usable = (raw: unknown): raw is OnCallAnswer =>
  typeof raw === 'object' && raw !== null && Array.isArray((raw as OnCallAnswer).schedules);

/**
 * The answer when the provider has it at hand (from its cache, without waiting), through the same checks as
 * a lookup that waits; undefined when it has not (or gives nothing usable, or throws), and the lookup then
 * waits as usual.
 */
export function lookUpAtHand(providers: OnCallProviders, request: LookupRequest, now: Date): OnCallAnswer | undefined {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return undefined;
  const provider = Object.hasOwn(providers, request.integration)
    ? providers[request.integration as Integration]
    : undefined;
  if (provider === undefined) return undefined;
  let raw: OnCallAnswer | undefined;
  try {
    raw =
      request.fact === 'onCallAny'
        ? provider.onCallAnyAtHand?.(now)
        : provider.onCallForAtHand?.([...(request.schedules ?? [])], now);
  } catch {
    return undefined;
  }
  return usable(raw) ? checkedAnswer(raw, request, now, now.toISOString()) : undefined;
}

/** Looks up who is on call at `now`. Never rejects. */
export async function lookUpOnCall(
  providers: OnCallProviders,
  request: LookupRequest,
  now: Date,
  options: LookupOptions = {},
): Promise<OnCallAnswer> {
  const valid = now instanceof Date && !Number.isNaN(now.getTime());
  const at = valid ? now.toISOString() : String(now);
  if (!valid) return failedAll(at, request, 'the evaluation time is not a valid instant');
  const provider = Object.hasOwn(providers, request.integration)
    ? providers[request.integration as Integration]
    : undefined;
  if (provider === undefined) {
    return failedAll(at, request, `integration ${request.integration} is not installed in this engine`);
  }
  let raw: OnCallAnswer;
  try {
    if (options.signal?.aborted) return failedAll(at, request, stoppedReason(options.signal));
    const asked =
      request.fact === 'onCallAny'
        ? provider.onCallAny(now, options)
        : provider.onCallFor([...(request.schedules ?? [])], now, options);
    const answer = await untilStopped(Promise.resolve(asked), options.signal);
    if (answer === STOPPED) return failedAll(at, request, stoppedReason(options.signal!));
    raw = answer;
  } catch (err) {
    return failedAll(at, request, `the ${request.integration} lookup failed: ${messageOf(err)}`);
  }
  if (!usable(raw)) return failedAll(at, request, `the ${request.integration} provider gave no usable answer`);
  return checkedAnswer(raw, request, now, at);
}
