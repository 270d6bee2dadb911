// Where on-call data comes from, per integration. A local schedules file, when given, serves every
// integration it has a section for (its `schedules` list for incident.io, its `pagerduty` section for
// PagerDuty). Without one, each integration asks its own API when its key is set: INCIDENT_IO_API_KEY for
// incident.io, PAGERDUTY_API_KEY for PagerDuty; both may be set at once. An integration with no source is
// reported (`missing`), and the routing entries that name it are never satisfied. No source at all is a
// sentence naming them all (exit 2). Shared by every command that needs on-call data, so they all choose
// the same way.
import {
  createIncidentIoProvider,
  createLocalPagerDutyProvider,
  createLocalProvider,
  createPagerDutyProvider,
  loadSchedulesFile,
  pagerDutyApiView,
  pagerDutySettingsFromEnv,
  SchedulesFileError,
  settingsFromEnv,
  type IncidentIoSettings,
  type OnCallProvider,
  type PagerDutySettings,
  type PagerDutyView,
  type ScheduleListingProvider,
} from '../index.js';
import { CliError, EXIT } from './io.js';

export const NO_ON_CALL_SOURCE =
  'no on-call data: pass --schedules FILE (a local schedules file), or set INCIDENT_IO_API_KEY for incident.io ' +
  'and/or PAGERDUTY_API_KEY for PagerDuty (INCIDENT_IO_BASE_URL / PAGERDUTY_BASE_URL to use another server, ' +
  'such as `oncall-approval simulate`)';

export type Integration = 'incidentio' | 'pagerduty';

export const INTEGRATION_NAMES: Record<Integration, string> = { incidentio: 'incident.io', pagerduty: 'PagerDuty' };

export interface IncidentIoSource {
  kind: 'file' | 'api';
  provider: ScheduleListingProvider;
  description: string;
}

export interface PagerDutySource {
  kind: 'file' | 'api';
  provider: OnCallProvider;
  /** What `schedules` lists: services, escalation policies and schedules. */
  view: PagerDutyView;
  description: string;
}

export interface OnCallSources {
  incidentio?: IncidentIoSource;
  pagerduty?: PagerDutySource;
  /** The providers by integration, as the engine takes them. */
  providers: { incidentio?: OnCallProvider; pagerduty?: OnCallProvider };
  /** Integrations with no source, each with how to give it one. */
  missing: { integration: Integration; how: string }[];
}

export interface OnCallSourceOptions {
  schedulesFile?: string;
  env: Record<string, string | undefined>;
  fetch?: typeof globalThis.fetch;
  /** More settings for the incident.io API provider; the key and URL come from `env`. */
  settings?: Omit<IncidentIoSettings, 'apiKey' | 'baseUrl'>;
  /** More settings for the PagerDuty API provider; the key and URL come from `env`. */
  pagerDutySettings?: Omit<PagerDutySettings, 'apiKey' | 'baseUrl'>;
  /** "On call for any schedule" narrowed to these incident.io schedules (`--schedule-allow-list`). */
  scheduleAllowList?: readonly string[];
}

function fromFile(file: string, integration: Integration): string {
  return integration === 'incidentio'
    ? `the schedules file ${file} has no incident.io \`schedules\``
    : `the schedules file ${file} has no \`pagerduty\` section`;
}

/**
 * The on-call sources, or a failure: no source at all (exit 2), a schedules file with problems (exit 1,
 * the problems located), settings a provider refuses (exit 2).
 */
export async function openOnCallSources(options: OnCallSourceOptions): Promise<OnCallSources> {
  const out: OnCallSources = { providers: {}, missing: [] };
  if (options.schedulesFile !== undefined) {
    const file = options.schedulesFile;
    let data;
    try {
      data = await loadSchedulesFile(file);
    } catch (err) {
      if (err instanceof SchedulesFileError) throw CliError.report(EXIT.invalid, err.message);
      throw err;
    }
    // A file with only a PagerDuty section has no incident.io schedules at all: not an empty account.
    if (data.schedules.length > 0 || !data.pagerduty) {
      const provider = createLocalProvider(data, {
        ...(options.scheduleAllowList ? { scheduleAllowList: options.scheduleAllowList } : {}),
      });
      out.incidentio = { kind: 'file', provider, description: `schedules file ${file}` };
    } else out.missing.push({ integration: 'incidentio', how: fromFile(file, 'incidentio') });
    if (data.pagerduty) {
      const provider = createLocalPagerDutyProvider(data.pagerduty, { file });
      out.pagerduty = { kind: 'file', provider, view: provider, description: `schedules file ${file}` };
    } else out.missing.push({ integration: 'pagerduty', how: fromFile(file, 'pagerduty') });
  } else {
    const settings = settingsFromEnv(options.env, {
      ...options.settings,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.scheduleAllowList ? { scheduleAllowList: options.scheduleAllowList } : {}),
    });
    if (settings) {
      try {
        const provider = createIncidentIoProvider(settings);
        out.incidentio = { kind: 'api', provider, description: `incident.io at ${provider.settings.baseUrl}` };
      } catch (err) {
        throw new CliError(EXIT.usage, (err as Error).message);
      }
    } else out.missing.push({ integration: 'incidentio', how: 'INCIDENT_IO_API_KEY is not set' });
    const pd = pagerDutySettingsFromEnv(options.env, {
      ...options.pagerDutySettings,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    if (pd) {
      try {
        const provider = createPagerDutyProvider(pd);
        out.pagerduty = {
          kind: 'api',
          provider,
          view: pagerDutyApiView(provider.client),
          description: `PagerDuty at ${provider.settings.baseUrl}`,
        };
      } catch (err) {
        throw new CliError(EXIT.usage, (err as Error).message);
      }
    } else out.missing.push({ integration: 'pagerduty', how: 'PAGERDUTY_API_KEY is not set' });
    if (!out.incidentio && !out.pagerduty) throw new CliError(EXIT.usage, NO_ON_CALL_SOURCE);
  }
  if (out.incidentio) out.providers.incidentio = out.incidentio.provider;
  if (out.pagerduty) out.providers.pagerduty = out.pagerduty.provider;
  return out;
}

/** The integrations that have a source, in a fixed order. */
export function configuredIntegrations(sources: OnCallSources): Integration[] {
  return (['incidentio', 'pagerduty'] as const).filter((i) => sources[i] !== undefined);
}

/** "incident.io from schedules file F; PagerDuty not configured (PAGERDUTY_API_KEY is not set)". */
export function describeSources(sources: OnCallSources): string {
  const parts: string[] = [];
  for (const i of ['incidentio', 'pagerduty'] as const) {
    const s = sources[i];
    if (s) parts.push(`${INTEGRATION_NAMES[i]} from ${s.description}`);
    else
      parts.push(`${INTEGRATION_NAMES[i]} not configured (${sources.missing.find((m) => m.integration === i)?.how})`);
  }
  return parts.join('; ');
}
