// One GET to incident.io, made safe: a timeout on every attempt, retries with jittered backoff for 5xx,
// timeouts and network errors, 429 waited out per Retry-After (header, seconds or HTTP date, or the body's
// `rate_limit.retry_after`), all inside an overall deadline and the client-side call budget. 401, 403, 404 and
// 422 fail at once. Redirects are never followed, so the Authorization header never goes anywhere else.
// Every failure is an IncidentIoError whose message names the status and request id, never the key.
import { CallBudget } from '../call-budget.js';
import { decodeErrorEnvelope, ShapeError } from './decode.js';
import { IncidentIoError, redact, redactBody, redactFolded } from './errors.js';
import type { ResolvedIncidentIoSettings } from './settings.js';

export interface CallOptions {
  /** Epoch ms on the settings clock after which no attempt starts; default now + deadlineMs. */
  deadline?: number;
  /** Stops waiting (the caller gave up); the error is `aborted`. */
  signal?: AbortSignal;
}

export interface GetRequest<T> {
  path: string;
  query?: Record<string, string | undefined>;
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

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
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

type Attempt =
  | { ok: true; status: number; text: string; retryAfter: string | null; requestIdHeader: string | null }
  | { ok: false; error: IncidentIoError };

/** Milliseconds to wait from `Retry-After` and the body's `rate_limit.retry_after`; the longer one wins. */
export function retryAfterMs(header: string | null | undefined, bodyValue: unknown, nowMs: number): number | undefined {
  const waits: number[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'number' && Number.isFinite(value)) waits.push(value * 1000);
    else if (typeof value === 'string' && value.trim()) {
      const text = value.trim();
      if (/^\d+(\.\d+)?$/.test(text)) waits.push(Number(text) * 1000);
      else {
        const at = Date.parse(text); // HTTP date or RFC 3339
        if (Number.isFinite(at)) waits.push(at - nowMs);
      }
    }
  };
  add(header);
  add(bodyValue);
  if (!waits.length) return undefined;
  return Math.max(0, Math.ceil(Math.max(...waits)));
}

/** The largest response body read: pages of 250 schedules or a day of entries are far smaller. */
export const MAX_BODY_CHARS = 32 * 1024 * 1024;

export function createTransport(settings: ResolvedIncidentIoSettings): Transport {
  const now = () => settings.clock().getTime();
  const budget = new CallBudget(settings.callsPerMinute, now, settings.sleep);
  const origin = new URL(settings.baseUrl).origin;
  let sent = 0;

  function url(path: string, query: Record<string, string | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
    const qs = params.toString();
    return `${settings.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

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
          error: new IncidentIoError('timeout', `incident.io did not answer GET ${path} within ${timeoutMs} ms`, {
            path,
          }),
        });
      }, timeoutMs);
      onAbort = () => {
        controller.abort();
        resolve({ ok: false, error: new IncidentIoError('aborted', 'the lookup was cancelled', { path }) });
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    const call = (async (): Promise<Attempt> => {
      sent++;
      const res = await settings.fetch(target, {
        method: 'GET',
        headers: {
          Authorization: `Bearer ${settings.apiKey}`,
          Accept: 'application/json',
          'User-Agent': 'oncall-approval',
        },
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = await res.text();
      if (text.length > MAX_BODY_CHARS) {
        return {
          ok: false,
          error: new IncidentIoError(
            'malformed',
            `incident.io answered GET ${path} with a body over ${MAX_BODY_CHARS / 1024 / 1024} MiB; refusing to read it`,
            { status: res.status, path },
          ),
        };
      }
      return {
        ok: true,
        status: res.status,
        text,
        retryAfter: res.headers.get('retry-after'),
        requestIdHeader: res.headers.get('x-request-id'),
      };
    })().catch((err: unknown): Attempt => {
      const e = err as { code?: string; type?: string; cause?: { code?: string }; message?: string };
      const reason =
        e?.code ?? e?.cause?.code ?? (e?.type && e.type !== 'system' ? e.type : undefined) ?? 'network error';
      // A fetch may put anything in its error code, the request's headers included: never the key.
      return {
        ok: false,
        error: new IncidentIoError(
          'network',
          `could not reach incident.io at ${origin} (${redact(String(reason), settings.apiKey)})`,
          { path },
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
    kind: IncidentIoError['kind'],
  ) {
    const label = `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
    const rid = requestId ? `request id ${requestId}` : 'no request id';
    return new IncidentIoError(kind, `incident.io answered ${label} to GET ${path} (${rid}): ${explanation}`, {
      status,
      path,
      ...(requestId ? { requestId } : {}),
    });
  }

  async function get<T>(request: GetRequest<T>, options: CallOptions = {}): Promise<T> {
    const { path } = request;
    const deadline = options.deadline ?? now() + settings.deadlineMs;
    const target = url(path, request.query);
    const attempts = settings.maxRetries + 1;
    let last: IncidentIoError | undefined;
    let made = 0;
    const giveUp = (why: string): IncidentIoError => {
      if (!last) return new IncidentIoError('deadline', `no answer from incident.io for GET ${path}: ${why}`, { path });
      const tries = made > 1 ? ` (${made} attempts)` : '';
      return new IncidentIoError(last.kind, `${last.message}${tries}${why ? `; ${why}` : ''}`, last.details);
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
        if (json) body = redactBody(body, settings.apiKey);
        const envelope = decodeErrorEnvelope(body);
        // The request id comes from the server (body or header), which may echo what it was sent: never the key.
        const rawRequestId = envelope.requestId ?? outcome.requestIdHeader ?? undefined;
        const requestId = rawRequestId === undefined ? undefined : redactFolded(rawRequestId, settings.apiKey);
        const said = envelope.messages.length ? ` (${redact(envelope.messages.join('; '), settings.apiKey)})` : '';
        if (status >= 200 && status < 300) {
          if (!json || text.trim() === '') {
            throw new IncidentIoError(
              'malformed',
              `incident.io answered GET ${path} with a body that is not JSON (${requestId ? `request id ${requestId}` : 'no request id'})`,
              { status, path },
            );
          }
          try {
            return request.decode(body);
          } catch (err) {
            if (err instanceof ShapeError) {
              throw new IncidentIoError(
                'shape',
                `incident.io's answer to GET ${path} has an unexpected shape: ${err.message}`,
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
            'a redirect, which is not followed so the API key is never sent elsewhere; check INCIDENT_IO_BASE_URL',
            'redirect',
          );
        }
        if (status === 401) throw httpError(status, path, requestId, `the API key was rejected${said}`, 'rejected');
        if (status === 403)
          throw httpError(
            status,
            path,
            requestId,
            `the API key lacks a permission this call needs (reading schedules needs "Read schedules")${said}`,
            'rejected',
          );
        if (status === 404)
          throw httpError(status, path, requestId, `${request.notFound ?? 'not found'}${said}`, 'not-found');
        if (status === 429) {
          const asked = retryAfterMs(outcome.retryAfter, envelope.retryAfter, now());
          wait = asked ?? backoff(attempt);
          last = httpError(status, path, requestId, 'rate limited', 'rate-limited');
          if (now() + wait > deadline) {
            throw new IncidentIoError(
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
      settings.log(`incident.io: GET ${path}: ${last!.kind}; retrying in ${wait} ms`);
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
