// `npm run bench` end to end on tiny sizes (compiled to .bench/, run by bench/run.ts on plain node, each
// scenario in its own process), and the runner's judging: a crashed scenario fails the run, and a partial
// run keeps the other scenarios' figures with the machine and date they came from.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ChildFailedError } from '../../bench/protocol.js';
import type { ChildReport, Machine, ResultsFile, ScenarioResult } from '../../bench/report.js';
import { runBench, type ScenarioRunner } from '../../bench/run.js';

const exec = promisify(execFile);

async function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, args, { timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const scenario = (id: number, extra: Record<string, number> = {}): ScenarioResult => ({
  id,
  name: `(${id}) s`,
  decisionsPerSecond: 1,
  p50us: 1,
  p99us: 1,
  peakMB: 1,
  apiCalls: 3,
  ratios: {},
  extra: { callBudget: 202, firstDecisionMsMax: 200, firstDecisionMsMedian: 150, ...extra },
  rows: [],
  notes: [],
});
const elsewhere: Machine = { cpu: 'Other CPU', cores: 64, node: 'v22.0.0', platform: 'linux', totalMemMB: 1 };
const report = (id: number, machine = elsewhere, date = '2026-01-02T03:04:05.000Z'): ChildReport => ({
  result: scenario(id),
  processPeakMB: 50,
  machine,
  date,
  loadAverage: [0.5, 0.75],
});

describe('bench: the runner (npm run bench)', function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'bench-run-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs the chosen scenarios compiled, one process each, and judges their targets', async () => {
    await exec(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'], {
      timeout: 120_000,
    });
    const { code, stdout } = await node(['.bench/bench/run.js', '--tiny', '5', '1']);
    expect(code, stdout).to.equal(0);
    expect(stdout).to.match(/^# oncall-approval benchmark \(tiny sizes\)$/m);
    expect(stdout).to.match(/^machine: .+, \d+ cores, node v\d+/m);
    expect(stdout).to.match(/cold load 1 of 1: /);
    expect(stdout).to.include('## (5) load');
    expect(stdout).to.include('## (1) one auto rule + one escalation rule, cached');
    expect(stdout).not.to.include('## (2)');
    expect(stdout).to.match(/^(PASS|MISS) +1 +within 1\.3x/m);
    expect(stdout).not.to.match(/^(PASS|MISS) +2 /m);
    expect(stdout).not.to.include('RESULT ');
    expect(stdout).to.include('bench/results.json left as it was');
  });

  it('refuses an unknown argument before running anything', async () => {
    const { code, stderr, stdout } = await node(['--import', 'tsx', 'bench/run.ts', '--heap-cap=64']);
    expect(code).to.equal(2);
    expect(stderr).to.include("unknown argument '--heap-cap=64'");
    expect(stdout).to.equal('');
  });

  it('a scenario that crashed fails the run, and its targets are MISS', async () => {
    const lines: string[] = [];
    const runScenario: ScenarioRunner = async (id) => {
      if (id === 4) {
        const run = { code: 1, stdout: 'half a table\n', stderr: 'Error: broke', ms: 1, timedOut: false };
        throw new ChildFailedError(['scenario', '4'], run, 1000);
      }
      return { report: report(id), output: `## (${id}) s\n` };
    };
    const code = await runBench(['3', '4', '--no-results'], {
      runScenario,
      resultsPath: join(dir, 'results.json'),
      out: (t) => lines.push(t),
    });
    const out = lines.join('');
    expect(code).to.equal(1);
    expect(out).to.include('half a table');
    expect(out).to.match(/^scenario \(4\) FAILED: bench child 'scenario 4' failed \(exit code 1\)/m);
    expect(out).to.match(/^MISS +4 +API calls .* scenario did not run to completion/m);
    expect(out).to.match(/^PASS +3 +first decision under 400 ms/m);
    expect(out).to.include('bench/results.json left as it was');
  });

  it('a partial run keeps the other scenarios from results.json, each with its own machine and date', async () => {
    const path = join(dir, 'results.json');
    const earlier: ResultsFile = {
      machine: elsewhere,
      date: '2026-01-02T03:04:05.000Z',
      scenarios: [
        { ...scenario(3), processPeakMB: 40, machine: elsewhere, date: '2026-01-02T03:04:05.000Z' },
        { ...scenario(4), processPeakMB: 40, machine: elsewhere, date: '2026-01-02T03:04:05.000Z' },
      ],
      targets: [],
    };
    await writeFile(path, JSON.stringify(earlier));
    const here: Machine = { ...elsewhere, cpu: 'This CPU' };
    const lines: string[] = [];
    const code = await runBench(['4'], {
      runScenario: async (id) => ({ report: report(id, here, '2026-11-26T10:00:00.000Z'), output: '' }),
      resultsPath: path,
      out: (t) => lines.push(t),
    });
    expect(code).to.equal(0);
    const written = JSON.parse(await readFile(path, 'utf8')) as ResultsFile;
    expect(written.scenarios.map((s) => [s.id, s.machine.cpu, s.date])).to.deep.equal([
      [3, 'Other CPU', '2026-01-02T03:04:05.000Z'],
      [4, 'This CPU', '2026-11-26T10:00:00.000Z'],
    ]);
    // Every scenario the catalog has is judged; the one never run is a MISS.
    expect(written.targets.find((t) => t.scenario === '3')!.measuredOn).to.match(/^Other CPU, 64 cores, node v22/);
    expect(written.targets.find((t) => t.scenario === '6')!.pass).to.equal(false);
    const out = lines.join('');
    expect(out).to.match(
      /^PASS +3 +first decision .*\[earlier run: Other CPU, 64 cores, node v22\.0\.0, 2026-01-02 03:04Z\]$/m,
    );
    expect(out).to.match(/^PASS +4 +API calls .* 3 calls \(budget 202\)$/m);
  });

  it('does not keep figures that cannot say where they came from (a results.json without machines)', async () => {
    const path = join(dir, 'results.json');
    await writeFile(
      path,
      JSON.stringify({ machine: elsewhere, scenarios: [{ ...scenario(3), peakMB: 1 }], targets: [] }),
    );
    const code = await runBench(['4'], {
      runScenario: async (id) => ({ report: report(id), output: '' }),
      resultsPath: path,
      out: () => {},
    });
    expect(code).to.equal(0);
    const written = JSON.parse(await readFile(path, 'utf8')) as ResultsFile;
    expect(written.scenarios.map((s) => s.id)).to.deep.equal([4]);
    expect(written.targets.find((t) => t.scenario === '3')!.measured).to.equal('scenario did not run to completion');
  });
});
