// Runs a TypeScript snippet of README.md or docs/*.md as a reader's project would: written to a file inside this package, so
// `import ... from 'oncall-approval'` resolves through the package's self-reference to the built dist/, and
// run by tsx in a child process. A `// → TEXT` comment in the snippet is output it promises: TEXT must be
// a line of stdout (`...` stands for any text). tsx does not check types, so the snippets are also
// type-checked together, with the project's strict settings, as a user's TypeScript project would.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { missingLines } from './shown-output.js';

export interface SnippetRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Promised `// →` lines that stdout lacks. */
  missing: string[];
  promised: string[];
}

export function promisedOutput(source: string): string[] {
  return [...source.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]!.trimEnd());
}

const tmpDir = join(repoRoot, 'spec', 'readme');

/** Runs a child process to its end, killed after `timeoutMs`. */
function run(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.INCIDENT_IO_API_KEY; // a snippet must not reach a real account by accident
  delete env.INCIDENT_IO_BASE_URL;
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  }).finally(() => clearTimeout(timer));
}

export async function runSnippet(source: string, name: string, timeoutMs = 15000): Promise<SnippetRun> {
  const file = join(tmpDir, `.tmp-${name}.ts`);
  writeFileSync(file, source);
  try {
    const { code, stdout, stderr } = await run(['--import', 'tsx', file], timeoutMs);
    const promised = promisedOutput(source);
    return { code, stdout, stderr, promised, missing: missingLines(promised, stdout) };
  } finally {
    rmSync(file, { force: true });
  }
}

/** `tsc --noEmit` over the snippets, with the project's compiler options. Returns tsc's exit code and report. */
export async function typecheckSnippets(sources: { name: string; text: string }[], timeoutMs = 20000): Promise<{ code: number | null; report: string }> {
  const files = sources.map((s) => ({ path: join(tmpDir, `.tmp-${s.name}.ts`), text: s.text }));
  const config = join(tmpDir, '.tmp-tsconfig.json');
  try {
    for (const f of files) writeFileSync(f.path, f.text);
    writeFileSync(config, JSON.stringify({
      extends: '../../tsconfig.json',
      compilerOptions: { noEmit: true, types: ['node'] },
      include: files.map((f) => f.path.slice(tmpDir.length + 1)),
    }));
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const { code, stdout, stderr } = await run([tsc, '-p', config], timeoutMs);
    return { code, report: stdout + stderr };
  } finally {
    for (const f of [...files.map((x) => x.path), config]) rmSync(f, { force: true });
  }
}
