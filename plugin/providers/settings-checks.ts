// The checks every provider's settings share: the key (present, trimmed, sendable in a header), the base URL
// (http(s), no credentials, no query, never holding the key), numbers in range, the timing and HTTP options
// with their defaults, and settings objects that never print the key. Every message starts with the
// provider's name ("PagerDuty setting ...") and never holds the key.
import { inspect } from 'node:util';
import { defaultFetch } from './default-fetch.js';
import { redact } from './redact.js';

/** Which provider the settings are for, as messages and the environment name it. */
export interface SettingsOwner {
  /** "incident.io", "PagerDuty". */
  name: string;
  /** The environment variables the CLI reads: `INCIDENT_IO_API_KEY`, `PAGERDUTY_BASE_URL`, ... */
  keyVariable: string;
  baseUrlVariable: string;
}

/** The options every provider takes besides its key, base URL and its own. */
export interface CommonSettings {
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
  fetch?: typeof globalThis.fetch;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Receives one line per retry or wait; never the key. */
  log?: (line: string) => void;
}

export interface ResolvedCommonSettings {
  readonly cacheLifeMs: number;
  readonly requestTimeoutMs: number;
  readonly deadlineMs: number;
  readonly maxRetries: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly fetch: typeof globalThis.fetch;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly log: (line: string) => void;
}

/** The lookup window: what is fetched covers [now, now + 1 minute], and the cache never outlives it. */
export const WINDOW_MS = 60_000;

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** A number setting in [min, max], or the fallback when unset; a RangeError naming the setting otherwise. */
export function numberSetting(
  owner: SettingsOwner,
  value: number | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${owner.name} setting ${name} must be a number from ${min} to ${max}, got ${String(value)}`);
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

/** Hides `apiKey` from JSON, String() (which says `label`) and util.inspect (console.log) of this object. */
export function hideKey<T extends { apiKey: string }>(settings: T, label: string): T {
  const shown = () => ({ ...settings, apiKey: '[redacted]' });
  Object.defineProperties(settings, {
    toJSON: { value: () => shown(), enumerable: false },
    toString: { value: () => label, enumerable: false },
    [inspect.custom]: { value: () => shown(), enumerable: false },
  });
  return settings;
}

/** The key, trimmed: present, and sendable in a header. */
export function checkApiKey(owner: SettingsOwner, input: { apiKey?: unknown } | undefined): string {
  if (!input || typeof input.apiKey !== 'string' || input.apiKey.trim() === '') {
    throw new TypeError(`${owner.name} setting apiKey is missing: set ${owner.keyVariable} or pass apiKey`);
  }
  const apiKey = input.apiKey.trim();
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) throw new TypeError(`${owner.name} setting apiKey ${keyProblem}`);
  return apiKey;
}

/**
 * The base URL without trailing slashes. It is printed (errors, check-key) and starts every request line, so
 * it must not hold the key (the two variables swapped, or the key pasted into the URL): errors about it show
 * it redacted, and a URL holding the key is refused.
 */
export function checkBaseUrl(owner: SettingsOwner, raw: string | undefined, fallback: string, apiKey: string): string {
  const baseUrl = (raw ?? fallback).replace(/\/+$/, '');
  const shown = redact(baseUrl, apiKey);
  const problem = `${owner.name} setting baseUrl`;
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new TypeError(`${problem} is not a URL: ${shown}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`${problem} must be an http(s) URL: ${shown}`);
  }
  if (parsed.username || parsed.password) throw new TypeError(`${problem} must not carry credentials`);
  if (parsed.search || parsed.hash) throw new TypeError(`${problem} must not carry a query or fragment: ${shown}`);
  if (shown !== baseUrl) {
    throw new TypeError(
      `${problem} contains the API key: set ${owner.baseUrlVariable} to the server's URL only, and the key in ${owner.keyVariable}`,
    );
  }
  return baseUrl;
}

/** The common options with their defaults, range-checked. */
export function resolveCommon(owner: SettingsOwner, input: CommonSettings): ResolvedCommonSettings {
  const number = (value: number | undefined, name: string, fallback: number, min: number, max: number) =>
    numberSetting(owner, value, name, fallback, min, max);
  return {
    cacheLifeMs: number(input.cacheLifeMs, 'cacheLifeMs', WINDOW_MS, 0, WINDOW_MS),
    requestTimeoutMs: number(input.requestTimeoutMs, 'requestTimeoutMs', 5_000, 1, 600_000),
    deadlineMs: number(input.deadlineMs, 'deadlineMs', 10_000, 1, 3_600_000),
    maxRetries: Math.floor(number(input.maxRetries, 'maxRetries', 3, 0, 20)),
    backoffBaseMs: number(input.backoffBaseMs, 'backoffBaseMs', 200, 0, 60_000),
    backoffMaxMs: number(input.backoffMaxMs, 'backoffMaxMs', 2_000, 0, 600_000),
    fetch: input.fetch ?? defaultFetch,
    clock: input.clock ?? (() => new Date()),
    sleep: input.sleep ?? realSleep,
    random: input.random ?? Math.random,
    log: input.log ?? (() => {}),
  };
}

/**
 * Settings from the environment: the owner's key and base URL variables. Undefined when no key is set, so a
 * caller can say which sources of on-call data are missing. `overrides` adds the rest (fetch, ...).
 */
export function fromEnvironment<T extends { apiKey: string; baseUrl?: string }>(
  owner: SettingsOwner,
  env: Record<string, string | undefined>,
  overrides: Omit<T, 'apiKey'>,
  protect: (settings: T) => T,
): T | undefined {
  const apiKey = env[owner.keyVariable]?.trim();
  if (!apiKey) return undefined;
  const baseUrl = env[owner.baseUrlVariable]?.trim() || overrides.baseUrl;
  return protect({ ...overrides, apiKey, ...(baseUrl ? { baseUrl } : {}) } as T);
}
