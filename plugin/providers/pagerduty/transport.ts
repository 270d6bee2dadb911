// One GET to PagerDuty: the shared HTTP client (../http.ts: timeouts, retries, budget, no redirects,
// redaction) with `Authorization: Token token=<key>` and the v2 `Accept` header, PagerDuty's error envelope,
// and its 429 wait, read from `ratelimit-reset` (seconds until the limit resets) or `Retry-After` (seconds
// or HTTP date), the longer one winning.
import { createHttpTransport, longestWait, waitFromValue, type HttpProfile, type Transport } from '../http.js';
import { decodeErrorEnvelope } from './decode.js';
import { PagerDutyError } from './errors.js';
import type { ResolvedPagerDutySettings } from './settings.js';

export { queryString } from '../http.js';
export type { CallOptions, GetRequest, Query, Transport } from '../http.js';

export const ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** Milliseconds to wait from `ratelimit-reset` (seconds) and `Retry-After` (seconds or HTTP date). */
export function rateLimitWaitMs(
  rateLimitReset: string | null | undefined,
  retryAfter: string | null | undefined,
  nowMs: number,
): number | undefined {
  const reset = rateLimitReset?.trim();
  // `ratelimit-reset` is seconds only: a date there is not PagerDuty's and is ignored.
  const resetWait = reset && /^\d+(\.\d+)?$/.test(reset) ? Number(reset) * 1000 : undefined;
  return longestWait([resetWait, waitFromValue(retryAfter, nowMs)]);
}

export const PAGERDUTY_HTTP: HttpProfile = {
  name: 'PagerDuty',
  error: (kind, message, details) => new PagerDutyError(kind, message, details),
  headers: (apiKey) => ({
    Authorization: `Token token=${apiKey}`,
    Accept: ACCEPT,
    'Content-Type': 'application/json',
    'User-Agent': 'oncall-approval',
  }),
  baseUrlVariable: 'PAGERDUTY_BASE_URL',
  forbidden: 'the API key may not read this (a user token sees only what its user may see)',
  decodeErrorEnvelope,
  readWait: (header, _envelope, nowMs) => rateLimitWaitMs(header('ratelimit-reset'), header('retry-after'), nowMs),
};

export function createTransport(settings: ResolvedPagerDutySettings): Transport {
  return createHttpTransport(settings, PAGERDUTY_HTTP);
}
