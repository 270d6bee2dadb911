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

// Redaction is one rule for every provider and the command line.
export { describeError, redact, redactBody } from '../redact.js';
