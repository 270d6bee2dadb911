// `npm run bench` end to end on tiny sizes: compiled to .bench/, run by bench/run.sh on plain node, each
// scenario in its own process, then the summary with the targets and the whole bench's peak memory.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeResult, RESULT_PREFIX } from '../../bench/child-protocol.js';

const run = promisify(execFile);

async function sh(args: string[], command = 'sh'): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command, command === 'sh' ? ['bench/run.sh', ...args] : args, {
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('bench/run.sh (npm run bench)', function () {
  this.timeout(180_000);

  before(async () => {
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'], { timeout: 120_000 });
  });

  it('runs the chosen scenarios compiled, one process each, and sums up targets and peak memory', async () => {
    const { code, stdout } = await sh(['--tiny', '5', '1']);
    expect(code, stdout).to.equal(0);
    expect(stdout).to.match(
      /# oncall-approval benchmark \(scenario processes: node --max-old-space-size=\d+ --max-semi-space-size=\d+\)/,
    );
    expect(stdout).to.match(/cold load 1 of 1: /);
    expect(stdout).to.include('## (5) load');
    expect(stdout).to.include('## (1) one auto rule + one escalation rule, cached');
    expect(stdout).not.to.include('## (2)');
    expect(stdout).to.match(/^(PASS|MISS) +1 +within 1\.3x/m);
    expect(stdout).not.to.match(/^(PASS|MISS) +2 /m);
    expect(stdout).to.match(
      /peak RSS of the whole bench: at most \d+ MB = run\.sh's shell [\d.]+ MB \+ the largest process it waited for/,
    );
    expect(stdout).to.include('bench/results.json left as it was');
  });

  it('a scenario that crashed fails the run, and the whole-bench peak is not measurable rather than passed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-crash-'));
    try {
      const ok = {
        result: {
          id: 3,
          name: '(3) s',
          decisionsPerSecond: 1,
          p50us: 1,
          p99us: 1,
          peakMB: 1,
          ratios: {},
          extra: {},
          rows: [],
          notes: [],
        },
        peakMB: 90,
        grandchildPeakMB: 0,
      };
      await writeFile(join(dir, '3.out'), `${RESULT_PREFIX}${encodeResult(ok)}\n`);
      await writeFile(join(dir, '4.out'), '');
      const args = [
        '.bench/bench/summary.js',
        dir,
        '--no-results',
        '--v8-flags',
        '--max-old-space-size=64',
        '--shell-peak-kb',
        '1700',
      ];
      const { code, stdout } = await sh(args, process.execPath);
      expect(code).to.equal(1);
      expect(stdout).to.include('scenario (4) FAILED');
      expect(stdout).to.match(
        /^MISS +all +peak memory of the whole bench .* not measurable: no peak reported by scenario 4's process/m,
      );
      expect(stdout).to.match(/peak RSS of the whole bench: unknown/);

      await rm(join(dir, '4.out'));
      const passed = await sh(args, process.execPath);
      expect(passed.code).to.equal(0);
      expect(passed.stdout).to.match(/^PASS +all +peak memory of the whole bench .* 92 MB \(only scenario 3 ran\)/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown argument before running anything', async () => {
    const { code, stderr, stdout } = await sh(['--heap-cap=64']);
    expect(code).to.equal(2);
    expect(stderr).to.include("unknown argument '--heap-cap=64'");
    expect(stdout).to.equal('');
  });
});
