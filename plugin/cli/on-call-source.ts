// Where on-call data comes from (CLI.md): a local schedules file when one is given, otherwise the
// incident.io API when INCIDENT_IO_API_KEY is set, otherwise nothing, said in a sentence naming both.
// Shared by every command that needs on-call data, so they all choose the same way.
import { createIncidentIoProvider, type IncidentIoProvider } from '../providers/incidentio/provider.js';
import { loadSchedulesFile, SchedulesFileError } from '../providers/local/schedules-file.js';
import { createLocalProvider } from '../providers/local/local-provider.js';
import { settingsFromEnv, type IncidentIoSettings } from '../providers/incidentio/settings.js';
import type { Problem } from '../routing/types.js';
import type { ScheduleListingProvider } from '../providers/contract.js';

export const NO_ON_CALL_SOURCE =
  'no on-call data: pass --schedules FILE (a local schedules file) or set INCIDENT_IO_API_KEY ' +
  '(and INCIDENT_IO_BASE_URL to use another server, such as `oncall-approval simulate`)';

export type OnCallSource =
  | { kind: 'file'; provider: ScheduleListingProvider; description: string }
  | { kind: 'api'; provider: IncidentIoProvider; description: string }
  /** Neither source: `message` names both (the CLI exits 2). */
  | { kind: 'none'; message: string }
  /** The file has problems (exit 1), or the settings are invalid (exit 2): `message` is printable as is. */
  | { kind: 'invalid'; message: string; problems?: Problem[] };

export interface OnCallSourceOptions {
  schedulesFile?: string;
  env: Record<string, string | undefined>;
  fetch?: typeof globalThis.fetch;
  /** More settings for the API provider (timeouts, clock, ...); the key and URL come from `env`. */
  settings?: Omit<IncidentIoSettings, 'apiKey' | 'baseUrl'>;
}

export async function openOnCallSource(options: OnCallSourceOptions): Promise<OnCallSource> {
  if (options.schedulesFile !== undefined) {
    try {
      const data = await loadSchedulesFile(options.schedulesFile);
      return {
        kind: 'file',
        provider: createLocalProvider(data),
        description: `schedules file ${options.schedulesFile}`,
      };
    } catch (err) {
      if (err instanceof SchedulesFileError) return { kind: 'invalid', message: err.message, problems: err.problems };
      throw err;
    }
  }
  const settings = settingsFromEnv(options.env, {
    ...options.settings,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (!settings) return { kind: 'none', message: NO_ON_CALL_SOURCE };
  try {
    const provider = createIncidentIoProvider(settings);
    return { kind: 'api', provider, description: `incident.io at ${provider.settings.baseUrl}` };
  } catch (err) {
    return { kind: 'invalid', message: (err as Error).message };
  }
}
