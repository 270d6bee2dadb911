// The work behind the on-call facts: ask the integration's provider, and turn whatever comes back (an
// answer, a rejection, a malformed object, no provider at all) into an OnCallAnswer the operators can
// trust. Every failure becomes a "failed" schedule with a reason: unknown, therefore never on call.
// The engine also re-checks each person's shift against the instant, so a provider that returned a stale
// or future entry cannot make someone on call.
import { covers, instantFromDate, parseInstant, type Instant } from '../providers/instant.js';
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

function checkedLookup(s: unknown, now: Date): ScheduleLookup | undefined {
  if (typeof s !== 'object' || s === null) return undefined;
  const l = s as ScheduleLookup;
  if (typeof l.scheduleId !== 'string') return undefined;
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
  if (typeof raw !== 'object' || raw === null || !Array.isArray(raw.schedules)) {
    return failedAll(at, request, `the ${request.integration} provider gave no usable answer`);
  }
  let schedules = raw.schedules.map((s) => checkedLookup(s, now)).filter((s): s is ScheduleLookup => s !== undefined);
  const partial = raw.partial === true;
  if (request.fact === 'onCallFor') {
    // Only the schedules asked about count; one asked about but not answered is unknown.
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
