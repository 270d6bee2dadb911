// `oncall-approval schedules`: the schedules the on-call source knows, and who is on call on each now.
import type { OnCallPerson, ScheduleLookup, ScheduleSummary } from '../index.js';
import { openOnCallSource } from './on-call-source.js';
import { parseCommandArgs, parseNowOption } from './args.js';
import { CliError, EXIT, type Command } from './io.js';

const usage = `Usage: oncall-approval schedules [--schedules FILE] [--now ISO] [--format text|json]

List the schedules with their ID, name, time zone and who is on call now.

On-call data comes from --schedules FILE (a local schedules file) or, without it, from the incident.io
API: set INCIDENT_IO_API_KEY (a key with "Read schedules") and, for another server such as
\`oncall-approval simulate\`, INCIDENT_IO_BASE_URL.

Options:
  --schedules FILE    local schedules file (YAML or JSON)
  --now ISO           the instant to look at, e.g. 2026-11-26T08:00:00Z (default: now)
  --format text|json  output format (default text)

Exit codes: 0 listed, 1 invalid schedules file, 2 usage or no on-call data, 3 incident.io failure.`;

function person(p: OnCallPerson): string {
  return `${p.email} (until ${p.until})`;
}

function cell(lookup: ScheduleLookup | undefined): string {
  if (!lookup) return 'unknown: no answer';
  if (lookup.status === 'failed') return `unknown: ${lookup.reason}`;
  const people = lookup.onCall.map(person);
  if (lookup.skipped.length)
    people.push(`${lookup.skipped.length} entr${lookup.skipped.length === 1 ? 'y' : 'ies'} without a user email`);
  return people.length ? people.join(', ') : 'nobody';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('  ')).join('\n') + '\n';
}

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      schedules: { type: 'string' },
      now: { type: 'string' },
      format: { type: 'string' },
    });
    if (positionals.length) throw CliError.usage(`unexpected argument '${positionals[0]}'`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw CliError.usage(`--format must be text or json; got '${format}'`);
    const now = parseNowOption(values.now, io.now());

    const source = await openOnCallSource({ schedulesFile: values.schedules, env: io.env, fetch: io.fetch });

    let schedules: ScheduleSummary[];
    try {
      schedules = await source.provider.listSchedules({ signal: io.signal });
    } catch (err) {
      throw new CliError(EXIT.unavailable, `could not list the schedules: ${(err as Error).message}`);
    }
    const answer = await source.provider.onCallFor(
      schedules.map((s) => s.id),
      now,
      { signal: io.signal },
    );
    const byId = new Map(answer.schedules.map((l) => [l.scheduleId, l]));
    const failed = schedules.some((s) => byId.get(s.id)?.status !== 'answered');

    if (format === 'json') {
      const out = {
        at: answer.at,
        source: source.description,
        schedules: schedules.map((s) => {
          const l = byId.get(s.id);
          const base = { id: s.id, name: s.name, timezone: s.timezone };
          if (!l || l.status === 'failed') return { ...base, status: 'failed', reason: l?.reason ?? 'no answer' };
          return { ...base, status: 'answered', onCall: l.onCall, skipped: l.skipped };
        }),
      };
      io.stdout(JSON.stringify(out, null, 2) + '\n');
    } else if (schedules.length === 0) {
      io.stdout(`No schedules in ${source.description}.\n`);
    } else {
      io.stdout(
        table([
          ['ID', 'NAME', 'TIMEZONE', `ON CALL AT ${answer.at}`],
          ...schedules.map((s) => [s.id, s.name, s.timezone || '-', cell(byId.get(s.id))]),
        ]),
      );
    }
    // The table shows which schedules are unknown and why; the exit code tells scripts not to trust it whole.
    if (failed) throw CliError.report(EXIT.unavailable);
  },
};
