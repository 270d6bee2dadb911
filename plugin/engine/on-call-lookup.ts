// The work behind the on-call facts: ask the integration's provider, and turn whatever comes back (an
// answer, a rejection, a malformed object, no provider at all) into an OnCallAnswer the operators can
// trust. Every failure becomes a "failed" schedule with a reason: unknown, therefore never on call.
// The engine also re-checks each person's shift against the instant, so a provider that returned a stale
// or future entry cannot make someone on call.
import { errorText } from '../printable.js';
import { compareInstants, covers, instantFromDate, parseInstant, type Instant } from '../providers/instant.js';
import type {
  LookupOptions,
  OnCallAnswer,
  OnCallPerson,
  SkippedEntry,
  OnCallProvider,
  ScheduleLookup,
} from '../providers/contract.js';
import type { Integration } from '../routing/types.js';
import { isSealed } from '../providers/lookup-helpers.js';
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
  try {
    if (reason instanceof Error && reason.name !== 'AbortError' && reason.message) return errorText(reason);
  } catch {
    // a reason that cannot be read says nothing more than "cancelled"
  }
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

/**
 * A person as the engine keeps them: read once, field by field, into plain data (a provider's object may
 * compute its fields through getters, and would otherwise answer differently each time it is read), kept
 * only with a usable email and a shift that covers the instant.
 */
function checkedPerson(p: unknown, at: Instant): OnCallPerson | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const { email: rawEmail, name, userId, since: rawSince, until: rawUntil } = p as Record<string, unknown>;
  const email = normEmail(rawEmail);
  const since = instantOf(rawSince);
  const until = instantOf(rawUntil);
  if (email === undefined || since === undefined || until === undefined || !covers(since, until, at)) return undefined;
  return {
    email,
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof userId === 'string' ? { userId } : {}),
    since: rawSince as string,
    until: rawUntil as string,
  };
}

/** The most people (or skipped entries) one schedule of a provider's own answer may list. */
const MAX_LISTED = 10_000;

/** A skipped entry (shown in the trace only) read once, field by field, into plain data. */
function skippedEntry(e: unknown): SkippedEntry | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { reason, since, until, userId, userName } = e as Record<string, unknown>;
  if ((reason !== 'no-user' && reason !== 'no-email') || typeof since !== 'string' || typeof until !== 'string')
    return undefined;
  return {
    reason,
    since,
    until,
    ...(typeof userId === 'string' ? { userId } : {}),
    ...(typeof userName === 'string' ? { userName } : {}),
  };
}

/**
 * The span every shift of an answer this package sealed covers, from the latest start to the earliest end
 * (unbounded when nobody is listed), or null when one of its people would not pass the check at any
 * instant. At an instant inside it the sealed answer passes unchanged, so it is used as it is, without
 * checking each person again: sealed answers are plain data, frozen all the way down, and never change.
 */
interface UnchangedSpan {
  from?: Instant;
  until?: Instant;
}
const unchangedSpans = new WeakMap<ScheduleLookup, UnchangedSpan | null>();
function unchangedSpan(l: ScheduleLookup & { status: 'answered' }): UnchangedSpan | null {
  let span = unchangedSpans.get(l);
  if (span !== undefined) return span;
  let from: Instant | undefined;
  let until: Instant | undefined;
  span = {};
  for (let i = 0; i < l.onCall.length; i++) {
    const p = l.onCall[i];
    const since = instantOf(p?.since);
    const end = instantOf(p?.until);
    if (typeof p?.email !== 'string' || normEmail(p.email) !== p.email || since === undefined || end === undefined) {
      span = null;
      break;
    }
    if (from === undefined || compareInstants(since, from) > 0) from = since;
    if (until === undefined || compareInstants(end, until) < 0) until = end;
  }
  if (span !== null) span = { ...(from ? { from } : {}), ...(until ? { until } : {}) };
  unchangedSpans.set(l, span);
  return span;
}

/** A sealed answer at the instant: itself when every person's shift covers it, otherwise those whose does. */
function checkedSealed(l: ScheduleLookup & { status: 'answered' }, now: Date): ScheduleLookup {
  const at = instantFromDate(now);
  const span = unchangedSpan(l);
  if (
    span !== null &&
    (span.from === undefined || compareInstants(span.from, at) <= 0) &&
    (span.until === undefined || compareInstants(at, span.until) < 0)
  ) {
    return l;
  }
  const onCall: OnCallPerson[] = [];
  for (const p of l.onCall) {
    const person = checkedPerson(p, at);
    if (person !== undefined) onCall.push(person);
  }
  return {
    scheduleId: l.scheduleId,
    ...(l.scheduleName !== undefined ? { scheduleName: l.scheduleName } : {}),
    status: 'answered',
    onCall,
    skipped: l.skipped,
    fetchedAt: l.fetchedAt,
  };
}

