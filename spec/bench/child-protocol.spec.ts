// What a scenario's process hands back to the bench (bench/run.sh, summary.ts): its result intact, with
// the memory figures the whole-bench peak is computed from, and nothing at all when it cannot run.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  COLD_FILE_ENV,
  decodeResult,
  encodeResult,
  RESULT_PREFIX,
  type ChildReport,
  type ColdReport,
} from '../../bench/child-protocol.js';
import { benchScript, findResult } from '../../bench/launch.js';

const run = promisify(execFile);

async function scenarioChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [...benchScript('scenario-child'), ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '' };
  }
}

describe('bench: what a scenario process reports', function () {
  this.timeout(60_000);

  it('round-trips NaN and Infinity, which JSON cannot hold', () => {
    const back = decodeResult<{ a: number; b: number[]; c: { d: number } }>(
      encodeResult({ a: Number.NaN, b: [Infinity, 1], c: { d: -Infinity } }),
    );
    expect(back.a).to.be.NaN;
    expect(back.b).to.deep.equal([Infinity, 1]);
    expect(back.c.d).to.equal(-Infinity);
  });

  it('scenario 5 uses the cold loads handed over in BENCH_COLD_FILE and waits for no process of its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-cold-'));
    try {
      const cold: ColdReport = { peakMB: 50, runs: [{ rules: 20, loadMs: 11, compileMs: 1, ms: 12, peakMB: 77 }] };
      const file = join(dir, 'cold.out');
      await writeFile(file, `cold load 1 of 1\n${RESULT_PREFIX}${encodeResult(cold)}\n`);
      const { code, stdout } = await scenarioChild(['5', 'tiny'], { [COLD_FILE_ENV]: file });
      expect(code, stdout).to.equal(0);
      expect(stdout).to.include('## (5) load');
      const report = findResult<ChildReport>(stdout)!;
      expect(report.result.extra.loadColdMs).to.equal(12);
      expect(report.result.extra.coldPeakMB).to.equal(77);
      expect(report.grandchildPeakMB).to.equal(0);
      expect(report.peakMB).to.be.greaterThan(10);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without them, scenario 5 runs its own cold loads and counts the largest as a process it waited for', async () => {
    const { code, stdout } = await scenarioChild(['5', 'tiny']);
    expect(code, stdout).to.equal(0);
    const report = findResult<ChildReport>(stdout)!;
    expect(report.grandchildPeakMB).to.be.greaterThan(10);
    expect(report.grandchildPeakMB).to.equal(report.result.extra.coldPeakMB);
  });

  it('a scenario that cannot run ends with an error and no result line', async () => {
    const { code, stdout } = await scenarioChild(['9', 'tiny']);
    expect(code).to.equal(1);
    expect(findResult(stdout)).to.equal(undefined);
  });
});
