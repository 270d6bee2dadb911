// What every provider's failure has in common: a kind a caller can branch on, a message a person can act on
// (the status and request id, never the API key), and the details behind it. Each provider names its own
// subclass (IncidentIoError, PagerDutyError) so hosts can tell them apart.

export type ProviderErrorKind =
  | 'rejected' // 401 / 403: the key is wrong or may not read this
  | 'not-found' // 404
  | 'invalid-request' // 400, 422 and other 4xx
  | 'redirect' // 3xx: never followed, so the key is never sent elsewhere
  | 'rate-limited' // 429 whose wait would pass the deadline, or too many 429s
  | 'server' // 5xx after the retries
  | 'timeout'
  | 'network'
  | 'malformed' // a body that is not JSON, or too large to read
  | 'shape' // JSON, but not the shape the provider documents
  | 'deadline' // the overall time for this lookup ran out
  | 'budget' // the client-side call budget could not admit the call before the deadline
  | 'aborted';

export interface ProviderErrorDetails {
  status?: number;
  requestId?: string;
  path?: string;
}

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: ProviderErrorDetails = {},
  ) {
    super(message);
  }
}

/** Makes a provider's own error: what the shared HTTP client and call budget throw. */
export type ProviderErrorFactory = (
  kind: ProviderErrorKind,
  message: string,
  details?: ProviderErrorDetails,
) => ProviderError;
