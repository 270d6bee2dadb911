// One GET to incident.io: the shared HTTP client (../http.ts: timeouts, retries, budget, no redirects,
// redaction) with incident.io's `Authorization: Bearer <key>`, its error envelope, and its 429 wait, read
// from `Retry-After` (seconds or HTTP date) and the body's `rate_limit.retry_after`, the longer one winning.
import { createHttpTransport, longestWait, waitFromValue, type HttpProfile, type Transport } from '../http.js';
import { decodeErrorEnvelope } from './decode.js';
import { IncidentIoError } from './errors.js';
import type { ResolvedIncidentIoSettings } from './settings.js';

export { MAX_BODY_CHARS } from '../http.js';
export type { CallOptions, GetRequest, Transport } from '../http.js';

/** Milliseconds to wait from `Retry-After` and the body's `rate_limit.retry_after`; the longer one wins. */
export function retryAfterMs(header: string | null | undefined, bodyValue: unknown, nowMs: number): number | undefined {
  return longestWait([waitFromValue(header, nowMs), waitFromValue(bodyValue, nowMs)]);
}

export const INCIDENT_IO_HTTP: HttpProfile = {
  name: 'incident.io',
  error: (kind, message, details) => new IncidentIoError(kind, message, details),
  headers: (apiKey) => ({
    Authorization: `Bearer ${apiKey}`,
    Accept: 'application/json',
    'User-Agent': 'oncall-approval',
  }),
  baseUrlVariable: 'INCIDENT_IO_BASE_URL',
  forbidden: 'the API key lacks a permission this call needs (reading schedules needs "Read schedules")',
  decodeErrorEnvelope,
  readWait: (header, envelope, nowMs) => retryAfterMs(header('retry-after'), envelope.retryAfter, nowMs),
};

export function createTransport(settings: ResolvedIncidentIoSettings): Transport {
  return createHttpTransport(settings, INCIDENT_IO_HTTP);
}
