// The one entry point of every process the bench starts (protocol.ts starts it):
//
//   child.js scenario ID [tiny]   run scenario ID in this process; print its table, then RESULT <ChildReport>
//   child.js probe ID ARGS...     the fresh-process side of scenario ID (a cold load, a heap probe, a file
//                                 read); print RESULT <what the scenario's probe returns>
//
// A scenario gets a process of its own so that what one scenario leaves behind (heap, garbage, optimised
// code, Cedar's WebAssembly) cannot change the next one's figures, and its peak memory is its own.
//
//   node .bench/bench/child.js scenario 2      (after `npx tsc -p tsconfig.bench.json`)
//   node --import tsx bench/child.ts scenario 2 tiny
import { scenarioEntry } from './catalog.js';
import { MemorySampler, processPeakMB } from './harness.js';
import { printResult } from './protocol.js';
import { loadavg } from 'node:os';
import { describeMachine, formatScenario, type ChildReport } from './report.js';

async function main([mode, idText, ...rest]: string[]): Promise<void> {
  const id = Number(idText);
  if (mode !== 'scenario' && mode !== 'probe') throw new Error('usage: child.js scenario ID [tiny] | probe ID ARGS...');
  const scenario = await scenarioEntry(id).load();
  if (mode === 'probe') {
    if (scenario.probe === undefined) throw new Error(`scenario ${id} has no probe`);
    printResult(await scenario.probe(rest));
    return;
  }
  const loadAtStart = loadavg()[0]!;
  const memory = new MemorySampler().start();
  try {
    const result = await scenario.run(rest[0] === 'tiny' ? scenario.sizes.tiny : scenario.sizes.full, memory);
    const report: ChildReport = {
      result,
      processPeakMB: processPeakMB(),
      machine: describeMachine(),
      date: new Date().toISOString(),
      loadAverage: [loadAtStart, loadavg()[0]!],
    };
    const load = report.loadAverage.map((l) => l.toFixed(1)).join(' -> ');
    process.stdout.write(
      `${formatScenario(result)}\npeak RSS of the scenario's process ${report.processPeakMB.toFixed(0)} MB; ` +
        `machine load (1-min average) ${load} on ${report.machine.cores} cores\n`,
    );
    printResult(report);
  } finally {
    memory.stop();
  }
}

await main(process.argv.slice(2));
