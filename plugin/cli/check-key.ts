// `oncall-approval check-key`: proves each configured API key works the way lookups use it, and warns when
// the key sees less than the whole account, since "on call for any schedule" would then silently mean "any
// schedule the key can see".
//
// incident.io: list one page of schedules (a list call that fails is the ground truth: a 403 there means
// the key cannot read schedules), then judge the key's scope from its identity's `roles` and `team_roles`.
// PagerDuty: read the account's on-calls (one page), then ask `GET /users/me`, which PagerDuty answers only
// for a user token: such a token sees only what its user may see.
import {
  createIncidentIoClient,
  createPagerDutyClient,
  IncidentIoError,
  judgeKeyScope,
  pagerDutySettingsFromEnv,
  PagerDutyError,
  settingsFromEnv,
  type Identity,
  type KeyScope,
  type PdCurrentUser,
} from '../index.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, type CliIo, type Command } from './io.js';

const usage = `Usage: oncall-approval check-key [--provider incidentio|pagerduty] [--format text|json]

Check the API keys in the environment the way lookups use them; without --provider, every key that is set.

incident.io (INCIDENT_IO_API_KEY): list one page of schedules (the key needs "Read schedules"; a refusal
there says the key cannot read schedules), then read the key's identity and judge its scope from its
roles and team roles: a key that reads schedules only through a team role sees only those teams'
schedules, and a warning says so.

PagerDuty (PAGERDUTY_API_KEY): read the account's on-calls, then ask whose key it is (GET /users/me): an
account key has no user; a user token sees only what its user may see, and a warning says so (more
plainly when the user's role is restricted to its teams).

INCIDENT_IO_BASE_URL and PAGERDUTY_BASE_URL point them at another server, such as \`oncall-approval
simulate\`.

Exit codes: 0 the keys work, 2 usage or no key set, 3 a key was rejected or cannot read what lookups need,
or the API is unreachable.`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function unreachable(kind: string): boolean {
  return kind === 'network' || kind === 'timeout' || kind === 'deadline';
}

function incidentIoFailure(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof IncidentIoError) {
    if (err.kind === 'rejected' && err.details.status === 403)
      return `the incident.io API key cannot read schedules: ${message}. Give it "Read schedules" (an account role such as schedules_reader)`;
    if (err.kind === 'rejected') return `incident.io did not accept the API key: ${message}`;
    if (unreachable(err.kind)) return `incident.io could not be reached: ${message}`;
  }
  return `the key could not be checked: ${message}`;
}

function pagerDutyFailure(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof PagerDutyError) {
    if (err.kind === 'rejected' && err.details.status === 403)
      return `the PagerDuty API key cannot read on-calls: ${message}`;
    if (err.kind === 'rejected') return `PagerDuty did not accept the API key: ${message}`;
    if (unreachable(err.kind)) return `PagerDuty could not be reached: ${message}`;
  }
  return `the PagerDuty key could not be checked: ${message}`;
}

interface Checked {
  ok: boolean;
  json: Record<string, unknown>;
  line?: string;
  error?: string;
  warnings: string[];
}

/** The warning for a key's scope, if any. The list call already proved the key reads schedules. */
export function scopeWarning(identity: Identity, scope: KeyScope): string | undefined {
  if (scope.scope === 'teams') return scope.sentence;
  if (scope.scope === 'none' && identity.teams.length > 0) {
    // None of its roles is one known to read schedules, yet it listed them: through which role, and so over
    // which schedules, cannot be told. The key has teams, so it may be scoped to them.
    const n = identity.teams.length;
    const teams = identity.teams.map((t) => t.name || t.id).join(', ');
    return (
      `the key is scoped to team${n === 1 ? '' : 's'} ${teams}: it sees only ${n === 1 ? "that team's" : "those teams'"} schedules ` +
      `unless one of its roles (${[...identity.roles, ...identity.teamRoles].join(', ') || 'none'}) reads every schedule, ` +
      'so "on call for any schedule" may ignore every other schedule. Use an organisation-wide key with "Read schedules" (an account role such as schedules_reader).'
    );
  }
  return undefined;
}

async function checkIncidentIo(io: CliIo): Promise<Checked | undefined> {
  const settings = settingsFromEnv(io.env, io.fetch ? { fetch: io.fetch } : {});
  if (!settings) return undefined;
  let client;
  try {
    client = createIncidentIoClient(settings);
  } catch (err) {
    throw new CliError(EXIT.usage, (err as Error).message);
  }
  const where = client.settings.baseUrl;
  let count: number;
  let more: boolean;
  try {
    const page = await client.listSchedules({ pageSize: 25, signal: io.signal });
    count = page.schedules.length;
    more = Boolean(page.after);
  } catch (err) {
    const error = incidentIoFailure(err);
    return { ok: false, json: { ok: false, baseUrl: where, error }, error, warnings: [] };
  }
  const warnings: string[] = [];
  let identity: Identity | undefined;
  let scope: KeyScope | undefined;
  try {
    identity = await client.identity({ signal: io.signal });
    scope = judgeKeyScope(identity);
    const w = scopeWarning(identity, scope);
    if (w) warnings.push(w);
  } catch (err) {
    warnings.push(`could not read the key's identity, so its team scope was not checked: ${(err as Error).message}`);
  }
  const found = `${count}${more ? '+' : ''} schedule${count === 1 && !more ? '' : 's'}`;
  return {
    ok: true,
    json: {
      ok: true,
      baseUrl: where,
      schedulesOnFirstPage: count,
      moreSchedules: more,
      identity: identity ?? null,
      scope: scope ? scope.scope : null,
      warnings,
    },
    line: `ok: the API key can read schedules at ${where} (${found}${identity ? `; key "${identity.name}"` : ''})`,
    warnings,
  };
}

