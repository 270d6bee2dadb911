// How the bench's processes talk: the runner (run.ts) starts one child process per scenario (child.ts),
// and some scenarios start fresh processes of their own (a cold load, a heap probe, the CLI). A bench child
// prints what people read, then one last line `RESULT <json>` with what the parent needs. This module is
// the whole protocol: starting a process, timing it, and reading its result.
//
// Compiled (`npm run bench` runs .bench/bench/*.js on plain node, as hosts run the built package) a child is
// the .js sibling; under the tests (TypeScript through tsx) it is the .ts sibling, run through tsx too.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULT_PREFIX = 'RESULT ';

/** JSON has no NaN or Infinity; a measurement may hold them (a scenario with nothing timed). */
export function encodeResult(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v,
  );
}

export function decodeResult<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && '$number' in v ? Number((v as { $number: string }).$number) : v,
  ) as T;
}

/** The child's side: the last line it prints. */
export function printResult(value: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${encodeResult(value)}\n`);
}

/** The `RESULT <json>` line of a child's output, decoded; undefined when there is none (it failed). */
export function findResult<T>(output: string): T | undefined {
  const line = output.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  return line === undefined ? undefined : decodeResult<T>(line.slice(RESULT_PREFIX.length));
}

/** A child's output without its result line: what the runner shows. */
export function withoutResult(output: string): string {
  return output
    .split('\n')
    .filter((l) => !l.startsWith(RESULT_PREFIX))
    .join('\n');
}

const HERE = fileURLToPath(import.meta.url);
const COMPILED = HERE.endsWith('.js');

/** `node` arguments that run the bench module `name` (a path under bench/, without extension) as this one runs. */
export function benchScript(name: string): string[] {
  const file = join(dirname(HERE), `${name}${COMPILED ? '.js' : '.ts'}`);
  return COMPILED ? [file] : ['--import', 'tsx', file];
}

/** The package's root (where package.json is), from bench/ or from .bench/bench/. */
export function packageRoot(): string {
  let dir = dirname(HERE);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${HERE}`);
    dir = up;
  }
  return dir;
}

export interface ProcessRun {
  /** Exit code; null when a signal (or the timeout) ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, ms: what a person waiting for the command sees. */
  ms: number;
  timedOut: boolean;
}

export interface ProcessOptions {
  /** Killed (SIGKILL) after this long; `timedOut` then says so. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Pass the child's stderr through to ours instead of collecting it (a scenario's errors show as they happen). */
  inheritStderr?: boolean;
}

/** Run a command to its end, timing it. Never rejects for a failing command: the caller reads `code`. */
export function runProcess(command: string, args: string[], options: ProcessOptions = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd ?? packageRoot(),
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', options.inheritStderr ? 'inherit' : 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (timer) clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms,
        timedOut,
      });
    });
  });
}

/** A bench child that printed no result: its run (output, exit code, whether it timed out) is attached. */
export class ChildFailedError extends Error {
  override name = 'ChildFailedError';
  constructor(
    readonly args: string[],
    readonly run: ProcessRun,
    timeoutMs: number,
  ) {
    const why = run.timedOut ? `timed out after ${timeoutMs} ms` : `exit code ${run.code}`;
    super(`bench child '${args.join(' ')}' failed (${why}):\n${run.stdout}${run.stderr}`.trimEnd());
  }
}

/**
 * Run bench/child.ts with `args` (see there) in a fresh node process with `nodeFlags`, and decode its
 * result. Rejects with a ChildFailedError when the child printed no result.
 */
export async function runBenchChild<T>(
  args: string[],
  options: ProcessOptions & { nodeFlags?: string[] } = {},
): Promise<{ result: T; run: ProcessRun }> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const run = await runProcess(process.execPath, [...(options.nodeFlags ?? []), ...benchScript('child'), ...args], {
    ...options,
    timeoutMs,
  });
  const result = findResult<T>(run.stdout);
  if (result === undefined || run.code !== 0) throw new ChildFailedError(args, run, timeoutMs);
  return { result, run };
}
