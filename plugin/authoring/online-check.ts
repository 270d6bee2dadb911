// `validate --online`: every incident.io schedule ID that routing files name must exist in the account the
// API key reads. A mistyped or deleted ID would otherwise be found only when nobody can approve in an
// incident. One paginated list answers for most IDs; an ID missing from it is asked for directly
// (`GET /v2/schedules/{id}`), since a key scoped to some teams lists only their schedules and the list alone
// would wrongly call the others unknown. A 404 makes the ID unknown; any other failure stops the check
// (exit 3), because "could not check" must never read as "checked".
import { createIncidentIoClient, type IncidentIoClient } from '../providers/incidentio/client.js';
import { describeError, IncidentIoError } from '../providers/incidentio/errors.js';
import { settingsFromEnv, type IncidentIoSettings } from '../providers/incidentio/settings.js';
import type { ScheduleSummary } from '../providers/contract.js';
import { closest } from '../parse/suggest.js';
import type { Problem } from '../routing/types.js';
import { scheduleReferences } from './schedule-references.js';
import type { RoutingSource } from '../routing/load.js';

export type OnlineResult =
  { ok: true; problems: Problem[]; checked: number; schedules: number } | { ok: false; message: string };

/** The incident.io settings of a CLI run, or why there are none (the message names the variables). */
export function onlineSettings(
  env: Record<string, string | undefined>,
  fetch?: typeof globalThis.fetch,
): IncidentIoSettings | string {
  const settings = settingsFromEnv(env, fetch ? { fetch } : {});
  return (
    settings ??
    'needs the incident.io API: set INCIDENT_IO_API_KEY (and INCIDENT_IO_BASE_URL for another endpoint, e.g. `oncall-approval simulate`)'
  );
}

/** Every schedule of the account, as summaries; a failure is a plain sentence without the key. */
export async function accountSchedules(client: IncidentIoClient): Promise<ScheduleSummary[]> {
  const list = await client.listAllSchedules();
  return list.map((s) => ({ id: s.id, name: s.name, timezone: s.timezone, teamIds: s.team_ids }));
}

function unknownMessage(id: string, account: readonly ScheduleSummary[]): string {
  const base = `schedule \`${id}\` does not exist in the incident.io account (GET /v2/schedules/${id} answered 404)`;
  // A name pasted for an ID, possibly slugified (`security-on-call` for "Security on-call").
  const words = (text: string) =>
    text
      .trim()
      .toLowerCase()
      .replace(/[-_\s]+/g, ' ');
  const byName = account.find((s) => words(s.name) === words(id));
  if (byName) return `${base}; \`${id}\` is the name of schedule \`${byName.id}\`: write its ID`;
  const guess = closest(
    id,
    account.map((s) => s.id),
  );
  if (guess) return `${base}; did you mean \`${guess}\` (${account.find((s) => s.id === guess)!.name})?`;
  return base;
}

export async function checkSchedulesOnline(
  paths: readonly (string | RoutingSource)[],
  settings: IncidentIoSettings,
): Promise<OnlineResult> {
  const refs = await scheduleReferences(paths);
  let client: IncidentIoClient;
  try {
    client = createIncidentIoClient(settings);
  } catch (err) {
    return { ok: false, message: describeError(err, settings.apiKey) };
  }
  try {
    const account = await accountSchedules(client);
    const known = new Set(account.map((s) => s.id));
    const unknown = new Set<string>();
    for (const id of new Set(refs.map((r) => r.id))) {
      if (known.has(id)) continue;
      try {
        await client.showSchedule(id);
        known.add(id);
      } catch (err) {
        if (err instanceof IncidentIoError && err.kind === 'not-found') unknown.add(id);
        else throw err;
      }
    }
    const problems = refs
      .filter((r) => unknown.has(r.id))
      .map((r) => r.index.problem(r.pointer, 'error', 'routing.unknown-schedule', unknownMessage(r.id, account)));
    return { ok: true, problems, checked: new Set(refs.map((r) => r.id)).size, schedules: account.length };
  } catch (err) {
    return {
      ok: false,
      message: `could not check the schedules with incident.io: ${describeError(err, settings.apiKey)}`,
    };
  }
}
