// Runs one of the `npx oncall-approval ...` commands of README.md or docs/*.md the way a reader would, and
// checks it does what the example shows: in-process through runCli, against an in-process simulator where
// the command needs incident.io (the examples' `http://127.0.0.1:8787` is that simulator), `--out`
// redirected to a temporary folder (a `schema --out` onto a committed schema must write what is committed),
// a background `simulate ... &` stood in for by that simulator, a foreground `simulate` run as the real
// command and stopped once it has printed its URL.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { binPath, repoRoot, runCli, type CliResult } from '../support/cli.js';
import { missingLines, shownExitCode } from './shown-output.js';

/** The simulator address the examples use. */
export const SHOWN_URL = 'http://127.0.0.1:8787';
/** What the examples' simulator serves, and the key it requires. */
export const SIM_DATA = 'rules/oncall.example.yaml';
export const SIM_KEY = 'demo-key';

export interface ReadmeCommand {
  /** `FILE:LINE` in the markdown, for messages. */
  where: string;
  argv: string[];
  /** `VAR=value` written before the command, and what the block exported before it. */
  env: Record<string, string>;
  background: boolean;
  /** The output the example shows for it (possibly none). */
  shown: string[];
  /** The exit code the block states (```console exit=N); otherwise the one its output implies. */
  exit?: number;
}

export interface RunContext {
  simUrl: string;
  schedulesInData: number;
  tmp: string;
}

/** Secrets the reader supplies (`...`, `${{ secrets.X }}`): the simulator's key stands in for them. */
function isPlaceholder(value: string): boolean {
  return value === '...' || value === '…' || /^\$\{\{.*\}\}$/.test(value.trim());
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 1) : argv[i + 1];
}

/** Commands that read on-call data or schedules from incident.io (rather than a file). */
export function needsIncidentIo(argv: string[]): boolean {
  const [name] = argv;
  const has = (flag: string) => option(argv, flag) !== undefined || argv.includes(flag);
  switch (name) {
    case 'check-key': return true;
    case 'schedules': case 'evaluate': case 'can-approve': return !has('--schedules');
    case 'validate': return has('--online');
    case 'schema': return has('--with-schedules');
    default: return false;
  }
}

export async function runReadmeCommand(cmd: ReadmeCommand, ctx: RunContext): Promise<void> {
  const sub = (t: string) => t.split(SHOWN_URL).join(ctx.simUrl);
  const argv = cmd.argv.map(sub);
  let shown = cmd.shown.map(sub);
  const label = `${cmd.where}: npx oncall-approval ${cmd.argv.join(' ')}`;

  const outAt = argv.indexOf('--out');
  let outFile: string | undefined;
  let committed: string | undefined;
  if (outAt >= 0) {
    const asked = argv[outAt + 1]!;
    // Regenerating a committed file (`schema --out schemas/routing.schema.json`) must give what is committed.
    if (argv[0] === 'schema' && !argv.includes('--with-schedules') && existsSync(join(repoRoot, asked)))
      committed = readFileSync(join(repoRoot, asked), 'utf8');
    outFile = join(ctx.tmp, asked);
    mkdirSync(dirname(outFile), { recursive: true });
    argv[outAt + 1] = outFile;
    shown = shown.map((l) => l.split(asked).join(outFile!));
  }

  if (argv[0] === 'simulate') {
    if (cmd.background) return checkBackgroundSimulate(argv, label);
    return runForegroundSimulate(argv, cmd.shown, label, ctx);
  }

  const env: Record<string, string> = needsIncidentIo(argv)
    ? { INCIDENT_IO_API_KEY: SIM_KEY, INCIDENT_IO_BASE_URL: ctx.simUrl }
    : {};
  for (const [k, v] of Object.entries(cmd.env)) if (!isPlaceholder(v)) env[k] = sub(v);

  const result = await runCli(argv, { env });
  checkResult(result, shown, label, cmd.exit);
  if (outFile) {
    expect(existsSync(outFile), `${label}: wrote nothing to --out`).to.equal(true);
    expect(() => JSON.parse(readFileSync(outFile!, 'utf8')), `${label}: --out is not JSON`).not.to.throw();
    if (committed !== undefined)
      expect(readFileSync(outFile, 'utf8'), `${label}: differs from the committed file`).to.equal(committed);
  }
}

function checkResult(result: CliResult, shown: string[], label: string, exit?: number): void {
  const all = result.stdout + result.stderr;
  const context = `\n--- stdout ---\n${result.stdout}--- stderr ---\n${result.stderr}`;
  expect(result.code, `${label}: exit code${context}`).to.equal(exit ?? shownExitCode(shown));
  expect(missingLines(shown, all), `${label}: lines the example shows but the command did not print${context}`).to.deep.equal([]);
}

/** `simulate ... &` in an example is the in-process simulator: its flags must be the ones it was started with. */
function checkBackgroundSimulate(argv: string[], label: string): void {
  const flags: Record<string, string> = {};
  for (let i = 1; i < argv.length; i += 2) flags[argv[i]!] = argv[i + 1]!;
  expect(flags, `${label}: a background simulator stands for the spec's own, which serves ${SIM_DATA} at ${SHOWN_URL} with key ${SIM_KEY}`)
    .to.deep.equal({ '--data': SIM_DATA, '--port': new URL(SHOWN_URL).port, '--api-key': SIM_KEY });
}

/** The real `simulate` process, on a free port: read the URL it prints, ask it once, stop it. */
async function runForegroundSimulate(argv: string[], shownRaw: string[], label: string, ctx: RunContext): Promise<void> {
  const args = [...argv];
  const portAt = args.indexOf('--port');
  if (portAt >= 0) args[portAt + 1] = '0'; // tests listen on ephemeral ports only
  const child = spawn(process.execPath, [binPath, ...args], { cwd: repoRoot, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      void closed.then(() => reject(new Error(`${label}: exited before printing its URL\n${stdout}${stderr}`)));
    });
    expect(url, `${label}: first line of stdout`).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const key = option(args, '--api-key');
    const listed = await fetch(`${url}/v2/schedules`, { headers: { Authorization: `Bearer ${key ?? 'any'}` } });
    expect(listed.status, `${label}: GET /v2/schedules with the key`).to.equal(200);
    expect(((await listed.json()) as { schedules: unknown[] }).schedules).to.have.length(ctx.schedulesInData);
    if (key) expect((await fetch(`${url}/v2/schedules`)).status, `${label}: GET /v2/schedules without a key`).to.equal(401);
    child.kill('SIGTERM');
    await closed;
    const shown = shownRaw.map((l) => l.split(SHOWN_URL).join(url));
    expect(missingLines(shown, stdout + stderr), `${label}: lines the example shows but simulate did not print\n${stdout}${stderr}`).to.deep.equal([]);
  } finally {
    child.kill('SIGKILL');
    clearTimeout(killer);
  }
}
