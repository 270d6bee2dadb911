// Which on-call integrations a command that only reads routing files (`validate`, `compile`) counts as present:
// the sources configured where it runs, as `evaluate` chooses them (a schedules file's sections, else the API
// keys). With none configured the command cannot know what the host will install: incident.io is assumed, as
// the engine's default, and an entry for another integration is "not configured here", never "never satisfied".
// Reads only the environment, so these commands load no provider code.
import type { LoadOptions } from '../index.js';

/** What a schedules file holds, by integration (its `schedules` list, its `pagerduty` section). */
export interface SchedulesSections {
  incidentio: boolean;
  pagerduty: boolean;
}

/** The integrations configured here, in a fixed order; empty when nothing is. */
export function configuredHere(env: Record<string, string | undefined>, file?: SchedulesSections): string[] {
  if (file) return (['incidentio', 'pagerduty'] as const).filter((i) => file[i]);
  const out: string[] = [];
  if (env.INCIDENT_IO_API_KEY?.trim()) out.push('incidentio');
  if (env.PAGERDUTY_API_KEY?.trim()) out.push('pagerduty');
  return out;
}

/** Load options for a command that checks routing files where on-call sources may or may not be configured. */
export function loadOptionsHere(env: Record<string, string | undefined>, file?: SchedulesSections): LoadOptions {
  const configured = configuredHere(env, file);
  return { installedIntegrations: configured.length ? configured : ['incidentio'], sourcesHere: true };
}
