// `oncall-approval check-key`: proves the API key works the way installation does (list one page of
// schedules), and warns when the key is scoped to teams, since such a key sees only its teams' schedules
// and "on call for any schedule" would then silently mean "any schedule of those teams".
import { createIncidentIoClient, IncidentIoError, settingsFromEnv, type Identity } from '../index.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, type Command } from './io.js';

const usage = `Usage: oncall-approval check-key [--format text|json]

Check the incident.io API key in INCIDENT_IO_API_KEY the way installation does: list one page of schedules
(the key needs "Read schedules"), then read the key's identity and warn when the key is scoped to teams.
INCIDENT_IO_BASE_URL points it at another server, such as \`oncall-approval simulate\`.

Exit codes: 0 the key works, 2 usage or no key set, 3 the key was rejected or incident.io is unreachable.`;

function failure(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof IncidentIoError) {
    if (err.kind === 'rejected') return `incident.io did not accept the API key: ${message}`;
    if (err.kind === 'network' || err.kind === 'timeout' || err.kind === 'deadline')
      return `incident.io could not be reached: ${message}`;
  }
  return `the key could not be checked: ${message}`;
}

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { format: { type: 'string' } });
    if (positionals.length) throw CliError.usage(`unexpected argument '${positionals[0]}'`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw CliError.usage(`--format must be text or json; got '${format}'`);

    const settings = settingsFromEnv(io.env, io.fetch ? { fetch: io.fetch } : {});
    if (!settings) {
      throw new CliError(
        EXIT.usage,
        'INCIDENT_IO_API_KEY is not set: set it to the key to check (and INCIDENT_IO_BASE_URL for another server)',
      );
    }
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
      const sentence = failure(err);
      if (format === 'json') io.stdout(JSON.stringify({ ok: false, baseUrl: where, error: sentence }, null, 2) + '\n');
      throw new CliError(EXIT.unavailable, sentence);
    }

    const warnings: string[] = [];
    let identity: Identity | undefined;
    try {
      identity = await client.identity({ signal: io.signal });
      if (identity.teams.length) {
        const teams = identity.teams.map((t) => t.name || t.id).join(', ');
        warnings.push(
          `the key is scoped to team${identity.teams.length === 1 ? '' : 's'} ${teams}: it sees only ${identity.teams.length === 1 ? "that team's" : "those teams'"} schedules, ` +
            'so "on call for any schedule" ignores every other schedule. Use an organisation-wide key with "Read schedules".',
        );
      }
    } catch (err) {
      warnings.push(`could not read the key's identity, so its team scope was not checked: ${(err as Error).message}`);
    }

    const found = `${count}${more ? '+' : ''} schedule${count === 1 && !more ? '' : 's'}`;
    if (format === 'json') {
      io.stdout(
        JSON.stringify(
          {
            ok: true,
            baseUrl: where,
            schedulesOnFirstPage: count,
            moreSchedules: more,
            identity: identity ?? null,
            warnings,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stdout(
        `ok: the API key can read schedules at ${where} (${found}${identity ? `; key "${identity.name}"` : ''})\n`,
      );
    }
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
  },
};
