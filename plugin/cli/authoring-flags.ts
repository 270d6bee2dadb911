// The CLI side of the authoring flags that live in other commands' files: `validate --online`,
// `validate --schedules FILE` and `schema --with-schedules`. Each command loads this file only when its flag
// is given (it brings the provider clients) and calls one function here, so its own file keeps only the flag
// and a line of wiring.
import {
  accountSchedules,
  accountServices,
  checkPagerDutyServicesOnline,
  checkSchedulesOnline,
  checkSchedulesOffline,
  loadSchedulesFile,
  SchedulesFileError,
  formatProblems,
  type RoutingSource,
  createPagerDutyClient,
  pagerDutySettingsFromEnv,
  scheduleReferences,
  withPagerDutyServices,
  createIncidentIoClient,
  describeError,
  onlineSettings,
  ROUTING_SCHEMA_ID,
  routingSchema,
  scheduleAwareSchema,
  type JsonSchema,
  type Problem,
} from '../index.js';
import { CliError, EXIT, type CliIo } from './io.js';

const pagerDutySettings = (io: CliIo) => pagerDutySettingsFromEnv(io.env, io.fetch ? { fetch: io.fetch } : {});

/**
 * `validate --online`, after the files loaded without errors: the unknown schedule IDs (incident.io) and
 * service IDs (PagerDuty) as problems, each against its own account. Fails with exit 2 without any API key
 * and 3 when a provider could not answer: "could not check" never passes. IDs of an integration whose key
 * is not set are not checked, and stderr says so.
 */
export async function validateOnline(paths: readonly (string | RoutingSource)[], io: CliIo): Promise<Problem[]> {
  const subject = 'validate --online';
  const pd = pagerDutySettings(io);
  const incident = onlineSettings(io.env, io.fetch);
  if (typeof incident === 'string' && !pd) throw new CliError(EXIT.usage, incident, 'sentence', subject);
  const problems: Problem[] = [];
  if (typeof incident !== 'string') {
    const result = await checkSchedulesOnline(paths, incident);
    if (!result.ok) throw new CliError(EXIT.unavailable, result.message, 'sentence', subject);
    io.stderr(
      `checked ${result.checked} schedule ID${result.checked === 1 ? '' : 's'} against ${result.schedules} schedule${result.schedules === 1 ? '' : 's'} in the incident.io account\n`,
    );
    problems.push(...result.problems);
  } else {
    const n = new Set((await scheduleReferences(paths, 'incidentio')).map((r) => r.id)).size;
    if (n)
      io.stderr(`not checked: ${n} incident.io schedule ID${n === 1 ? '' : 's'} (INCIDENT_IO_API_KEY is not set)\n`);
  }
  if (pd) {
    const result = await checkPagerDutyServicesOnline(paths, pd);
    if (!result.ok) throw new CliError(EXIT.unavailable, result.message, 'sentence', subject);
    io.stderr(
      `checked ${result.checked} service ID${result.checked === 1 ? '' : 's'} against ${result.schedules} service${result.schedules === 1 ? '' : 's'} in the PagerDuty account\n`,
    );
    problems.push(...result.problems);
  } else {
    const n = new Set((await scheduleReferences(paths, 'pagerduty')).map((r) => r.id)).size;
    if (n) io.stderr(`not checked: ${n} PagerDuty service ID${n === 1 ? '' : 's'} (PAGERDUTY_API_KEY is not set)\n`);
  }
  return problems;
}

const ids = (n: number, what: string) => `${n} ${what} ID${n === 1 ? '' : 's'}`;

/**
 * `validate --schedules FILE`, after the files loaded without errors: the `--online` check against a local
 * schedules file, offline. An invalid schedules file stops with its own located problems (exit 1); IDs of an
 * integration the file has no data for are not checked, and stderr says so.
 */
export async function validateAgainstSchedulesFile(
  paths: readonly (string | RoutingSource)[],
  file: string,
  io: CliIo,
): Promise<Problem[]> {
  let data;
  try {
    data = await loadSchedulesFile(file);
  } catch (err) {
    if (!(err instanceof SchedulesFileError)) throw err;
    throw CliError.report(EXIT.invalid, formatProblems(err.problems, 'text'));
  }
  const result = await checkSchedulesOffline(paths, data);
  const say = (r: typeof result.incidentio, what: string, known: string, section: string) => {
    if (r.checked)
      io.stderr(`checked ${ids(r.named, what)} against ${r.known} ${known}${r.known === 1 ? '' : 's'} in ${file}\n`);
    else if (r.named) io.stderr(`not checked: ${ids(r.named, what)} (${file} has no ${section})\n`);
  };
  say(result.incidentio, 'incident.io schedule', 'schedule', 'incident.io `schedules`');
  say(result.pagerduty, 'PagerDuty service', 'service', '`pagerduty` section');
  return result.problems;
}

/**
 * `schema --with-schedules`: the routing schema with the incident.io account's schedules and the PagerDuty
 * account's services (each when its key is set), and how many: in all (`count`), and of each (`schedules`, `services`: present when it was read).
 */
export async function schemaWithSchedules(
  io: CliIo,
): Promise<{ schema: JsonSchema; count: number; schedules?: number; services?: number }> {
  const subject = 'schema --with-schedules';
  const pd = pagerDutySettings(io);
  const incident = onlineSettings(io.env, io.fetch);
  if (typeof incident === 'string' && !pd) throw new CliError(EXIT.usage, incident, 'sentence', subject);
  let schema: JsonSchema = routingSchema();
  let count = 0;
  const counts: { schedules?: number; services?: number } = {};
  if (typeof incident !== 'string') {
    try {
      const client = createIncidentIoClient(incident);
      const schedules = await accountSchedules(client);
      schema = scheduleAwareSchema(schedules, { base: schema, generatedAt: io.now(), source: 'incident.io' });
      count += schedules.length;
      counts.schedules = schedules.length;
    } catch (err) {
      throw new CliError(
        EXIT.unavailable,
        `could not read the schedules from incident.io: ${describeError(err, incident.apiKey)}`,
        'sentence',
        subject,
      );
    }
  }
  if (pd) {
    try {
      const services = await accountServices(createPagerDutyClient(pd));
      schema = withPagerDutyServices(schema, services, { generatedAt: io.now() });
      count += services.length;
      counts.services = services.length;
    } catch (err) {
      throw new CliError(
        EXIT.unavailable,
        `could not read the services from PagerDuty: ${describeError(err, pd.apiKey)}`,
        'sentence',
        subject,
      );
    }
  }
  // Its own identity: an editor that has both schemas loaded must not take one for the other.
  (schema as Record<string, unknown>).$id = `${ROUTING_SCHEMA_ID}?with-schedules`;
  return { schema, count, ...counts };
}
