// How the bench's processes talk (bench/protocol.ts): a child's result arrives intact, a child that cannot
// do its work hands back nothing, and a process that runs too long is stopped and said to be.
import { expect } from 'chai';
import {
  benchScript,
  ChildFailedError,
  decodeResult,
  encodeResult,
  findResult,
  runBenchChild,
  runProcess,
  withoutResult,
  RESULT_PREFIX,
} from '../../bench/protocol.js';
import type { ChildReport } from '../../bench/report.js';

describe('bench: the child-process protocol', function () {
  this.timeout(60_000);

  it('round-trips NaN and Infinity, which JSON cannot hold', () => {
    const back = decodeResult<{ a: number; b: number[]; c: { d: number } }>(
      encodeResult({ a: Number.NaN, b: [Infinity, 1], c: { d: -Infinity } }),
    );
    expect(back.a).to.be.NaN;
    expect(back.b).to.deep.equal([Infinity, 1]);
    expect(back.c.d).to.equal(-Infinity);
  });

  it('finds the result line among what people read, and shows them the rest', () => {
    const output = `## table\nrow\n${RESULT_PREFIX}${encodeResult({ x: 1 })}\n`;
    expect(findResult(output)).to.deep.equal({ x: 1 });
    expect(withoutResult(output)).to.equal('## table\nrow\n');
    expect(findResult('Error: broke\n')).to.equal(undefined);
  });

  it('runs a bench module the way this one runs (TypeScript through tsx here)', () => {
    const args = benchScript('child');
    expect(args.slice(0, 2)).to.deep.equal(['--import', 'tsx']);
    expect(args[2]).to.match(/bench\/child\.ts$/);
  });

  it('a scenario process reports its result with its own peak memory and the machine and date it ran on', async () => {
    const { result, run } = await runBenchChild<ChildReport>(['scenario', '5', 'tiny']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('## (5) load');
    expect(run.stdout).to.match(/cold load 1 of 1: /);
    expect(result.result.id).to.equal(5);
    // Scenario 5 started its cold load itself and read the fresh process's own peak.
    expect(result.result.extra.coldPeakMB).to.be.greaterThan(10);
    expect(result.processPeakMB).to.be.greaterThan(10);
    expect(result.machine.cores).to.be.greaterThan(0);
    expect(result.machine.node).to.equal(process.version);
    expect(Date.parse(result.date)).to.be.a('number').and.not.be.NaN;
    expect(result.loadAverage).to.have.length(2);
    expect(run.stdout).to.match(/machine load \(1-min average\) [\d.]+ -> [\d.]+ on \d+ cores/);
  });

  it('a scenario that cannot run ends with an error and no result line', async () => {
    const error = await runBenchChild(['scenario', '99', 'tiny']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ChildFailedError);
    const run = (error as ChildFailedError).run;
    expect(run.code).to.equal(1);
    expect(run.timedOut).to.equal(false);
    expect(findResult(run.stdout)).to.equal(undefined);
    expect(run.stderr).to.include('no scenario 99');
  });

  it('stops a process that outlives its timeout and says so', async () => {
    const run = await runProcess(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { timeoutMs: 300 });
    expect(run.timedOut).to.equal(true);
    expect(run.code).to.equal(null);
  });
});
