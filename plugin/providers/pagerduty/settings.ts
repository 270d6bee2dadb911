// Settings of the PagerDuty integration. A host passes them as options; the CLI fills them from the
// environment (`PAGERDUTY_API_KEY`, `PAGERDUTY_BASE_URL`). Time, HTTP, sleeping and randomness come in
// here so tests (and hosts) can inject them, exactly as for the incident.io provider.
//
// The API key is a secret: settings objects made here redact it from JSON, `String()` and `util.inspect`,
// so logging a settings object never prints the key. (A copy made with `{...settings}` is a plain object:
// log the original, not a copy.)
import { inspect } from 'node:util';
import { defaultFetch } from '../default-fetch.js';
import { redact } from './errors.js';

/** The lookup window: on-calls for [now, now + 1 minute] (plus the look-back, see provider.ts). */
export const WINDOW_MS = 60_000;

/** PagerDuty's REST API allows 960 requests a minute per key; the client keeps a margin under it. */
export const DEFAULT_CALLS_PER_MINUTE = 800;

/** Classic pagination: PagerDuty answers at most 100 records a page. */
export const MAX_PAGE_SIZE = 100;

/** Classic pagination stops at offset + limit = 10,000: records past it cannot be read at all. */
export const MAX_RECORDS = 10_000;

export const DEFAULT_PAGERDUTY_BASE_URL = 'https://api.pagerduty.com';

export interface PagerDutySettings {
  /**
   * A REST API key (account key, read-only is enough, or a user token), sent as `Token token=<key>`. It
   * must read on-calls (with users), services and schedules.
   */
  apiKey: string;
  /** Default `https://api.pagerduty.com`; point it at the simulator for local runs. */
  baseUrl?: string;
  /** How long fetched data serves lookups. Default and maximum: the 60 s window. 0 disables the cache. */
  cacheLifeMs?: number;
  /** Timeout of one HTTP call. Default 5,000 ms. */
  requestTimeoutMs?: number;
  /** Overall time for one lookup (all pages, retries and waits included). Default 10,000 ms. */
  deadlineMs?: number;
  /** Retries after a 429, a 5xx, a timeout or a network error. Default 3. */
  maxRetries?: number;
  /** First backoff step (doubled each retry, jittered ×0.5–1.5). Default 200 ms. */
  backoffBaseMs?: number;
  /** Largest backoff step. Default 2,000 ms. */
  backoffMaxMs?: number;
  /** Requests in flight at the same time (services, escalation policies, schedules). Default 16. */
  parallelism?: number;
  /** Client-side budget: at most this many calls in any 60 s. Default 800 (PagerDuty allows 960). */
  callsPerMinute?: number;
  /** Records asked for per page (`limit`). Default and maximum 100. */
  pageSize?: number;
  /** Pages read for one list before it fails closed. Default 100 (10,000 records, PagerDuty's own end). */
  maxPages?: number;
  fetch?: typeof globalThis.fetch;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Receives one line per retry or wait; never the key. */
  log?: (line: string) => void;
}

export interface ResolvedPagerDutySettings {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly cacheLifeMs: number;
  readonly requestTimeoutMs: number;
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly parallelism: number;
  readonly callsPerMinute: number;
  readonly pageSize: number;
  readonly maxPages: number;
  readonly fetch: typeof globalThis.fetch;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly log: (line: string) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function number(value: number | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`PagerDuty setting ${name} must be a number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Hides `apiKey` from JSON, String() and util.inspect (console.log) of this object. */
export function protectPagerDutyKey<T extends { apiKey: string }>(settings: T): T {
  const shown = () => ({ ...settings, apiKey: '[redacted]' });
  Object.defineProperties(settings, {
    toJSON: { value: () => shown(), enumerable: false },
    toString: { value: () => '[PagerDuty settings]', enumerable: false },
    [inspect.custom]: { value: () => shown(), enumerable: false },
  });
  return settings;
}

/** Fills defaults and checks ranges; plain errors for out-of-range values (never naming the key). */
export function resolvePagerDutySettings(
  input: PagerDutySettings | ResolvedPagerDutySettings,
): ResolvedPagerDutySettings {
  if (!input || typeof input.apiKey !== 'string' || input.apiKey.trim() === '') {
    throw new TypeError('PagerDuty setting apiKey is missing: set PAGERDUTY_API_KEY or pass apiKey');
  }
  const apiKey = input.apiKey.trim();
  const baseUrl = (input.baseUrl ?? DEFAULT_PAGERDUTY_BASE_URL).replace(/\/+$/, '');
  // The base URL is printed (errors) and is the start of every request line, so it must not hold the key
  // (PAGERDUTY_BASE_URL and PAGERDUTY_API_KEY swapped, or the key pasted into the URL).
  const shown = redact(baseUrl, apiKey);
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new TypeError(`PagerDuty setting baseUrl is not a URL: ${shown}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`PagerDuty setting baseUrl must be an http(s) URL: ${shown}`);
  }
  if (parsed.username || parsed.password) {
    throw new TypeError('PagerDuty setting baseUrl must not carry credentials');
  }
  if (parsed.search || parsed.hash) {
    throw new TypeError(`PagerDuty setting baseUrl must not carry a query or fragment: ${shown}`);
  }
  if (shown !== baseUrl) {
    throw new TypeError(
      "PagerDuty setting baseUrl contains the API key: set PAGERDUTY_BASE_URL to the server's URL only, and the key in PAGERDUTY_API_KEY",
    );
  }
  const pageSize = Math.floor(number(input.pageSize, 'pageSize', MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE));
  return protectPagerDutyKey({
    apiKey,
    baseUrl,
    cacheLifeMs: number(input.cacheLifeMs, 'cacheLifeMs', WINDOW_MS, 0, WINDOW_MS),
    requestTimeoutMs: number(input.requestTimeoutMs, 'requestTimeoutMs', 5_000, 1, 600_000),
    deadlineMs: number(input.deadlineMs, 'deadlineMs', 10_000, 1, 3_600_000),
    maxRetries: Math.floor(number(input.maxRetries, 'maxRetries', 3, 0, 20)),
    backoffBaseMs: number(input.backoffBaseMs, 'backoffBaseMs', 200, 0, 60_000),
    backoffMaxMs: number(input.backoffMaxMs, 'backoffMaxMs', 2_000, 0, 600_000),
    parallelism: Math.floor(number(input.parallelism, 'parallelism', 16, 1, 256)),
    callsPerMinute: Math.floor(number(input.callsPerMinute, 'callsPerMinute', DEFAULT_CALLS_PER_MINUTE, 1, 100_000)),
    pageSize,
    maxPages: Math.floor(number(input.maxPages, 'maxPages', MAX_RECORDS / MAX_PAGE_SIZE, 1, MAX_RECORDS)),
    fetch: input.fetch ?? defaultFetch,
    clock: input.clock ?? (() => new Date()),
    sleep: input.sleep ?? realSleep,
    random: input.random ?? Math.random,
    log: input.log ?? (() => {}),
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
  const apiKey = env.PAGERDUTY_API_KEY?.trim();
  if (!apiKey) return undefined;
  const baseUrl = env.PAGERDUTY_BASE_URL?.trim() || overrides.baseUrl;
  return protectPagerDutyKey({ ...overrides, apiKey, ...(baseUrl ? { baseUrl } : {}) });
}
