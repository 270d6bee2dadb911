// The bench runs each scenario in its own process: the result must come back intact, with the memory
// figures the whole-bench peak is computed from.
import { expect } from 'chai';
import { decodeResult, encodeResult } from '../../bench/child-protocol.js';
import { runScenarioProcess } from '../../bench/run.js';

describe('bench: one process per scenario', function () {
  this.timeout(30_000);

  it('round-trips NaN and Infinity, which JSON cannot hold', () => {
    const back = decodeResult<{ a: number; b: number[]; c: { d: number } }>(encodeResult({ a: Number.NaN, b: [Infinity, 1], c: { d: -Infinity } }));
    expect(back.a).to.be.NaN;
    expect(back.b).to.deep.equal([Infinity, 1]);
    expect(back.c.d).to.equal(-Infinity);
  });

  it('runs scenario 5 (tiny) in a child and reports its result and peaks, including the cold process', async () => {
    const report = await runScenarioProcess(5, { tiny: true });
    expect(report.result.id).to.equal(5);
    expect(report.result.rows[0]!.operations).to.equal(2);
    expect(report.result.extra.loadColdMs).to.be.greaterThan(0);
    expect(report.peakMB).to.be.greaterThan(10);
    expect(report.grandchildPeakMB).to.be.greaterThan(10);
  });

  it('a scenario that cannot run is an error, not a result', async () => {
    let error: unknown;
    try {
      await runScenarioProcess(9, { tiny: true });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/scenario \(9\) process ended with exit code 1/);
  });
});
