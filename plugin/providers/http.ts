// One GET to a provider's API, made safe, for every provider: a timeout on every attempt, retries with
// jittered backoff for 5xx, timeouts and network errors, 429 waited out for as long as the server asks (how it
// asks is the provider's: `readWait`), all inside an overall deadline and the client-side call budget. 401,
// 403, 404 and other 4xx fail at once. Redirects are never followed, so the Authorization header never goes
// anywhere else. Whatever the server echoes is redacted before anything reads it, success or not. Every
// failure is the provider's own error whose message names the status and request id, never the key.
//
// What differs between providers comes in a `HttpProfile`: the name in messages, the auth and accept
// headers, the error class, how an error body reads and how a 429 says how long to wait.
import { CallBudget, type BudgetOwner } from './call-budget.js';
import { ShapeError } from './decode-helpers.js';
import type { ProviderError, ProviderErrorFactory, ProviderErrorKind } from './errors.js';
import { redact, redactBody } from './redact.js';

export interface CallOptions {
  /** Epoch ms on the settings clock after which no attempt starts; default now + deadlineMs. */
  deadline?: number;
  /** Stops waiting (the caller gave up); the error is `aborted`. */
  signal?: AbortSignal;
}

/** Query parameters; a list is sent as repeated `name=value` pairs, in the order given. */
export type Query = Record<string, string | readonly string[] | undefined>;

export interface GetRequest<T> {
  path: string;
  query?: Query;
  decode: (body: unknown) => T;
  /** What a 404 means for this call, e.g. "there is no schedule 01H…". */
  notFound?: string;
}

export interface Transport {
  get<T>(request: GetRequest<T>, options?: CallOptions): Promise<T>;
  /** HTTP requests sent so far (every attempt counts). */
  readonly sent: number;
  readonly budget: CallBudget;
}

/** What an error body says, when it is the provider's documented envelope. */
export interface ErrorEnvelope {
  messages: string[];
  /** The provider's own error code, shown after the messages. */
  code?: number | string;
  /** A request id in the body; the `x-request-id` header is used when there is none. */
  requestId?: string;
  /** Anything in the body that says how long to wait after a 429 (read by `readWait`). */
  retryAfter?: unknown;
}

/** The settings the HTTP client reads (each provider's resolved settings have them). */
export interface HttpSettings {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly requestTimeoutMs: number;
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly callsPerMinute: number;
  readonly fetch: typeof globalThis.fetch;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly log: (line: string) => void;
}

