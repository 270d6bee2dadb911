// `npm run bench` end to end on tiny sizes: compiled to .bench/, run by bench/run.sh on plain node, each
// scenario in its own process, then the summary with the targets and the whole bench's peak memory.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function sh(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('sh', ['bench/run.sh', ...args], { timeout: 120_000 });
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
    expect(stdout).to.match(/# oncall-approval benchmark \(scenario processes: node --max-old-space-size=\d+ --max-semi-space-size=\d+\)/);
    expect(stdout).to.match(/cold load 1 of 1: /);
    expect(stdout).to.include('## (5) load');
    expect(stdout).to.include('## (1) one auto rule + one escalation rule, cached');
    expect(stdout).not.to.include('## (2)');
    expect(stdout).to.match(/^(PASS|MISS) +1 +within 1\.3x/m);
    expect(stdout).not.to.match(/^(PASS|MISS) +2 /m);
    expect(stdout).to.match(/peak RSS of the whole bench: at most \d+ MB = run\.sh's shell [\d.]+ MB \+ the largest process it waited for/);
    expect(stdout).to.include('bench/results.json left as it was');
  });

  it('refuses an unknown argument before running anything', async () => {
    const { code, stderr, stdout } = await sh(['--heap-cap=64']);
    expect(code).to.equal(2);
    expect(stderr).to.include("unknown argument '--heap-cap=64'");
    expect(stdout).to.equal('');
  });
});
