// What `evaluate` and `can-approve` share: read the routing files, the request and the on-call source,
// and build an approval engine, turning every bad input into located problems (exit 1) or a usage
// message (exit 2) rather than a stack trace. Not a subcommand (main.ts does not list it).
import {
  CompileError,
  createApprovalEngine,
  formatProblems,
  hasErrors,
  parseRequest,
  readRequestFile,
  type AccessRequest,
  type ApprovalEngine,
  type TraceItem,
} from '../index.js';
import { configuredIntegrations, openOnCallSources, type OnCallSources } from './on-call-source.js';
import { DECISION_PROVIDER_OPTIONS, parseDecisionProviderOptions, unconfiguredNotes } from './decision-providers.js';
import { invalidInput, loadRules, rulePaths } from './rules-input.js';
import { parseNowOption } from './args.js';
import { CliError, EXIT, type CliIo } from './io.js';

/** Options every deciding command takes. */
export const DECISION_OPTIONS = {
  rules: { type: 'string', multiple: true },
  request: { type: 'string' },
  now: { type: 'string' },
  reviewers: { type: 'string' },
  schedules: { type: 'string' },
  format: { type: 'string' },
  trace: { type: 'boolean' },
  'exit-code': { type: 'boolean' },
  ...DECISION_PROVIDER_OPTIONS,
} as const;

export const SHARED_USAGE = `  FILE...             routing files, loaded together (a directory means its *.routing.yaml files;
                      - reads one from standard input);
                      none: default routing (on call → approved for an hour, else a reviewer)
  --rules FILE...     the same as FILE... (the older spelling)
  --request FILE|-    the access request (YAML or JSON; - reads standard input)
  --now ISO           the instant to decide for, e.g. 2026-11-26T08:00:00Z (default: now)
  --reviewers LIST    security reviewers for p0 entries, comma-separated emails
  --schedules FILE    on-call data from a local schedules file (incident.io \`schedules\` and/or a
                      \`pagerduty\` section); without it, from the incident.io API (INCIDENT_IO_API_KEY)
                      and/or the PagerDuty API (PAGERDUTY_API_KEY), each entry asking its own
                      (INCIDENT_IO_BASE_URL, PAGERDUTY_BASE_URL for another server such as
                      \`oncall-approval simulate\`)
  --schedule-allow-list IDS   "on call for any schedule" (incident.io auto) looks only at these
                      schedule IDs, comma-separated
  --break-glass-approvers LIST  the break-glass approvers (comma-separated emails) that entries with
                      breakGlassApprover admit; without it such entries admit nobody
  --format json|text  output format (default json)
  --trace             with --format text, also print the trace (json always carries it)
  --exit-code         the answer as the exit code (below); without it every answer exits 0`;

/**
 * Why the on-call data of a decision is incomplete: every failed lookup of its trace, one sentence each.
 * The decision still stands (the engine never approves on data it does not have), but the person reading it
 * must know that the answer may change once the provider answers.
 */
export function onCallFailures(trace: readonly TraceItem[] | undefined): string[] {
  const out: string[] = [];
  for (const item of trace ?? []) {
    if (item.kind !== 'lookup') continue;
    if (item.listFailure) out.push(`${item.integration}: ${item.listFailure}`);
    for (const s of item.schedules)
      if (s.status === 'failed')
        out.push(`${item.integration}: ${s.scheduleName ?? s.scheduleId}: ${s.reason ?? 'the lookup failed'}`);
  }
  return [...new Set(out)];
}

/** The request from a file or standard input (its bytes: only UTF-8 is read), through the one request check. */
export async function readRequest(io: CliIo, path: string | undefined): Promise<AccessRequest> {
  if (path === undefined) throw CliError.usage('--request FILE (or - for standard input) is required');
  const { request, problems } =
    path === '-' ? parseRequest(await io.readStdin(), '<stdin>') : await readRequestFile(path);
  if (!request || hasErrors(problems)) throw invalidInput(problems);
  io.stderr(formatProblems(problems, 'text'));
  return request;
}

export function parseReviewers(value: string | undefined): string[] {
  if (value === undefined) return [];
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const email of list)
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw CliError.usage(`--reviewers: '${email}' is not an email address`);
  return list;
}

export function parseFormat(value: string | undefined): 'json' | 'text' {
  const format = value ?? 'json';
  if (format !== 'json' && format !== 'text') throw CliError.usage(`--format must be json or text; got '${format}'`);
  return format;
}

export interface DecisionSetup {
  engine: ApprovalEngine;
  request: AccessRequest;
  now: Date;
  sources: OnCallSources;
  /** Integrations the rules name without an on-call source, as sentences (text output shows them). */
  unconfigured: string[];
}

/** Everything a deciding command needs, in the order a user would fix it: usage, on-call source, rules, request. */
export async function setUp(
  io: CliIo,
  values: {
    rules?: string[];
    request?: string;
    now?: string;
    reviewers?: string;
    schedules?: string;
    'schedule-allow-list'?: string;
    'break-glass-approvers'?: string;
  },
  positionals: string[],
): Promise<DecisionSetup> {
  const now = parseNowOption(values.now, io.now());
  const reviewers = parseReviewers(values.reviewers);
  const paths = await rulePaths(values.rules, positionals);
  if (values.request === undefined) throw CliError.usage('--request FILE (or - for standard input) is required');
  if (values.request === '-' && paths?.includes('-'))
    throw CliError.usage("standard input holds one document: give '-' for the routing file or for --request, not both");

  const { scheduleAllowList, breakGlassApprovers } = parseDecisionProviderOptions(values);
  const sources = await openOnCallSources({
    schedulesFile: values.schedules,
    env: io.env,
    fetch: io.fetch,
    ...(scheduleAllowList ? { scheduleAllowList } : {}),
  });

  const rules = await loadRules(io, paths, configuredIntegrations(sources));
  const request = await readRequest(io, values.request);
  if (sources.incidentio?.kind === 'api') {
    // Schedule names only make the reasons readable ("on call for Primary on-call"); the API provider learns
    // them from the schedule list. A failure here changes nothing: lookups report their own failures.
    await sources.incidentio.provider.listSchedules({ signal: io.signal }).catch(() => undefined);
  }
  try {
    const engine = createApprovalEngine({
      rules,
      providers: sources.providers,
      reviewers,
      ...(breakGlassApprovers ? { breakGlassApprovers } : {}),
      clock: () => now,
    });
    return { engine, request, now, sources, unconfigured: unconfiguredNotes(sources, rules) };
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    throw invalidInput(err.problems);
  }
}