export interface HttpProfile {
  /** As messages name the provider: "incident.io", "PagerDuty". */
  name: string;
  /** The provider's error (IncidentIoError, PagerDutyError). */
  error: ProviderErrorFactory;
  /** Every request's headers, the key's included. */
  headers: (apiKey: string) => Record<string, string>;
  /** The environment variable that sets the base URL, named when a redirect is refused. */
  baseUrlVariable: string;
  /** Why a 403 happened, in the provider's terms. */
  forbidden: string;
  /** Reads an error body (already redacted); never throws. */
  decodeErrorEnvelope: (body: unknown) => ErrorEnvelope;
  /** Milliseconds a 429 asked to wait, from its headers and envelope; undefined when it did not say. */
  readWait: (header: (name: string) => string | null, envelope: ErrorEnvelope, nowMs: number) => number | undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The largest response body read: the largest page any provider sends is far smaller. */
export const MAX_BODY_CHARS = 32 * 1024 * 1024;

const SECONDS = /^\d+(\.\d+)?$/;

/** Milliseconds from a wait given as seconds (a number or digits) or a date (HTTP date or RFC 3339). */
export function waitFromValue(value: unknown, nowMs: number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const text = value.trim();
  if (SECONDS.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? at - nowMs : undefined;
}

/** The longest of the waits given, rounded up to whole ms and never negative; undefined when none was. */
export function longestWait(waits: readonly (number | undefined)[]): number | undefined {
  const known = waits.filter((w): w is number => w !== undefined);
  if (!known.length) return undefined;
  return Math.max(0, Math.ceil(Math.max(...known)));
}

/** The query string: lists as repeated `name=value` pairs, in the order given; undefined values left out. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (typeof v === 'string') params.append(k, v);
    else for (const item of v) params.append(k, item);
  }
  return params.toString();
}

type Attempt =
  | { ok: true; status: number; text: string; header: (name: string) => string | null }
  | { ok: false; error: ProviderError };

export function createHttpTransport(settings: HttpSettings, profile: HttpProfile): Transport {
  const { name } = profile;
  const fail = profile.error;
  const now = () => settings.clock().getTime();
  const owner: BudgetOwner = { name, error: fail };
  const budget = new CallBudget(settings.callsPerMinute, now, settings.sleep, owner);
  const origin = new URL(settings.baseUrl).origin;
  const key = settings.apiKey;
  let sent = 0;

  function backoff(attempt: number): number {
    const step = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** attempt);
    return Math.round(step * (0.5 + settings.random()));
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
          error: fail('timeout', `${name} did not answer GET ${path} within ${timeoutMs} ms`, { path }),
        });
      }, timeoutMs);
      onAbort = () => {
        controller.abort();
        resolve({ ok: false, error: fail('aborted', 'the lookup was cancelled', { path }) });
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    const call = (async (): Promise<Attempt> => {
      sent++;
      const res = await settings.fetch(target, {
        method: 'GET',
        headers: profile.headers(key),
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = await res.text();
      if (text.length > MAX_BODY_CHARS) {
        return {
          ok: false,
          error: fail(
            'malformed',
            `${name} answered GET ${path} with a body over ${MAX_BODY_CHARS / 1024 / 1024} MiB; refusing to read it`,
            { status: res.status, path },
          ),
        };
      }
      // A header that cannot be read (a host's own fetch may hand back anything) is a header not given.
      const header = (h: string): string | null => {
        try {
          const v: unknown = res.headers.get(h);
          return typeof v === 'string' ? v : null;
        } catch {
          return null;
        }
      };
      return { ok: true, status: res.status, text, header };
    })().catch((err: unknown): Attempt => {
      const e = err as { code?: string; type?: string; cause?: { code?: string }; message?: string };
      const reason =
        e?.code ?? e?.cause?.code ?? (e?.type && e.type !== 'system' ? e.type : undefined) ?? 'network error';
      // A fetch may put anything in its error code, the request's headers included: never the key.
      return {
        ok: false,
        error: fail('network', `could not reach ${name} at ${origin} (${redact(String(reason), key)})`, { path }),
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
    kind: ProviderErrorKind,
  ) {
    const label = `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
    const rid = requestId ? `request id ${requestId}` : 'no request id';
    return fail(kind, `${name} answered ${label} to GET ${path} (${rid}): ${explanation}`, {
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
    let last: ProviderError | undefined;
    let made = 0;
    const giveUp = (why: string): ProviderError => {
      if (!last) return fail('deadline', `no answer from ${name} for GET ${path}: ${why}`, { path });
      const tries = made > 1 ? ` (${made} attempts)` : '';
      return fail(last.kind, `${last.message}${tries}${why ? `; ${why}` : ''}`, last.details);
    };

    for (let attempt = 0; attempt < attempts; attempt++) {
      await budget.acquire(deadline, options.signal);
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
        // Whatever the server echoes (a name, an email, an error message holding the key, in any case) is
        // redacted before anything reads it, success or not.
        if (json) body = redactBody(body, key);
        const envelope = profile.decodeErrorEnvelope(body);
        // The request id comes from the server (body or header), which may echo what it was sent: never the key.
        const rawRequestId = envelope.requestId ?? outcome.header('x-request-id') ?? undefined;
        const requestId = rawRequestId ? redact(rawRequestId, key) : undefined;
        const code = envelope.code !== undefined ? `, code ${envelope.code}` : '';
        const said = envelope.messages.length ? ` (${redact(envelope.messages.join('; '), key)}${code})` : '';
        if (status >= 200 && status < 300) {
          if (!json || text.trim() === '') {
            throw fail(
              'malformed',
              `${name} answered GET ${path} with a body that is not JSON (${requestId ? `request id ${requestId}` : 'no request id'})`,
              { status, path },
            );
          }
          try {
            return request.decode(body);
          } catch (err) {
            if (err instanceof ShapeError) {
              throw fail(
                'shape',
                `${name}'s answer to GET ${path} has an unexpected shape: ${redact(err.message, key)}`,
                {
                  status,
                  path,
                  ...(requestId ? { requestId } : {}),
                },
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
            `a redirect, which is not followed so the API key is never sent elsewhere; check ${profile.baseUrlVariable}`,
            'redirect',
          );
        }
        if (status === 401) throw httpError(status, path, requestId, `the API key was rejected${said}`, 'rejected');
        if (status === 403) throw httpError(status, path, requestId, `${profile.forbidden}${said}`, 'rejected');
        if (status === 404)
          throw httpError(status, path, requestId, `${request.notFound ?? 'not found'}${said}`, 'not-found');
        if (status === 429) {
          const asked = profile.readWait(outcome.header, envelope, now());
          wait = asked ?? backoff(attempt);
          last = httpError(status, path, requestId, 'rate limited', 'rate-limited');
          if (now() + wait > deadline) {
            throw fail(
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
      settings.log(`${name}: GET ${path}: ${last!.kind}; retrying in ${wait} ms`);
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
