// `validate --schedules FILE`: the `--online` check against a local schedules file instead of the accounts,
// offline. Every incident.io schedule ID in `services` must be a schedule of the file, and every PagerDuty
// service ID a service of the file's `pagerduty` section; an unknown one is located where it is written, with
// the same code as `--online` says it. IDs of an integration the file has no data for are not checked (the
// caller says how many), since "not in a file that says nothing about PagerDuty" proves nothing.
import { closest } from '../parse/suggest.js';
import type { SchedulesFile } from '../providers/local/schedules-file.js';
import type { RoutingSource } from '../routing/load.js';
import type { Problem } from '../routing/types.js';
import { scheduleReferences } from './schedule-references.js';

export interface OfflineIntegrationResult {
  /** Distinct IDs the routing files name for this integration. */
  named: number;
  /** Whether the schedules file has data for this integration (when false, nothing was checked). */
  checked: boolean;
  /** How many schedules (incident.io) or services (PagerDuty) the file holds. */
  known: number;
}

export interface OfflineResult {
  problems: Problem[];
  incidentio: OfflineIntegrationResult;
  pagerduty: OfflineIntegrationResult;
}

function unknownMessage(
  what: 'schedule' | 'service',
  id: string,
  known: readonly { id: string; name: string }[],
  file: string,
): string {
  const base = `${what} \`${id}\` is not in the schedules file ${file}`;
  const words = (t: string) =>
    t
      .trim()
      .toLowerCase()
      .replace(/[-_\s]+/g, ' ');
  const byName = known.find((s) => words(s.name) === words(id));
  if (byName) return `${base}; \`${id}\` is the name of ${what} \`${byName.id}\`: write its ID`;
  const guess = closest(
    id,
    known.map((s) => s.id),
  );
  if (guess) return `${base}; did you mean \`${guess}\` (${known.find((s) => s.id === guess)!.name})?`;
  return base;
}

export async function checkSchedulesOffline(
  paths: readonly (string | RoutingSource)[],
  data: SchedulesFile,
): Promise<OfflineResult> {
  const file = data.file ?? 'given';
  const problems: Problem[] = [];
  const one = async (
    integration: 'incidentio' | 'pagerduty',
    known: readonly { id: string; name: string }[] | undefined,
  ): Promise<OfflineIntegrationResult> => {
    const refs = await scheduleReferences(paths, integration);
    const named = new Set(refs.map((r) => r.id)).size;
    if (!known) return { named, checked: false, known: 0 };
    const ids = new Set(known.map((s) => s.id));
    const what = integration === 'incidentio' ? 'schedule' : 'service';
    const code = integration === 'incidentio' ? 'routing.unknown-schedule' : 'routing.unknown-service';
    for (const r of refs)
      if (!ids.has(r.id))
        problems.push(r.index.problem(r.pointer, 'error', code, unknownMessage(what, r.id, known, file)));
    return { named, checked: true, known: known.length };
  };
  const incidentio = await one('incidentio', data.schedules.length ? data.schedules : undefined);
  const pagerduty = await one('pagerduty', data.pagerduty?.services);
  return { problems, incidentio, pagerduty };
}
