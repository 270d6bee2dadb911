// `oncall-approval schedules`: what each on-call source knows, and who is on call now. incident.io: its
// schedules. PagerDuty: its services (with who their `escalation` entries admit: the first level of the
// service's escalation policy), its escalation policies level by level, and its schedules.
import type { OnCallPerson, PagerDutyListing, ScheduleLookup, ScheduleSummary } from '../index.js';
import { listPagerDuty } from '../index.js';
import { INTEGRATION_NAMES, openOnCallSources, type IncidentIoSource, type PagerDutySource } from './on-call-source.js';
import { parseCommandArgs, parseNowOption } from './args.js';
import { CliError, EXIT, type CliIo, type Command } from './io.js';

const usage = `Usage: oncall-approval schedules [--schedules FILE] [--now ISO] [--format text|json]

List who is on call now. incident.io: every schedule with its ID, name and time zone. PagerDuty: every
service (with the people on call at the first level of its escalation policy: whom an \`escalation\`
entry naming the service admits), every escalation policy level by level, and every schedule.

On-call data comes from --schedules FILE (a local schedules file, with incident.io \`schedules\` and/or a
\`pagerduty\` section) or, without it, from the APIs whose keys are set: INCIDENT_IO_API_KEY (a key with
"Read schedules") and PAGERDUTY_API_KEY (a REST API key); INCIDENT_IO_BASE_URL and PAGERDUTY_BASE_URL point
them at another server, such as \`oncall-approval simulate\`.

Options:
  --schedules FILE    local schedules file (YAML or JSON)
  --now ISO           the instant to look at, e.g. 2026-11-26T08:00:00Z (default: now)
  --format text|json  output format (default text)

Exit codes: 0 listed, 1 invalid schedules file, 2 usage or no on-call data, 3 a provider could not answer.`;

function person(p: OnCallPerson): string {
  return `${p.email} (until ${p.until})`;
}

const people = (list: readonly OnCallPerson[]) => (list.length ? list.map(person).join(', ') : 'nobody');

function cell(lookup: ScheduleLookup | undefined): string {
  if (!lookup) return 'unknown: no answer';
  if (lookup.status === 'failed') return `unknown: ${lookup.reason}`;
  const shown = lookup.onCall.map(person);
  if (lookup.skipped.length)
    shown.push(`${lookup.skipped.length} entr${lookup.skipped.length === 1 ? 'y' : 'ies'} without a user email`);
  return shown.length ? shown.join(', ') : 'nobody';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('  ')).join('\n') + '\n';
}

interface IncidentIoPart {
  at: string;
  schedules: ScheduleSummary[];
  byId: Map<string, ScheduleLookup>;
  failed: boolean;
}

async function incidentIoPart(source: IncidentIoSource, now: Date, io: CliIo): Promise<IncidentIoPart> {
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
  return { at: answer.at, schedules, byId, failed: schedules.some((s) => byId.get(s.id)?.status !== 'answered') };
}

function incidentIoJson(part: IncidentIoPart) {
  return part.schedules.map((s) => {
    const l = part.byId.get(s.id);
    const base = { id: s.id, name: s.name, timezone: s.timezone };
    if (!l || l.status === 'failed') return { ...base, status: 'failed', reason: l?.reason ?? 'no answer' };
    return { ...base, status: 'answered', onCall: l.onCall, skipped: l.skipped };
  });
}

function incidentIoText(part: IncidentIoPart, description: string): string {
  if (part.schedules.length === 0) return `No schedules in ${description}.\n`;
  return table([
    ['ID', 'NAME', 'TIMEZONE', `ON CALL AT ${part.at}`],
    ...part.schedules.map((s) => [s.id, s.name, s.timezone || '-', cell(part.byId.get(s.id))]),
  ]);
}

