// Runs the CLI in-process with captured output, a fake environment and an injectable clock and fetch,
// and (for the few tests that must prove the installed command works) as a real child process: the
// compiled command in dist/, as package.json `bin` installs it (`npm test` builds it first).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../plugin/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | Uint8Array;
  now?: Date;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
}

export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  // Loaded with import(), as the commands themselves are: mocha loads spec files through tsx's require hook,
  // and a static import here would give the CLI modules a second (CommonJS) copy beside the ES module one.
  const { main } = await import('../../plugin/cli/main.js');
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? '',
    now: () => options.now ?? new Date(),
    fetch: options.fetch,
    signal: options.signal,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export const binPath = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The compiled command, or a failure that says how to make it (rather than a spawn error). */
export function builtBin(): string {
  if (!existsSync(binPath)) {
    throw new Error(
      'dist/cli/bin.js is missing: the real command is the compiled one; run `npm run compile` (npm test does)',
    );
  }
  return binPath;
}

/** Spawns the real command. Bounded: killed after `timeoutMs`. */
export function spawnCli(
  argv: string[],
  options: { env?: Record<string, string | undefined>; stdin?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtBin(), ...argv], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