/**
 * A schedule of a provider's answer as the engine may trust it at `now`. An answer this package sealed is
 * plain data that never changes; anything else is read once, by index and field by field, into plain data
 * (whatever getters, proxies or iterators it has), and each person is checked against the instant.
 */
function checkedLookup(s: unknown, now: Date): ScheduleLookup | undefined {
  if (typeof s !== 'object' || s === null) return undefined;
  if (isSealed(s)) return s.status === 'answered' ? checkedSealed(s, now) : s;
  const { scheduleId, scheduleName, status, onCall: people, skipped, fetchedAt, reason } = s as Record<string, unknown>;
  if (typeof scheduleId !== 'string') return undefined;
  const name = typeof scheduleName === 'string' ? { scheduleName } : {};
  if (status === 'answered') {
    const peopleCount = Array.isArray(people) ? people.length : 0;
    const skippedCount = Array.isArray(skipped) ? skipped.length : 0;
    // Copying is synchronous, so no deadline could stop it: a list past any real schedule's size fails.
    if (peopleCount > MAX_LISTED || skippedCount > MAX_LISTED) {
      return {
        scheduleId,
        ...name,
        status: 'failed',
        reason: `the provider listed more than ${MAX_LISTED.toLocaleString('en-US')} people or entries for one schedule`,
      };
    }
    const at = instantFromDate(now);
    const onCall: OnCallPerson[] = [];
    for (let i = 0; i < peopleCount; i++) {
      const person = checkedPerson((people as unknown[])[i], at);
      if (person !== undefined) onCall.push(person);
    }
    const kept: SkippedEntry[] = [];
    for (let i = 0; i < skippedCount; i++) {
      const entry = skippedEntry((skipped as unknown[])[i]);
      if (entry !== undefined) kept.push(entry);
    }
    return {
      scheduleId,
      ...name,
      status: 'answered',
      onCall,
      skipped: kept,
      fetchedAt: typeof fetchedAt === 'string' ? fetchedAt : '',
    };
  }
  return {
    scheduleId,
    ...name,
    status: 'failed',
    reason: status === 'failed' && typeof reason === 'string' ? reason : 'the provider gave no usable answer',
  };
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
function checkedAnswer(raw: unknown, request: LookupRequest, now: Date, at: string): OnCallAnswer | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  // Read once, by index: a provider's object may compute these through getters, a proxy or an iterator.
  const { schedules: list, partial: rawPartial, listFailure } = raw as Record<string, unknown>;
  if (!Array.isArray(list)) return undefined;
  let schedules: ScheduleLookup[] = [];
  const length = list.length;
  for (let i = 0; i < length; i++) {
    const s = checkedLookup(list[i], now);
    if (s !== undefined) schedules.push(s);
  }
  const partial = rawPartial === true;
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
    ...(typeof listFailure === 'string' ? { listFailure } : {}),
    ...(partial ? { partial } : {}),
  };
}

/** The provider of the lookup's integration (an own entry only: nothing inherited stands for one). */
function providerFor(providers: OnCallProviders, request: LookupRequest): OnCallProvider | undefined {
  return Object.hasOwn(providers, request.integration) ? providers[request.integration as Integration] : undefined;
}

/**
 * The answer when the provider has it at hand (from its cache, without waiting), through the same checks as
 * a lookup that waits; undefined when it has not (or gives nothing usable, or throws), and the lookup then
 * waits as usual.
 */
export function lookUpAtHand(providers: OnCallProviders, request: LookupRequest, now: Date): OnCallAnswer | undefined {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return undefined;
  const provider = providerFor(providers, request);
  if (provider === undefined) return undefined;
  try {
    const raw: unknown =
      request.fact === 'onCallAny'
        ? provider.onCallAnyAtHand?.(now)
        : provider.onCallForAtHand?.([...(request.schedules ?? [])], now);
    if (raw === undefined || raw === null) return undefined;
    if (typeof (raw as { then?: unknown }).then === 'function') {
      // A promise is no answer at hand (an `async` method): ignored, and its failure never reaches the host
      // as an unhandled rejection.
      Promise.resolve(raw).catch(() => {});
      return undefined;
    }
    // Nobody asked it to stop early, so a partial answer at hand is no answer: the lookup that waits gives one.
    if ((raw as { partial?: unknown }).partial === true) return undefined;
    return checkedAnswer(raw, request, now, now.toISOString());
  } catch {
    return undefined;
  }
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
  const provider = providerFor(providers, request);
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
    return failedAll(at, request, `the ${request.integration} lookup failed: ${errorText(err)}`);
  }
  let checked: OnCallAnswer | undefined;
  try {
    checked = checkedAnswer(raw, request, now, at);
  } catch (err) {
    return failedAll(at, request, `the ${request.integration} provider's answer could not be read: ${errorText(err)}`);
  }
  return checked ?? failedAll(at, request, `the ${request.integration} provider gave no usable answer`);
}
