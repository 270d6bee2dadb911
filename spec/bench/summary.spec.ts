// The bench's last step reads what each process reported: the whole-bench peak is the largest process
// (they run one at a time) and a scenario without a result is a failure, never a silent gap.
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeResult, RESULT_PREFIX, type ChildReport, type ColdReport } from '../../bench/child-protocol.js';
import type { ScenarioResult } from '../../bench/report.js';
import { readRunOutputs } from '../../bench/summary-read.js';

function scenario(id: number): ScenarioResult {
  return {
    id,
    name: `(${id}) s`,
    decisionsPerSecond: 1,
    p50us: 1,
    p99us: 1,
    peakMB: 1,
    ratios: {},
    extra: {},
    rows: [],
    notes: [],
  };
}

const line = (value: unknown) => `some table\n${RESULT_PREFIX}${encodeResult(value)}\n`;

describe('bench summary', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'bench-summary-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('takes the largest process, counting what a scenario process waited for and the cold loads with their parent', async () => {
    const one: ChildReport = { result: scenario(1), peakMB: 150, grandchildPeakMB: 0 };
    const five: ChildReport = { result: scenario(5), peakMB: 90, grandchildPeakMB: 70 };
    const cold: ColdReport = { peakMB: 60, runs: [{ rules: 1, loadMs: 1, compileMs: 1, ms: 2, peakMB: 100 }] };
    await writeFile(join(dir, '1.out'), line(one));
    await writeFile(join(dir, '5.out'), line(five));
    await writeFile(join(dir, 'cold.out'), line(cold));
    const run = await readRunOutputs(dir);
    expect(run.results.map((r) => r.id)).to.deep.equal([1, 5]);
    expect(run.failed).to.deep.equal([]);
    expect(run.largestMB).to.equal(160);
    expect(run.largest).to.match(/scenario 5/);

    await writeFile(join(dir, 'write.out'), line({ peakMB: 175 }));
    expect((await readRunOutputs(dir)).largest).to.match(/writer/);
    await rm(join(dir, 'write.out'));

    cold.runs[0]!.peakMB = 120;
    await writeFile(join(dir, 'cold.out'), line(cold));
    expect((await readRunOutputs(dir)).largestMB).to.equal(180);
  });

  it('a scenario whose process printed no result is failed, and its peak is unaccounted for', async () => {
    await writeFile(join(dir, '2.out'), 'Error: something broke\n');
    await writeFile(join(dir, '3.out'), line({ result: scenario(3), peakMB: 80, grandchildPeakMB: 0 }));
    const run = await readRunOutputs(dir);
    expect(run.ran).to.deep.equal([2, 3]);
    expect(run.failed).to.deep.equal([2]);
    expect(run.results.map((r) => r.id)).to.deep.equal([3]);
    expect(run.unaccounted).to.deep.equal(["scenario 2's process"]);
  });

  it('cold loads that failed, or never started after the writer, are unaccounted for', async () => {
    await writeFile(join(dir, 'write.out'), line({ peakMB: 60 }));
    expect((await readRunOutputs(dir)).unaccounted).to.deep.equal(["scenario 5's cold loads"]);
    await writeFile(join(dir, 'cold.out'), 'cold load 1 of 5: ...\nError: load-once crashed\n');
    expect((await readRunOutputs(dir)).unaccounted).to.deep.equal(["scenario 5's cold loads"]);
    await writeFile(join(dir, 'write.out'), 'Error: no space left\n');
    await rm(join(dir, 'cold.out'));
    expect((await readRunOutputs(dir)).unaccounted).to.deep.equal(["scenario 5's routing-file writer"]);
  });
});
