// One scenario in its own process, for `npm run bench` (run.ts): only this scenario's contenders are loaded
// (Cedar's WebAssembly only where Cedar runs), and what one scenario leaves in the heap cannot inflate the
// next one's memory. Prints one line, `RESULT <json>`, with the scenario's result and this process's peak
// resident memory (plus the peak of any process it started, for scenario 5's cold loads).
//
//   node --import tsx bench/scenario-child.ts ID [tiny]
import { MemorySampler, processPeakMB } from './harness.js';
import { encodeResult, RESULT_PREFIX, type ChildReport } from './child-protocol.js';
import type { ScenarioResult } from './report.js';
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
      return (await import('./scenario-load.js')).scenarioLoad(sizes.load, memory);
    default:
      throw new Error(`no scenario ${id}`);
  }
}

const id = Number(process.argv[2]);
const memory = new MemorySampler().start();
try {
  const result = await runScenario(id, process.argv[3] === 'tiny' ? TINY : FULL, memory);
  const report: ChildReport = { result, peakMB: processPeakMB(), grandchildPeakMB: result.extra.childPeakMB ?? 0 };
  process.stdout.write(`${RESULT_PREFIX}${encodeResult(report)}\n`);
} finally {
  memory.stop();
}
