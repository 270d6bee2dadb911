// Settings of the incident.io integration. A host passes them as options; the CLI fills them from the
// environment. Time, HTTP, sleeping and randomness come in here so tests (and hosts) can inject them.
//
// The API key is a secret: settings objects made here redact it from JSON, `String()` and `util.inspect`,
// so logging a settings object never prints the key. (A copy made with `{...settings}` is a plain object:
// log the original, not a copy.)
import { inspect } from 'node:util';
import { redact } from './errors.js';
import { defaultFetch } from '../default-fetch.js';

/** The lookup window of the seed algorithm: entries for [now, now + 1 minute]. */
export const WINDOW_MS = 60_000;

/**
 * Schedules fetched at once. 32 because "any schedule" on a cold cache waits for the slowest round: 200
 * schedules at 20 ms each take 25 rounds (about 650 ms) at 8 but 7 rounds (about 220 ms) at 32, and the
 * client-side budget still caps calls a minute, so a larger burst never outruns incident.io's limit.
 */
export const DEFAULT_PARALLELISM = 32;

export interface IncidentIoSettings {
  /** Needs the "Read schedules" permission (scope `schedules.view`). */
  apiKey: string;
  /** Default `https://api.incident.io`; point it at `oncall-approval simulate` for local runs. */
  baseUrl?: string;
  /** When set, "any schedule" means these schedules only (the account's list is not read). */
  scheduleAllowList?: readonly string[];
  /** How long fetched entries serve lookups. Default and maximum: the 60 s window. 0 disables the cache. */
  cacheLifeMs?: number;
  /** Timeout of one HTTP call. Default 5,000 ms. */
  requestTimeoutMs?: number;
  /** Overall time for one lookup (all retries and waits included). Default 10,000 ms. */
  deadlineMs?: number;
  /** Retries after a 429, a 5xx, a timeout or a network error. Default 3. */
  maxRetries?: number;
  /** First backoff step (doubled each retry, jittered ×0.5–1.5). Default 200 ms. */
  backoffBaseMs?: number;
  /** Largest backoff step. Default 2,000 ms. */
  backoffMaxMs?: number;
  /** Schedules fetched at the same time. Default 32 (DEFAULT_PARALLELISM). */
  parallelism?: number;
  /** Client-side budget: at most this many calls in any 60 s. Default 1,000 (incident.io allows 1,200). */
  callsPerMinute?: number;
  /** Page size asked for when listing schedules. Default 100. */
  schedulesPageSize?: number;
  fetch?: typeof globalThis.fetch;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Receives one line per retry or wait; never the key. */
  log?: (line: string) => void;
}

export interface ResolvedIncidentIoSettings {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly scheduleAllowList?: readonly string[];
  readonly cacheLifeMs: number;
  readonly requestTimeoutMs: number;
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly parallelism: number;
  readonly callsPerMinute: number;
  readonly schedulesPageSize: number;
  readonly fetch: typeof globalThis.fetch;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly log: (line: string) => void;
}

