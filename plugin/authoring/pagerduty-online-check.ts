// `validate --online` for PagerDuty: every service ID in `services` of a `pagerduty` entry must exist in the
// account the key reads. Services are listed through the escalation policies (each names the services
// using it); an ID missing from that list is asked for directly (`GET /services/{id}`), since a user token
// may list less than it can read. A 404 makes the ID unknown; any other failure stops the check (exit 3):
// "could not check" must never read as "checked".
import { createPagerDutyClient, type PagerDutyClient } from '../providers/pagerduty/client.js';
import { describeError, PagerDutyError } from '../providers/pagerduty/errors.js';
import type { PagerDutySettings } from '../providers/pagerduty/settings.js';
import { directoryFrom, type PagerDutyDirectory } from '../providers/pagerduty/directory.js';
import { closest } from '../parse/suggest.js';
import type { Problem } from '../routing/types.js';
import { scheduleReferences } from './schedule-references.js';
import type { RoutingSource } from '../routing/load.js';
import type { OnlineResult } from './online-check.js';

/** Every service of the account with its escalation policy; rejects with a sentence (never the key). */
export async function accountServices(client: PagerDutyClient): Promise<PagerDutyDirectory['services']> {
  const policies = await client.listEscalationPolicies();
  return directoryFrom(policies, []).services;
}

function unknownMessage(id: string, account: PagerDutyDirectory['services']): string {
  const base = `service \`${id}\` does not exist in the PagerDuty account (GET /services/${id} answered 404)`;
  const words = (t: string) =>
    t
      .trim()
      .toLowerCase()
      .replace(/[-_\s]+/g, ' ');
  const byName = account.find((s) => words(s.name) === words(id));
  if (byName) return `${base}; \`${id}\` is the name of service \`${byName.id}\`: write its ID`;
  const guess = closest(
    id,
    account.map((s) => s.id),
  );
  if (guess) return `${base}; did you mean \`${guess}\` (${account.find((s) => s.id === guess)!.name})?`;
  return base;
}

export async function checkPagerDutyServicesOnline(
  paths: readonly (string | RoutingSource)[],
  settings: PagerDutySettings,
): Promise<OnlineResult> {
  const refs = await scheduleReferences(paths, 'pagerduty');
  let client: PagerDutyClient;
  try {
    client = createPagerDutyClient(settings);
  } catch (err) {
    return { ok: false, message: describeError(err, settings.apiKey) };
  }
  try {
    const account = await accountServices(client);
    const known = new Set(account.map((s) => s.id));
    const unknown = new Set<string>();
    for (const id of new Set(refs.map((r) => r.id))) {
      if (known.has(id)) continue;
      try {
        await client.showService(id);
        known.add(id);
      } catch (err) {
        if (err instanceof PagerDutyError && err.kind === 'not-found') unknown.add(id);
        else throw err;
      }
    }
    const problems: Problem[] = refs
      .filter((r) => unknown.has(r.id))
      .map((r) => r.index.problem(r.pointer, 'error', 'routing.unknown-service', unknownMessage(r.id, account)));
    return { ok: true, problems, checked: new Set(refs.map((r) => r.id)).size, schedules: account.length };
  } catch (err) {
    return {
      ok: false,
      message: `could not check the services with PagerDuty: ${describeError(err, settings.apiKey)}`,
    };
  }
}
