// Settings of the incident.io integration. A host passes them as options; the CLI fills them from the
// environment. Time, HTTP, sleeping and randomness come in here so tests (and hosts) can inject them.
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

// WINDOW_MS: the lookup window of the seed algorithm, entries for [now, now + 1 minute].
export { apiKeyProblem, WINDOW_MS } from '../settings-checks.js';

const OWNER: SettingsOwner = {
  name: 'incident.io',
  keyVariable: 'INCIDENT_IO_API_KEY',
  baseUrlVariable: 'INCIDENT_IO_BASE_URL',
};

/**
 * Schedules fetched at once. 32 because "any schedule" on a cold cache waits for the slowest round: 200
 * schedules at 20 ms each take 25 rounds (about 650 ms) at 8 but 7 rounds (about 220 ms) at 32, and the
 * client-side budget still caps calls a minute, so a larger burst never outruns incident.io's limit.
 */
export const DEFAULT_PARALLELISM = 32;

export interface IncidentIoSettings extends CommonSettings {
  /** Needs the "Read schedules" permission (scope `schedules.view`). */
  apiKey: string;
  /** Default `https://api.incident.io`; point it at `oncall-approval simulate` for local runs. */
  baseUrl?: string;
  /** When set, "any schedule" means these schedules only (the account's list is not read). */
  scheduleAllowList?: readonly string[];
  /** Schedules fetched at the same time. Default 32 (DEFAULT_PARALLELISM). */
  parallelism?: number;
  /** Client-side budget: at most this many calls in any 60 s. Default 1,000 (incident.io allows 1,200). */
  callsPerMinute?: number;
  /** Page size asked for when listing schedules. Default 100. */
  schedulesPageSize?: number;
}

export interface ResolvedIncidentIoSettings extends ResolvedCommonSettings {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly scheduleAllowList?: readonly string[];
  readonly parallelism: number;
  readonly callsPerMinute: number;
  readonly schedulesPageSize: number;
}

export const DEFAULT_BASE_URL = 'https://api.incident.io';

const number = (value: number | undefined, name: string, fallback: number, min: number, max: number) =>
  numberSetting(OWNER, value, name, fallback, min, max);

/** Hides `apiKey` from JSON, String() and util.inspect (console.log) of this object. */
export function protectKey<T extends { apiKey: string }>(settings: T): T {
  return hideKey(settings, '[incident.io settings]');
}

/** Fills defaults and checks ranges; plain errors for out-of-range values (never naming the key). */
export function resolveSettings(input: IncidentIoSettings | ResolvedIncidentIoSettings): ResolvedIncidentIoSettings {
  const apiKey = checkApiKey(OWNER, input);
  const baseUrl = checkBaseUrl(OWNER, input.baseUrl, DEFAULT_BASE_URL, apiKey);
  const allow = input.scheduleAllowList;
  if (allow !== undefined && (!Array.isArray(allow) || allow.some((id) => typeof id !== 'string' || !id))) {
    throw new TypeError('incident.io setting scheduleAllowList must be a list of schedule IDs');
  }
  return protectKey({
    apiKey,
    baseUrl,
    ...(allow ? { scheduleAllowList: [...new Set(allow)] } : {}),
    ...resolveCommon(OWNER, input),
    parallelism: Math.floor(number(input.parallelism, 'parallelism', DEFAULT_PARALLELISM, 1, 256)),
    callsPerMinute: Math.floor(number(input.callsPerMinute, 'callsPerMinute', 1_000, 1, 100_000)),
    schedulesPageSize: Math.floor(number(input.schedulesPageSize, 'schedulesPageSize', 100, 1, 250)),
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
  return fromEnvironment(OWNER, env, overrides, protectKey);
}