export const DEFAULT_BASE_URL = 'https://api.incident.io';

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function number(value: number | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`incident.io setting ${name} must be a number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

const KNOWN_CHARACTERS: Record<number, string> = {
  0x20: 'a space',
  0xa0: 'a no-break space',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x2060: 'a word joiner',
  0xfeff: 'a byte-order mark',
  0x2018: 'a curly quote',
  0x2019: 'a curly quote',
  0x201c: 'a curly quote',
  0x201d: 'a curly quote',
  0x2013: 'an en dash',
  0x2014: 'an em dash',
  0x2026: 'an ellipsis',
  0x09: 'a tab',
  0x0a: 'a line break',
  0x0d: 'a carriage return',
};

/**
 * Why the key cannot be sent, or undefined. It travels in the Authorization header, which holds visible
 * ASCII only: a zero-width space or a curly quote picked up by a copy and paste would make every request
 * fail before it leaves, and be reported as an unreachable server. The sentence names the character and its
 * place, never the key.
 */
export function apiKeyProblem(apiKey: string): string | undefined {
  let index = 0;
  for (const ch of apiKey) {
    index++;
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x21 && cp <= 0x7e) continue;
    const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    const name = KNOWN_CHARACTERS[cp];
    return `holds ${name ? `${name} (${code})` : code} at character ${index}, which cannot be sent in an HTTP header (API keys are letters, digits and ASCII punctuation); copy the key again, as plain text`;
  }
  return undefined;
}

/** Hides `apiKey` from JSON, String() and util.inspect (console.log) of this object. */
export function protectKey<T extends { apiKey: string }>(settings: T): T {
  const shown = () => ({ ...settings, apiKey: '[redacted]' });
  Object.defineProperties(settings, {
    toJSON: { value: () => shown(), enumerable: false },
    toString: { value: () => '[incident.io settings]', enumerable: false },
    [inspect.custom]: { value: () => shown(), enumerable: false },
  });
  return settings;
}

/** Fills defaults and checks ranges; plain errors for out-of-range values (never naming the key). */
export function resolveSettings(input: IncidentIoSettings | ResolvedIncidentIoSettings): ResolvedIncidentIoSettings {
  if (!input || typeof input.apiKey !== 'string' || input.apiKey.trim() === '') {
    throw new TypeError('incident.io setting apiKey is missing: set INCIDENT_IO_API_KEY or pass apiKey');
  }
  const apiKey = input.apiKey.trim();
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) throw new TypeError(`incident.io setting apiKey ${keyProblem}`);
  const baseUrl = (input.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  // The base URL is printed (errors, check-key) and sent in every request line, so it must not hold the key
  // (INCIDENT_IO_BASE_URL and INCIDENT_IO_API_KEY swapped, or the key pasted into the URL): errors about it
  // show it redacted, and a URL holding the key is refused.
  const shown = redact(baseUrl, apiKey);
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new TypeError(`incident.io setting baseUrl is not a URL: ${shown}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`incident.io setting baseUrl must be an http(s) URL: ${shown}`);
  }
  if (parsed.username || parsed.password) {
    throw new TypeError('incident.io setting baseUrl must not carry credentials');
  }
  if (shown !== baseUrl) {
    throw new TypeError(
      "incident.io setting baseUrl contains the API key: set INCIDENT_IO_BASE_URL to the server's URL only, and the key in INCIDENT_IO_API_KEY",
    );
  }
  const allow = input.scheduleAllowList;
  if (allow !== undefined && (!Array.isArray(allow) || allow.some((id) => typeof id !== 'string' || !id))) {
    throw new TypeError('incident.io setting scheduleAllowList must be a list of schedule IDs');
  }
  return protectKey({
    apiKey,
    baseUrl,
    ...(allow ? { scheduleAllowList: [...new Set(allow)] } : {}),
    cacheLifeMs: number(input.cacheLifeMs, 'cacheLifeMs', WINDOW_MS, 0, WINDOW_MS),
    requestTimeoutMs: number(input.requestTimeoutMs, 'requestTimeoutMs', 5_000, 1, 600_000),
    deadlineMs: number(input.deadlineMs, 'deadlineMs', 10_000, 1, 3_600_000),
    maxRetries: Math.floor(number(input.maxRetries, 'maxRetries', 3, 0, 20)),
    backoffBaseMs: number(input.backoffBaseMs, 'backoffBaseMs', 200, 0, 60_000),
    backoffMaxMs: number(input.backoffMaxMs, 'backoffMaxMs', 2_000, 0, 600_000),
    parallelism: Math.floor(number(input.parallelism, 'parallelism', DEFAULT_PARALLELISM, 1, 256)),
    callsPerMinute: Math.floor(number(input.callsPerMinute, 'callsPerMinute', 1_000, 1, 100_000)),
    schedulesPageSize: Math.floor(number(input.schedulesPageSize, 'schedulesPageSize', 100, 1, 250)),
    fetch: input.fetch ?? defaultFetch,
    clock: input.clock ?? (() => new Date()),
    sleep: input.sleep ?? realSleep,
    random: input.random ?? Math.random,
    log: input.log ?? (() => {}),
  });
}

/**
 * Settings from the environment: `INCIDENT_IO_API_KEY` and `INCIDENT_IO_BASE_URL`. Undefined when no key is
 * set, so a caller can say which sources of on-call data are missing. `overrides` adds the rest (fetch, ...).
 */
export function settingsFromEnv(
  env: Record<string, string | undefined>,
  overrides: Omit<IncidentIoSettings, 'apiKey'> = {},
): IncidentIoSettings | undefined {
  const apiKey = env.INCIDENT_IO_API_KEY?.trim();
  if (!apiKey) return undefined;
  const baseUrl = env.INCIDENT_IO_BASE_URL?.trim() || overrides.baseUrl;
  return protectKey({ ...overrides, apiKey, ...(baseUrl ? { baseUrl } : {}) });
}
