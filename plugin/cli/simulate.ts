// `oncall-approval simulate`: a local incident.io or PagerDuty API serving a schedules file, for demos and
// tests.
// The URL is the first line of stdout so a script can read it; everything else goes to stderr.
import {
  loadSchedulesFile,
  SchedulesFileError,
  startPagerDutySimulator,
  startSimulator,
  type PagerDutySimulator,
  type Simulator,
} from '../index.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, type Command } from './io.js';

const usage = `Usage: oncall-approval simulate --data FILE [--provider incidentio|pagerduty] [--port N] [--api-key K]
                                [--page-size N] [--latency-ms N] [--fail-rate F] [--rate-limit N]

Serve the incident.io API (schedules, schedule entries, identity) or, with --provider pagerduty, the
PagerDuty REST API (on-calls, services, escalation policies, schedules, users/me) on 127.0.0.1 from a local
schedules file, with the API's paths, pagination and error envelopes. Prints its URL on the first line of
stdout and runs until stopped (Ctrl-C), then says how many calls it answered. Point the other commands at it
with INCIDENT_IO_BASE_URL=<url> (or PAGERDUTY_BASE_URL=<url>).

Options:
  --data FILE        schedules file to serve (the same format as --schedules; PagerDuty serves its
                     \`pagerduty\` section)
  --provider NAME    incidentio (default) or pagerduty
  --port N           port to listen on (default 0: any free port)
  --api-key K        answer 401 unless the request carries this key (default: accept any key)
  --page-size N      largest page of schedules and entries (to exercise pagination)
  --latency-ms N     delay every answer by N ms
  --fail-rate F      answer this share of calls (0..1) with 500
  --rate-limit N     answer 429 with Retry-After past N calls a minute per key`;

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw CliError.usage(`--${name} must be a whole number from ${min} to ${max}; got '${value}'`);
  }
  return Number(value);
}

export const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      data: { type: 'string' },
      port: { type: 'string' },
      'api-key': { type: 'string' },
      'page-size': { type: 'string' },
      'latency-ms': { type: 'string' },
      'fail-rate': { type: 'string' },
      'rate-limit': { type: 'string' },
      provider: { type: 'string' },
    });
    const provider = values.provider ?? 'incidentio';
    if (provider !== 'incidentio' && provider !== 'pagerduty')
      throw CliError.usage(`--provider must be incidentio or pagerduty; got '${provider}'`);
    if (positionals.length) throw CliError.usage(`unexpected argument '${positionals[0]}'`);
    if (!values.data) throw CliError.usage('--data FILE is required (a schedules file to serve)');
    const port = integer(values.port, 'port', 0, 65535);
    const pageSize = integer(values['page-size'], 'page-size', 1, 10_000);
    const latencyMs = integer(values['latency-ms'], 'latency-ms', 0, 600_000);
    const rateLimit = integer(values['rate-limit'], 'rate-limit', 1, 1_000_000);
    let failRate: number | undefined;
    if (values['fail-rate'] !== undefined) {
      failRate = Number(values['fail-rate']);
      if (!/^\d*\.?\d+$/.test(values['fail-rate']) || failRate > 1)
        throw CliError.usage(`--fail-rate must be a number from 0 to 1; got '${values['fail-rate']}'`);
    }

    let data;
    try {
      data = await loadSchedulesFile(values.data);
    } catch (err) {
      if (err instanceof SchedulesFileError) throw CliError.report(EXIT.invalid, err.message);
      throw err;
    }

    if (provider === 'pagerduty' && !data.pagerduty)
      throw new CliError(EXIT.invalid, `${values.data} has no \`pagerduty\` section to serve`);

    let sim: Simulator | PagerDutySimulator;
    try {
      const common = {
        ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(pageSize !== undefined ? { pageSize } : {}),
        ...(latencyMs !== undefined ? { latencyMs } : {}),
        ...(failRate !== undefined ? { failRate } : {}),
        ...(rateLimit !== undefined ? { rateLimit } : {}),
      };
      sim =
        provider === 'pagerduty'
          ? await startPagerDutySimulator({ ...common, data: data.pagerduty! })
          : await startSimulator({ ...common, data });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EADDRINUSE' ? 'the port is in use' : (err as Error).message;
      throw new CliError(EXIT.invalid, `cannot listen on 127.0.0.1:${port ?? 0}: ${why}`);
    }

    io.stdout(`${sim.url}\n`);
    const key = values['api-key'] !== undefined ? '<the --api-key value>' : 'any-key';
    if (provider === 'pagerduty') {
      const pd = data.pagerduty!;
      const n = pd.services.length;
      io.stderr(
        `serving PagerDuty: ${n} service${n === 1 ? '' : 's'}, ${pd.escalationPolicies.length} escalation polic${pd.escalationPolicies.length === 1 ? 'y' : 'ies'}, ${pd.schedules.length} schedule${pd.schedules.length === 1 ? '' : 's'} from ${values.data} at ${sim.url}; stop with Ctrl-C\n` +
          `try: PAGERDUTY_BASE_URL=${sim.url} PAGERDUTY_API_KEY=${key} oncall-approval schedules\n`,
      );
    } else {
      const n = data.schedules.length;
      io.stderr(
        `serving ${n} schedule${n === 1 ? '' : 's'} from ${values.data} at ${sim.url}; stop with Ctrl-C\n` +
          `try: INCIDENT_IO_BASE_URL=${sim.url} INCIDENT_IO_API_KEY=${key} oncall-approval schedules\n`,
      );
    }
    await new Promise<void>((resolve) => {
      if (!io.signal) return; // no way to be stopped but the process ending: serve until then
      if (io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await sim.close();
    io.stderr(`simulator stopped after ${sim.calls.total} call${sim.calls.total === 1 ? '' : 's'}\n`);
  },
};
