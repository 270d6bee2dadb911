// One GET to PagerDuty, made safe: `Authorization: Token token=<key>` and the v2 `Accept` header, a timeout on
// every attempt, retries with jittered backoff for 5xx, timeouts and network errors, 429 waited out per
// PagerDuty's `ratelimit-reset` (seconds until the limit resets) or `Retry-After` (the longer one wins), all
// inside an overall deadline and the client-side call budget. 401, 403, 404 and other 4xx fail at once.
// Redirects are never followed, so the Authorization header never goes anywhere else. Every failure is a
// PagerDutyError whose message names the status and request id, never the key.
import { CallBudget } from '../call-budget.js';
import { decodeErrorEnvelope, ShapeError } from './decode.js';
import { PagerDutyError, redact } from './errors.js';
import type { ResolvedPagerDutySettings } from './settings.js';

export interface CallOptions {
  /** Epoch ms on the settings clock after which no attempt starts; default now + deadlineMs. */
  deadline?: number;
  /** Stops waiting (the caller gave up); the error is `aborted`. */
  signal?: AbortSignal;
}

export type Query = Record<string, string | readonly string[] | undefined>;

export interface GetRequest<T> {
  path: string;
  query?: Query;
  decode: (body: unknown) => T;
  /** What a 404 means for this call, e.g. "there is no PagerDuty service P1…". */
  notFound?: string;
}

export interface Transport {
  get<T>(request: GetRequest<T>, options?: CallOptions): Promise<T>;
  /** HTTP requests sent so far (every attempt counts). */
  readonly sent: number;
  readonly budget: CallBudget;
}

export const ACCEPT = 'application/vnd.pagerduty+json;version=2';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

type Attempt =
  | {
      ok: true;
      status: number;
      text: string;
      retryAfter: string | null;
      rateLimitReset: string | null;
      requestIdHeader: string | null;
    }
  | { ok: false; error: PagerDutyError };

/** Milliseconds to wait from `ratelimit-reset` (seconds) and `Retry-After` (seconds or HTTP date). */
export function rateLimitWaitMs(
  rateLimitReset: string | null | undefined,
  retryAfter: string | null | undefined,
  nowMs: number,
): number | undefined {
  const waits: number[] = [];
  const seconds = (text: string | null | undefined) => {
    const t = text?.trim();
    if (t && /^\d+(\.\d+)?$/.test(t)) waits.push(Number(t) * 1000);
    return t;
  };
  seconds(rateLimitReset);
  const after = retryAfter?.trim();
  if (after && !/^\d+(\.\d+)?$/.test(after)) {
    const at = Date.parse(after);
    if (Number.isFinite(at)) waits.push(at - nowMs);
  } else seconds(after);
  if (!waits.length) return undefined;
  return Math.max(0, Math.ceil(Math.max(...waits)));
}

