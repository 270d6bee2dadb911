// Why a call to PagerDuty failed, in words a person can act on. The message is what a decision's trace and
// the CLI show, so it names the status and request id, and never the API key.

export type PagerDutyErrorKind =
  | 'rejected' // 401 / 403: the key is wrong or cannot read this
  | 'not-found' // 404
  | 'invalid-request' // 400 and other 4xx
  | 'redirect' // 3xx: never followed, so the key is never sent elsewhere
  | 'rate-limited' // 429 whose wait would pass the deadline, or too many 429s
  | 'server' // 5xx after the retries
  | 'timeout'
  | 'network'
  | 'malformed' // a body that is not JSON
  | 'shape' // JSON, but not the shape PagerDuty documents (pagination that never ends included)
  | 'deadline' // the overall time for this lookup ran out
  | 'budget' // the client-side call budget could not admit the call before the deadline
  | 'aborted';

export class PagerDutyError extends Error {
  override name = 'PagerDutyError';
  constructor(
    readonly kind: PagerDutyErrorKind,
    message: string,
    readonly details: { status?: number; requestId?: string; path?: string } = {},
  ) {
    super(message);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of the secret in a text, whatever its letter case and also in its URL-encoded
 * form (PagerDuty keys may hold `+`, which a server echoing a URL or a form writes as `%2B`). A last line
 * of defence for messages we did not write: a proxy that upper-cases headers, or a body that echoes them.
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  const forms = new Set([secret, encodeURIComponent(secret), secret.replace(/\+/g, ' ')]);
  const pattern = new RegExp([...forms].map(escapeRegExp).join('|'), 'gi');
  return text.replace(pattern, '[redacted]');
}

/** Any thrown value as one plain sentence without the key. */
export function describeError(err: unknown, secret?: string): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'an unexpected error';
  return redact(message, secret);
}
