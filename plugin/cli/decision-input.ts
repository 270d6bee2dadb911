// What `evaluate` and `can-approve` share: read the routing files, the request and the on-call source,
// and build an approval engine, turning every bad input into located problems (exit 1) or a usage
// message (exit 2) rather than a stack trace. Not a subcommand (main.ts does not list it).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createApprovalEngine, type ApprovalEngine } from '../engine/approval-engine.js';
import type { AccessRequest } from '../request/types.js';
import { openOnCallSource } from './on-call-source.js';
import { CompileError } from '../compile/compile.js';
import { loadRoutingFiles } from '../routing/load.js';
import { fileProblem, formatProblems, hasErrors } from '../parse/problems.js';
import { parseRequest } from '../request/parse.js';
import { readTextFile } from '../parse/reader.js';
import { REQUEST_INPUT } from '../parse/kinds.js';
import type { LoadedRule, Problem } from '../routing/types.js';
import { parseNowOption } from './schedules.js';
import { EXIT, isUsageError, UsageError, type CliIo } from './io.js';

/** Options every deciding command takes. */
export const DECISION_OPTIONS = {
  rules: { type: 'string', multiple: true },
  request: { type: 'string' },
  now: { type: 'string' },
  reviewers: { type: 'string' },
  schedules: { type: 'string' },
  format: { type: 'string' },
  trace: { type: 'boolean' },
} as const;

export const SHARED_USAGE = `  --rules FILE...     routing files, loaded together (a directory means its *.routing.yaml files);
                      without --rules: default routing (on call → approved for an hour, else a reviewer)
  --request FILE|-    the access request (YAML or JSON; - reads standard input)
  --now ISO           the instant to decide for, e.g. 2026-11-26T08:00:00Z (default: now)
  --reviewers LIST    security reviewers for p0 entries, comma-separated emails
  --schedules FILE    on-call data from a local schedules file; without it, from the incident.io API
                      (INCIDENT_IO_API_KEY, and INCIDENT_IO_BASE_URL for another server such as
                      \`oncall-approval simulate\`)
  --format json|text  output format (default json)
  --trace             with --format text, also print the trace (json always carries it)`;

/** A command failed with an exit code; the message (problems or a sentence) is already printed. */
export class Stop extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * Runs a command body: `Stop` becomes its exit code (its message is already printed), and a usage mistake
 * is printed with the usage (exit 2).
 */
export async function runCommand(io: CliIo, name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof Stop) return err.code;
    if (isUsageError(err)) {
      io.stderr(`oncall-approval ${name}: ${(err as Error).message}\n\n${usage}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

function printProblems(io: CliIo, problems: readonly Problem[]): void {
  io.stderr(formatProblems(problems, 'text'));
}

const ROUTING_FILE = /\.routing\.(ya?ml|json)$/;

/** `--rules` values and the positionals after them (a shell expands `--rules rules/*.yaml`); directories expand. */
export async function rulePaths(values: string[] | undefined, positionals: string[]): Promise<string[] | undefined> {
  if (values === undefined) {
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0]}' (routing files go after --rules)`);
    return undefined;
  }
  const out: string[] = [];
  for (const path of [...values, ...positionals]) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(path)).filter((n) => ROUTING_FILE.test(n)).sort();
      if (names.length === 0) throw new UsageError(`directory ${path} holds no *.routing.yaml files`);
      out.push(...names.map((n) => join(path, n)));
    } else out.push(path);
  }
  return out;
}

/** Loaded rules (undefined: default routing). Warnings go to stderr; errors stop with exit 1. */
export async function loadRules(io: CliIo, paths: string[] | undefined): Promise<LoadedRule[] | undefined> {
  if (paths === undefined) return undefined;
  const result = await loadRoutingFiles(paths, { installedIntegrations: ['incidentio'] });
  printProblems(io, result.problems);
  if (hasErrors(result.problems)) throw new Stop(EXIT.invalid);
  return result.rules;
}

/** The request from a file or standard input, through the one request check (the engine's own). */
export async function readRequest(io: CliIo, path: string | undefined): Promise<AccessRequest> {
  if (path === undefined) throw new UsageError('--request FILE (or - for standard input) is required');
  const file = path === '-' ? '<stdin>' : path;
  let text: string;
  if (path === '-') text = await io.readStdin();
  else {
    const read = await readTextFile(path, REQUEST_INPUT);
    if ('problem' in read) {
      printProblems(io, [read.problem]);
      throw new Stop(EXIT.invalid);
    }
    text = read.text;
  }
  const { request, problems } = parseRequest(text, file);
  printProblems(io, problems);
  if (!request || hasErrors(problems)) throw new Stop(EXIT.invalid);
  return request;
}

export function parseReviewers(value: string | undefined): string[] {
  if (value === undefined) return [];
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const email of list)
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError(`--reviewers: '${email}' is not an email address`);
  return list;
}

export function parseFormat(value: string | undefined): 'json' | 'text' {
  const format = value ?? 'json';
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format must be json or text; got '${format}'`);
  return format;
}

export interface DecisionSetup {
  engine: ApprovalEngine;
  request: AccessRequest;
  now: Date;
}

/** Everything a deciding command needs, in the order a user would fix it: usage, on-call source, rules, request. */
export async function setUp(
  io: CliIo,
  command: string,
  values: { rules?: string[]; request?: string; now?: string; reviewers?: string; schedules?: string },
  positionals: string[],
): Promise<DecisionSetup> {
  const now = parseNowOption(values.now, io.now());
  const reviewers = parseReviewers(values.reviewers);
  const paths = await rulePaths(values.rules, positionals);
  if (values.request === undefined) throw new UsageError('--request FILE (or - for standard input) is required');

  const source = await openOnCallSource({ schedulesFile: values.schedules, env: io.env, fetch: io.fetch });
  if (source.kind === 'none') {
    io.stderr(`oncall-approval ${command}: ${source.message}\n`);
    throw new Stop(EXIT.usage);
  }
  if (source.kind === 'invalid') {
    io.stderr(source.problems ? `${source.message}\n` : `oncall-approval ${command}: ${source.message}\n`);
    throw new Stop(source.problems ? EXIT.invalid : EXIT.usage);
  }

  const rules = await loadRules(io, paths);
  const request = await readRequest(io, values.request);
  if (source.kind === 'api') {
    // Schedule names only make the reasons readable ("on call for Primary on-call"); the API provider learns
    // them from the schedule list. A failure here changes nothing: lookups report their own failures.
    await source.provider.listSchedules({ signal: io.signal }).catch(() => undefined);
  }
  try {
    const engine = createApprovalEngine({
      rules,
      providers: { incidentio: source.provider },
      reviewers,
      clock: () => now,
    });
    return { engine, request, now };
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    printProblems(io, err.problems);
    throw new Stop(EXIT.invalid);
  }
}