/** Base roles of PagerDuty users that see only their teams' objects (Restricted Access, limited Stakeholder). */
const TEAM_LIMITED_ROLES = ['restricted_access', 'read_only_limited_user'];

async function checkPagerDuty(io: CliIo): Promise<Checked | undefined> {
  const settings = pagerDutySettingsFromEnv(io.env, io.fetch ? { fetch: io.fetch } : {});
  if (!settings) return undefined;
  let client;
  try {
    client = createPagerDutyClient({ ...settings, maxPages: 1, apiKey: settings.apiKey });
  } catch (err) {
    throw new CliError(EXIT.usage, (err as Error).message);
  }
  const where = client.settings.baseUrl;
  let count: number;
  let more = false;
  try {
    const now = io.now();
    const list = await client
      .listOnCalls({ since: now, until: new Date(now.getTime() + 1000) }, { signal: io.signal })
      .catch((err) => {
        // One page is enough to prove the key reads on-calls; "more pages" is not a failure here.
        if (err instanceof PagerDutyError && err.kind === 'shape' && /kept saying more records/.test(err.message)) {
          more = true;
          return [];
        }
        throw err;
      });
    count = list.length;
  } catch (err) {
    const error = pagerDutyFailure(err);
    return { ok: false, json: { ok: false, provider: 'pagerduty', baseUrl: where, error }, error, warnings: [] };
  }
  const warnings: string[] = [];
  let user: PdCurrentUser | undefined;
  let keyKind: 'account' | 'user' | 'unknown' = 'unknown';
  try {
    user = await client.currentUser({ signal: io.signal });
    keyKind = 'user';
    const who = `${user.name ?? user.id}${user.email ? ` <${user.email}>` : ''}`;
    const teams = user.teams.map((t) => t.summary ?? t.id).join(', ');
    if (user.role && TEAM_LIMITED_ROLES.includes(user.role))
      warnings.push(
        `the key is a user token of ${who}, whose role ${user.role} sees only the objects of its teams (${teams || 'none'}): ` +
          'on-calls of other teams are missing, so "on call anywhere in PagerDuty" ignores them. Use an account API key (read-only is enough).',
      );
    else
      warnings.push(
        `the key is a user token of ${who} (role ${user.role ?? 'unknown'}): it sees only what that user may see, ` +
          'so on-calls hidden from the user are missing. An account API key (read-only is enough) sees the whole account.',
      );
  } catch (err) {
    // PagerDuty answers /users/me only for user tokens: a 400 says the key is an account key.
    if (err instanceof PagerDutyError && err.kind === 'invalid-request') keyKind = 'account';
    else warnings.push(`could not tell whether the key is an account key or a user token: ${(err as Error).message}`);
  }
  const found = `${plural(count, 'on-call')}${more ? '+' : ''} now`;
  return {
    ok: true,
    json: {
      ok: true,
      provider: 'pagerduty',
      baseUrl: where,
      onCallsNow: count,
      key: keyKind,
      user: user ?? null,
      warnings,
    },
    line: `ok: the PagerDuty API key can read on-calls at ${where} (${found}; ${keyKind === 'user' ? 'a user token' : keyKind === 'account' ? 'an account key' : 'key kind unknown'})`,
    warnings,
  };
}

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string' },
      provider: { type: 'string' },
    });
    if (positionals.length) throw CliError.usage(`unexpected argument '${positionals[0]}'`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw CliError.usage(`--format must be text or json; got '${format}'`);
    const only = values.provider;
    if (only !== undefined && only !== 'incidentio' && only !== 'pagerduty')
      throw CliError.usage(`--provider must be incidentio or pagerduty; got '${only}'`);

    const incident = only === 'pagerduty' ? undefined : await checkIncidentIo(io);
    const pager = only === 'incidentio' ? undefined : await checkPagerDuty(io);
    if (!incident && !pager) {
      const incidentIo =
        'INCIDENT_IO_API_KEY is not set: set it to the key to check (and INCIDENT_IO_BASE_URL for another server)';
      const pagerDuty =
        'PAGERDUTY_API_KEY is not set: set it to the key to check (and PAGERDUTY_BASE_URL for another server)';
      throw new CliError(
        EXIT.usage,
        only === 'incidentio'
          ? incidentIo
          : only === 'pagerduty'
            ? pagerDuty
            : 'no API key is set: set INCIDENT_IO_API_KEY (incident.io) and/or PAGERDUTY_API_KEY (PagerDuty) to the key to check (and INCIDENT_IO_BASE_URL / PAGERDUTY_BASE_URL for another server)',
      );
    }
    const checked = [incident, pager].filter((c): c is Checked => c !== undefined);
    if (format === 'json') {
      // One key: its object, as before. Both: one object per integration.
      const out =
        checked.length === 1
          ? checked[0]!.json
          : { ok: checked.every((c) => c.ok), incidentio: incident!.json, pagerduty: pager!.json };
      io.stdout(JSON.stringify(out, null, 2) + '\n');
    } else {
      for (const c of checked) if (c.line) io.stdout(`${c.line}\n`);
    }
    for (const c of checked) for (const w of c.warnings) io.stderr(`warning: ${w}\n`);
    const failed = checked.filter((c) => !c.ok);
    // The failure sentence goes to stderr, as every failure does; json carries it too.
    if (failed.length) throw new CliError(EXIT.unavailable, failed.map((c) => c.error).join('\n'));
  },
};