function pagerDutyText(list: PagerDutyListing, description: string): string {
  const out: string[] = [`PagerDuty services (${description}); on call at ${list.at}:`];
  if (list.services.length === 0) out.push('  none\n');
  else
    out.push(
      table([
        ['ID', 'NAME', 'ESCALATION POLICY', 'ON CALL AT LEVEL 1 (WHO ESCALATION ADMITS)'],
        ...list.services.map((s) => [
          s.id,
          s.name,
          `${s.escalationPolicy.name} (${s.escalationPolicy.id})`,
          people(s.onCall) +
            (s.skipped ? `, ${s.skipped} on-call${s.skipped === 1 ? '' : 's'} without a user email` : ''),
        ]),
      ]),
    );
  out.push('PagerDuty escalation policies:');
  if (list.escalationPolicies.length === 0) out.push('  none\n');
  else
    out.push(
      table([
        ['ID', 'NAME', 'LEVEL', 'TARGETS', 'ON CALL'],
        ...list.escalationPolicies.flatMap((p) =>
          (p.levels.length ? p.levels : [{ level: 0, targets: [], onCall: [] }]).map((l, i) => [
            i === 0 ? p.id : '',
            i === 0 ? p.name : '',
            l.level ? String(l.level) : '-',
            l.targets.map((t) => `${t.type} ${t.name}`).join(', ') || '-',
            people(l.onCall),
          ]),
        ),
      ]),
    );
  out.push('PagerDuty schedules:');
  if (list.schedules.length === 0) out.push('  none\n');
  else
    out.push(
      table([
        ['ID', 'NAME', 'TIMEZONE', 'USED BY', 'ON CALL'],
        ...list.schedules.map((s) => [
          s.id,
          s.name,
          s.timezone || '-',
          s.escalationPolicyIds.join(', ') || 'no policy',
          people(s.onCall),
        ]),
      ]),
    );
  return out.join('\n');
}

const withoutAt = ({ at: _at, ...rest }: PagerDutyListing) => rest;

async function pagerDutyPart(source: PagerDutySource, now: Date, io: CliIo): Promise<PagerDutyListing> {
  try {
    return await listPagerDuty(source.view, now, { signal: io.signal });
  } catch (err) {
    throw new CliError(EXIT.unavailable, `could not list PagerDuty: ${(err as Error).message}`);
  }
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

    const sources = await openOnCallSources({ schedulesFile: values.schedules, env: io.env, fetch: io.fetch });
    const incident = sources.incidentio ? await incidentIoPart(sources.incidentio, now, io) : undefined;
    const pagerduty = sources.pagerduty ? await pagerDutyPart(sources.pagerduty, now, io) : undefined;
    const notConfigured = sources.missing.map((m) => `${INTEGRATION_NAMES[m.integration]}: ${m.how}`);

    if (format === 'json') {
      const out = {
        at: now.toISOString(),
        ...(incident && sources.incidentio
          ? { source: sources.incidentio.description, schedules: incidentIoJson(incident) }
          : {}),
        ...(pagerduty && sources.pagerduty
          ? { pagerduty: { source: sources.pagerduty.description, ...withoutAt(pagerduty) } }
          : {}),
        ...(notConfigured.length ? { notConfigured } : {}),
      };
      io.stdout(JSON.stringify(out, null, 2) + '\n');
    } else {
      const parts: string[] = [];
      if (incident && sources.incidentio) {
        const text = incidentIoText(incident, sources.incidentio.description);
        // With one source the table is the whole answer, as it always was; with two, each gets a heading.
        parts.push(pagerduty ? `incident.io schedules (${sources.incidentio.description}):\n${text}` : text);
      }
      if (pagerduty && sources.pagerduty) parts.push(pagerDutyText(pagerduty, sources.pagerduty.description));
      io.stdout(parts.join('\n'));
    }
    // The table shows which schedules are unknown and why; the exit code tells scripts not to trust it whole.
    if (incident?.failed) throw CliError.report(EXIT.unavailable);
  },
};
