// Settings of the PagerDuty integration. A host passes them as options; the CLI fills them from the
// environment (`PAGERDUTY_API_KEY`, `PAGERDUTY_BASE_URL`). Time, HTTP, sleeping and randomness come in
// here so tests (and hosts) can inject them, exactly as for the incident.io provider.
//
// The API key is a secret: settings objects made here redact it from JSON, `String()` and `util.inspect`,
// so logging a settings object never prints the key. (A copy made with `{...settings}` is a plain object:
// log the original, not a copy.)
import {
  checkApiKey,
  checkBaseUrl,
  fromEnvironment,
  hideKey,
  numberSetting,
  resolveCommon,
  type CommonSettings,
  type ResolvedCommonSettings,
  type SettingsOwner,
} from '../settings-checks.js';

// WINDOW_MS: the lookup window, on-calls for [now, now + 1 minute] (plus the look-back, see provider.ts).
export { WINDOW_MS } from '../settings-checks.js';

const OWNER: SettingsOwner = {
  name: 'PagerDuty',
  keyVariable: 'PAGERDUTY_API_KEY',
  baseUrlVariable: 'PAGERDUTY_BASE_URL',
};

/** PagerDuty's REST API allows 960 requests a minute per key; the client keeps a margin under it. */
export const DEFAULT_CALLS_PER_MINUTE = 800;

/** Classic pagination: PagerDuty answers at most 100 records a page. */
export const MAX_PAGE_SIZE = 100;

/** Classic pagination stops at offset + limit = 10,000: records past it cannot be read at all. */
export const MAX_RECORDS = 10_000;

export const DEFAULT_PAGERDUTY_BASE_URL = 'https://api.pagerduty.com';

export interface PagerDutySettings extends CommonSettings {
  /**
   * A REST API key (account key, read-only is enough, or a user token), sent as `Token token=<key>`. It
   * must read on-calls (with users), services and schedules.
   */
  apiKey: string;
  /** Default `https://api.pagerduty.com`; point it at the simulator for local runs. */
  baseUrl?: string;
  /** Requests in flight at the same time (services, escalation policies, schedules). Default 16. */
  parallelism?: number;
  /** Client-side budget: at most this many calls in any 60 s. Default 800 (PagerDuty allows 960). */
  callsPerMinute?: number;
  /** Records asked for per page (`limit`). Default and maximum 100. */
  pageSize?: number;
  /** Pages read for one list before it fails closed. Default 100 (10,000 records, PagerDuty's own end). */
  maxPages?: number;
}

export interface ResolvedPagerDutySettings extends ResolvedCommonSettings {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly parallelism: number;
  readonly callsPerMinute: number;
  readonly pageSize: number;
  readonly maxPages: number;
}

const number = (value: number | undefined, name: string, fallback: number, min: number, max: number) =>
  numberSetting(OWNER, value, name, fallback, min, max);

/** Hides `apiKey` from JSON, String() and util.inspect (console.log) of this object. */
export function protectPagerDutyKey<T extends { apiKey: string }>(settings: T): T {
  return hideKey(settings, '[PagerDuty settings]');
}

/** Fills defaults and checks ranges; plain errors for out-of-range values (never naming the key). */
export function resolvePagerDutySettings(
  input: PagerDutySettings | ResolvedPagerDutySettings,
): ResolvedPagerDutySettings {
  const apiKey = checkApiKey(OWNER, input);
  const baseUrl = checkBaseUrl(OWNER, input.baseUrl, DEFAULT_PAGERDUTY_BASE_URL, apiKey);
  const pageSize = Math.floor(number(input.pageSize, 'pageSize', MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE));
  return protectPagerDutyKey({
    apiKey,
    baseUrl,
    ...resolveCommon(OWNER, input),
    parallelism: Math.floor(number(input.parallelism, 'parallelism', 16, 1, 256)),
    callsPerMinute: Math.floor(number(input.callsPerMinute, 'callsPerMinute', DEFAULT_CALLS_PER_MINUTE, 1, 100_000)),
    pageSize,
    maxPages: Math.floor(number(input.maxPages, 'maxPages', MAX_RECORDS / MAX_PAGE_SIZE, 1, MAX_RECORDS)),
  });
}

/**
 * Settings from the environment: `PAGERDUTY_API_KEY` and `PAGERDUTY_BASE_URL`. Undefined when no key is
 * set, so a caller can say which sources of on-call data are missing. `overrides` adds the rest (fetch, ...).
 */
export function pagerDutySettingsFromEnv(
  env: Record<string, string | undefined>,
  overrides: Omit<PagerDutySettings, 'apiKey'> = {},
): PagerDutySettings | undefined {
  return fromEnvironment(OWNER, env, overrides, protectPagerDutyKey);
}
