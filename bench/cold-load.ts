// Scenario 5's cold loads: each in a fresh process (load-once.ts), where nothing has parsed YAML or
// validated anything yet, as when a user's `validate` or a host starts. The processes start with
// node's default flags, like a user's command. `npm run bench` runs them from cold-child.ts before scenario
// 5's process starts, so a cold process never shares the machine's memory with a scenario's.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchScript } from './launch.js';

const run = promisify(execFile);

export interface ColdRun {
  rules: number;
  loadMs: number;
  compileMs: number;
  /** The fresh process's peak resident memory (kernel maxRSS), MB. */
  peakMB: number;
  ms: number;
}

/** `runs` fresh processes, one at a time, each loading and compiling the routing file `file` once. */
export async function coldLoadsOfFile(file: string, runs: number): Promise<ColdRun[]> {
  const out: ColdRun[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) {
    const { stdout } = await run(process.execPath, [...benchScript('load-once'), file], { timeout: 60_000 });
    const result = JSON.parse(stdout) as Omit<ColdRun, 'ms'>;
    out.push({ ...result, ms: result.loadMs + result.compileMs });
  }
  return out;
}

/** The same for routing text: written to a temporary file first. */
export async function coldLoads(yaml: string, runs: number): Promise<ColdRun[]> {
  const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-'));
  try {
    const file = join(dir, 'bench-rules.yaml');
    await writeFile(file, yaml);
    return await coldLoadsOfFile(file, runs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
