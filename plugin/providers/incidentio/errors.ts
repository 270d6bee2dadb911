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

/** Any thrown value as one plain sentence without the key. */
export function describeError(err: unknown, secret?: string): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'an unexpected error';
  return redact(message, secret);
}
