// Where on-call data comes from: a local schedules file when one is given, otherwise the incident.io API
// when INCIDENT_IO_API_KEY is set, otherwise nothing, said in a sentence naming both (exit 2). Shared by
// every command that needs on-call data, so they all choose the same way.
import {
  createIncidentIoProvider,
  createLocalProvider,
  loadSchedulesFile,
  SchedulesFileError,
  settingsFromEnv,
  type IncidentIoProvider,
  type IncidentIoSettings,
  type ScheduleListingProvider,
} from '../index.js';
import { CliError, EXIT } from './io.js';

export const NO_ON_CALL_SOURCE =
  'no on-call data: pass --schedules FILE (a local schedules file) or set INCIDENT_IO_API_KEY ' +
  '(and INCIDENT_IO_BASE_URL to use another server, such as `oncall-approval simulate`)';

export type OnCallSource =
  | { kind: 'file'; provider: ScheduleListingProvider; description: string }
  | { kind: 'api'; provider: IncidentIoProvider; description: string };

export interface OnCallSourceOptions {
  schedulesFile?: string;
  env: Record<string, string | undefined>;
  fetch?: typeof globalThis.fetch;
  /** More settings for the API provider (timeouts, clock, ...); the key and URL come from `env`. */
  settings?: Omit<IncidentIoSettings, 'apiKey' | 'baseUrl'>;
}

/**
 * The on-call source, or a failure: no source (exit 2), a schedules file with problems (exit 1, the
 * problems located), settings the provider refuses (exit 2).
 */
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
      if (err instanceof SchedulesFileError) throw CliError.report(EXIT.invalid, err.message);
      throw err;
    }
  }
  const settings = settingsFromEnv(options.env, {
    ...options.settings,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (!settings) throw new CliError(EXIT.usage, NO_ON_CALL_SOURCE);
  try {
    const provider = createIncidentIoProvider(settings);
    return { kind: 'api', provider, description: `incident.io at ${provider.settings.baseUrl}` };
  } catch (err) {
    throw new CliError(EXIT.usage, (err as Error).message);
  }
}