/** The query string PagerDuty expects: lists as repeated `name[]=value` pairs, in the order given. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (typeof v === 'string') params.append(k, v);
    else for (const item of v) params.append(k, item);
  }
  return params.toString();
}

export function createTransport(settings: ResolvedPagerDutySettings): Transport {
  const now = () => settings.clock().getTime();
  const budget = new CallBudget(settings.callsPerMinute, now, settings.sleep);
  const origin = new URL(settings.baseUrl).origin;
  const key = settings.apiKey;
  let sent = 0;

  function backoff(attempt: number): number {
    const step = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** attempt);
    return Math.round(step * (0.5 + settings.random()));
  }

  /** The shared budget speaks of incident.io in its errors; re-worded here for PagerDuty. */
  async function admit(deadline: number, signal?: AbortSignal): Promise<void> {
    try {
      await budget.acquire(deadline, signal);
    } catch (err) {
      const kind = (err as { kind?: string })?.kind;
      if (kind === 'aborted') throw new PagerDutyError('aborted', 'the lookup was cancelled');
      throw new PagerDutyError(
        'budget',
        `the client-side budget of ${settings.callsPerMinute} PagerDuty calls a minute had no room before the lookup's deadline`,
      );
    }
  }

  async function attemptOnce(target: string, path: string, timeoutMs: number, signal?: AbortSignal): Promise<Attempt> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    // The race guards against a fetch that ignores its signal: the attempt still ends on time.
    const stop = new Promise<Attempt>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({
          ok: false,
          error: new PagerDutyError('timeout', `PagerDuty did not answer GET ${path} within ${timeoutMs} ms`, { path }),
        });
      }, timeoutMs);
      onAbort = () => {
        controller.abort();
        resolve({ ok: false, error: new PagerDutyError('aborted', 'the lookup was cancelled', { path }) });
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    const call = (async (): Promise<Attempt> => {
      sent++;
      const res = await settings.fetch(target, {
        method: 'GET',
        headers: {
          Authorization: `Token token=${key}`,
          Accept: ACCEPT,
          'Content-Type': 'application/json',
          'User-Agent': 'oncall-approval',
        },
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = await res.text();
      return {
        ok: true,
        status: res.status,
        text,
        retryAfter: res.headers.get('retry-after'),
        rateLimitReset: res.headers.get('ratelimit-reset'),
        requestIdHeader: res.headers.get('x-request-id'),
      };
    })().catch((err: unknown): Attempt => {
      const e = err as { code?: string; type?: string; cause?: { code?: string }; message?: string };
      const reason =
        e?.code ?? e?.cause?.code ?? (e?.type && e.type !== 'system' ? e.type : undefined) ?? 'network error';
      // A fetch may put anything in its error code, the request's headers included: never the key.
      return {
        ok: false,
        error: new PagerDutyError(
          'network',
          `could not reach PagerDuty at ${origin} (${redact(String(reason), key)})`,
          {
            path,
          },
        ),
      };
    });
    try {
      return await Promise.race([call, stop]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  function httpError(
    status: number,
    path: string,
    requestId: string | undefined,
    explanation: string,
    kind: PagerDutyError['kind'],
  ) {
    const label = `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
    const rid = requestId ? `request id ${requestId}` : 'no request id';
    return new PagerDutyError(kind, `PagerDuty answered ${label} to GET ${path} (${rid}): ${explanation}`, {
      status,
      path,
      ...(requestId ? { requestId } : {}),
    });
  }

  async function get<T>(request: GetRequest<T>, options: CallOptions = {}): Promise<T> {
    const { path } = request;
    const deadline = options.deadline ?? now() + settings.deadlineMs;
    const qs = queryString(request.query);
    const target = `${settings.baseUrl}${path}${qs ? `?${qs}` : ''}`;
    const attempts = settings.maxRetries + 1;
    let last: PagerDutyError | undefined;
    let made = 0;
    const giveUp = (why: string): PagerDutyError => {
      if (!last) return new PagerDutyError('deadline', `no answer from PagerDuty for GET ${path}: ${why}`, { path });
      const tries = made > 1 ? ` (${made} attempts)` : '';
      return new PagerDutyError(last.kind, `${last.message}${tries}${why ? `; ${why}` : ''}`, last.details);
    };

    for (let attempt = 0; attempt < attempts; attempt++) {
      await admit(deadline, options.signal);
      const remaining = deadline - now();
      if (remaining <= 0) throw giveUp('the lookup deadline passed');
      made++;
      const outcome = await attemptOnce(target, path, Math.min(settings.requestTimeoutMs, remaining), options.signal);
      let wait: number;
      if (!outcome.ok) {
        if (outcome.error.kind === 'aborted') throw outcome.error;
        last = outcome.error;
        wait = backoff(attempt);
      } else {
        const { status, text } = outcome;
        let body: unknown;
        let json = true;
        try {
          body = JSON.parse(text);
        } catch {
          json = false;
        }
        const envelope = decodeErrorEnvelope(body);
        // The request id comes from the server, which may echo what it was sent: never the key.
        const requestId = outcome.requestIdHeader ? redact(outcome.requestIdHeader, key) : undefined;
        const said = envelope.messages.length
          ? ` (${redact(envelope.messages.join('; '), key)}${envelope.code !== undefined ? `, code ${envelope.code}` : ''})`
          : '';
        if (status >= 200 && status < 300) {
          if (!json || text.trim() === '') {
            throw new PagerDutyError(
              'malformed',
              `PagerDuty answered GET ${path} with a body that is not JSON (${requestId ? `request id ${requestId}` : 'no request id'})`,
              { status, path },
            );
          }
          try {
            return request.decode(body);
          } catch (err) {
            if (err instanceof ShapeError) {
              throw new PagerDutyError(
                'shape',
                `PagerDuty's answer to GET ${path} has an unexpected shape: ${redact(err.message, key)}`,
                { status, path, ...(requestId ? { requestId } : {}) },
              );
            }
            throw err;
          }
        }
        if (status >= 300 && status < 400) {
          throw httpError(
            status,
            path,
            requestId,
            'a redirect, which is not followed so the API key is never sent elsewhere; check PAGERDUTY_BASE_URL',
            'redirect',
          );
        }
        if (status === 401) throw httpError(status, path, requestId, `the API key was rejected${said}`, 'rejected');
        if (status === 403)
          throw httpError(
            status,
            path,
            requestId,
            `the API key may not read this (a user token sees only what its user may see)${said}`,
            'rejected',
          );
        if (status === 404)
          throw httpError(status, path, requestId, `${request.notFound ?? 'not found'}${said}`, 'not-found');
        if (status === 429) {
          const asked = rateLimitWaitMs(outcome.rateLimitReset, outcome.retryAfter, now());
          wait = asked ?? backoff(attempt);
          last = httpError(status, path, requestId, 'rate limited', 'rate-limited');
          if (now() + wait > deadline) {
            throw new PagerDutyError(
              'rate-limited',
              `${last.message}; it asked to wait ${Math.ceil(wait / 1000)} s, past the lookup's deadline`,
              last.details,
            );
          }
          budget.pause(now() + wait);
        } else if (status >= 500) {
          last = httpError(status, path, requestId, `a server error${said}`, 'server');
          wait = backoff(attempt);
        } else {
          throw httpError(status, path, requestId, `the request was refused as invalid${said}`, 'invalid-request');
        }
      }
      if (attempt + 1 >= attempts) break;
      if (now() + wait > deadline) throw giveUp('the lookup deadline would pass before another attempt');
      settings.log(`PagerDuty: GET ${path}: ${last!.kind}; retrying in ${wait} ms`);
      await settings.sleep(wait);
    }
    throw giveUp('');
  }

  return {
    get,
    get sent() {
      return sent;
    },
    budget,
  };
}
