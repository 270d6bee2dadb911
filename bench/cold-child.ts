// Scenario 5's cold loads, run by bench/run.sh before scenario 5's own process starts, so that a fresh
// cold-load process never shares the machine with a scenario's process (the whole bench's peak memory is
// the sum of the processes alive at once). Two steps, so the process that waits for the cold loads holds
// nothing but node: `write` generates scenario 5's routing file, prints `RESULT {peakMB}` and exits; `run` starts the fresh
// processes on it one at a time, prints one line per process, then `RESULT <json>` (a ColdReport), which
// run.sh hands to scenario 5's process through BENCH_COLD_FILE.
//
//   node .bench/bench/cold-child.js write FILE [tiny]
//   node .bench/bench/cold-child.js run FILE [tiny]
import { encodeResult, RESULT_PREFIX, type ColdReport } from './child-protocol.js';
import { processPeakMB } from './harness.js';
import { FULL, TINY } from './sizes.js';

const [step, file, size] = process.argv.slice(2);
if ((step !== 'write' && step !== 'run') || !file) throw new Error('usage: cold-child.js write|run FILE [tiny]');
const sizes = (size === 'tiny' ? TINY : FULL).load;

if (step === 'write') {
  // Imported only here: the generator and its YAML writer stay out of the waiting process.
  const { writeFile } = await import('node:fs/promises');
  const { loadScenarioYaml } = await import('./world.js');
  await writeFile(file, loadScenarioYaml(sizes));
  // Its peak counts too: it is one of the processes the bench runs one at a time.
  process.stdout.write(`${RESULT_PREFIX}${encodeResult({ peakMB: processPeakMB() })}\n`);
} else {
  const { coldLoadsOfFile } = await import('./cold-load.js');
  const runs = await coldLoadsOfFile(file, sizes.coldRuns);
  for (const [i, r] of runs.entries()) {
    process.stdout.write(
      `cold load ${i + 1} of ${runs.length}: ${r.ms.toFixed(1)} ms (parse + validate ${r.loadMs.toFixed(1)}, compile ${r.compileMs.toFixed(1)}), peak RSS ${r.peakMB.toFixed(0)} MB\n`,
    );
  }
  const report: ColdReport = { runs, peakMB: processPeakMB() };
  process.stdout.write(`${RESULT_PREFIX}${encodeResult(report)}\n`);
}
