// Scenario 5's cold loads, run by bench/run.sh before scenario 5's own process starts, so that a fresh
// cold-load process never shares the machine with a scenario's process (the whole bench's peak memory is
// the sum of the processes alive at once). Prints one line per fresh process, then `RESULT <json>`
// (a ColdReport), which run.sh hands to scenario 5's process through BENCH_COLD_FILE.
//
//   node .bench/bench/cold-child.js [tiny]
import { encodeResult, RESULT_PREFIX, type ColdReport } from './child-protocol.js';
import { coldLoads, loadWorldYaml } from './cold-load.js';
import { processPeakMB } from './harness.js';
import { FULL, TINY } from './sizes.js';

const sizes = (process.argv[2] === 'tiny' ? TINY : FULL).load;
const runs = await coldLoads(loadWorldYaml(sizes), sizes.coldRuns);
for (const [i, r] of runs.entries()) {
  process.stdout.write(`cold load ${i + 1} of ${runs.length}: ${r.ms.toFixed(1)} ms (parse + validate ${r.loadMs.toFixed(1)}, compile ${r.compileMs.toFixed(1)}), peak RSS ${r.peakMB.toFixed(0)} MB\n`);
}
const report: ColdReport = { runs, peakMB: processPeakMB() };
process.stdout.write(`${RESULT_PREFIX}${encodeResult(report)}\n`);
