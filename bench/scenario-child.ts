// One scenario in its own process, for bench/run.sh: only this scenario's contenders are loaded (Cedar's
// WebAssembly only where Cedar runs), and what one scenario leaves in the heap cannot inflate the next
// one's memory. Prints the scenario's table, then one line, `RESULT <json>` (a ChildReport), with the
// result and this process's peak resident memory (plus the peak of any process it started and waited for:
// scenario 5's cold loads, when BENCH_COLD_FILE does not hand over the ones run.sh ran before).
//
//   node .bench/bench/scenario-child.js ID [tiny]      (compiled, as `npm run bench` runs it)
//   node --import tsx bench/scenario-child.ts ID [tiny]
import { readFileSync } from 'node:fs';
import { COLD_FILE_ENV, encodeResult, RESULT_PREFIX, type ChildReport, type ColdReport } from './child-protocol.js';
import type { ColdRun } from './cold-load.js';
import { MemorySampler, processPeakMB } from './harness.js';
import { findResult } from './launch.js';
import { formatScenario, type ScenarioResult } from './report.js';
import { FULL, TINY, type BenchSizes } from './sizes.js';

async function runScenario(id: number, sizes: BenchSizes, memory: MemorySampler): Promise<ScenarioResult> {
  // Imported here, not at the top: a scenario's process loads only its own contenders.
  switch (id) {
    case 1:
      return (await import('./scenario-cached.js')).scenarioTwoRules(sizes.twoRules, memory);
    case 2:
      return (await import('./scenario-cached.js')).scenarioManyRules(sizes.manyRules, memory);
    case 3:
      return (await import('./scenario-cold-start.js')).scenarioColdStart(sizes.coldStart, memory);
    case 4:
      return (await import('./scenario-sustained.js')).scenarioSustained(sizes.sustained, memory);
    case 5:
      return (await import('./scenario-load.js')).scenarioLoad(sizes.load, memory, cold);
    default:
      throw new Error(`no scenario ${id}`);
  }
}

function coldRunsGiven(): ColdRun[] | undefined {
  const file = process.env[COLD_FILE_ENV];
  if (!file) return undefined;
  const report = findResult<ColdReport>(readFileSync(file, 'utf8'));
  if (report === undefined) throw new Error(`${file} holds no cold-load result`);
  return report.runs;
}

const id = Number(process.argv[2]);
const cold = id === 5 ? coldRunsGiven() : undefined;
const memory = new MemorySampler().start();
try {
  const result = await runScenario(id, process.argv[3] === 'tiny' ? TINY : FULL, memory);
  // Scenario 5 without handed-over cold loads started them itself and waited for each.
  const waitedMB = id === 5 && cold === undefined ? (result.extra.coldPeakMB ?? 0) : 0;
  const report: ChildReport = { result, peakMB: processPeakMB(), grandchildPeakMB: waitedMB };
  const waited = report.grandchildPeakMB
    ? ` (+ ${report.grandchildPeakMB.toFixed(0)} MB for the fresh processes it waited for)`
    : '';
  process.stdout.write(
    `${formatScenario(result)}\npeak RSS of the scenario's process ${report.peakMB.toFixed(0)} MB${waited}\n`,
  );
  process.stdout.write(`${RESULT_PREFIX}${encodeResult(report)}\n`);
} finally {
  memory.stop();
}
