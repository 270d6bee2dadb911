// Why a call to incident.io failed, in words a person can act on. The message is what a decision's trace
// and the CLI show, so it names the status and request id, and never the API key.

export type IncidentIoErrorKind =
  | 'rejected' // 401 / 403: the key is wrong or lacks a permission
  | 'not-found' // 404
  | 'invalid-request' // 422 and other 4xx
  | 'redirect' // 3xx: never followed, so the key is never sent elsewhere
  | 'rate-limited' // 429 whose wait would pass the deadline, or too many 429s
  | 'server' // 5xx after the retries
  | 'timeout'
  | 'network'
  | 'malformed' // a body that is not JSON
  | 'shape' // JSON, but not the shape incident.io documents
  | 'deadline' // the overall time for this lookup ran out
  | 'budget' // the client-side call budget could not admit the call before the deadline
  | 'aborted';

export class IncidentIoError extends Error {
  override name = 'IncidentIoError';
  constructor(
    readonly kind: IncidentIoErrorKind,
    message: string,
    readonly details: { status?: number; requestId?: string; path?: string } = {},
  ) {
    super(message);
  }
}

/** Replaces every occurrence of the secret in a text: a last line of defence for messages we did not write. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

/**
 * Like `redact`, but also catches the key in another case (`SK_LIVE_...` for `sk_live_...`): a server that
 * echoes the key into a name may change its case. Text whose lower-case form has another length (a few
 * letters outside ASCII) is redacted whole when it holds the key at all.
 */
export function redactFolded(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  const lower = text.toLowerCase();
  const key = secret.toLowerCase();
  if (!lower.includes(key)) return text;
  if (lower.length !== text.length) return '[redacted]';
  let out = '';
  let from = 0;
  for (let at = lower.indexOf(key); at !== -1; at = lower.indexOf(key, from)) {
    out += `${text.slice(from, at)}[redacted]`;
    from = at + key.length;
  }
  return out + text.slice(from);
}

/**
 * A parsed JSON body with the key redacted from every string in it, keys of mappings included: names,
 * emails and team names that reach decisions, traces and `schedules` output never carry it. Returns the
 * same value when nothing held the key (the usual case).
 */
export function redactBody(body: unknown, secret: string | undefined): unknown {
  if (!secret || secret.length < 4) return body;
  if (typeof body === 'string') return redactFolded(body, secret);
  if (typeof body !== 'object' || body === null) return body;
  if (Array.isArray(body)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < body.length; i++) {
      const v = redactBody(body[i], secret);
      if (v !== body[i]) (out ??= body.slice())[i] = v;
    }
    return out ?? body;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const key = redactFolded(k, secret);
    const value = redactBody(v, secret);
    if (key !== k || value !== v) changed = true;
    out[key] = value;
  }
  return changed ? out : body;
}

/** Any thrown value as one plain sentence without the key. */
export function describeError(err: unknown, secret?: string): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'an unexpected error';
  return redact(message, secret);
}
