// The last step of `npm run bench` (bench/run.sh): reads what each process of the run reported, checks
// the targets (PASS/MISS), prints them with the whole bench's peak memory, and writes bench/results.json.
//
//   node .bench/bench/summary.js DIR [--markdown] [--no-results] [--v8-flags "FLAGS"] [--shell-peak-kb N]
//
// DIR holds one `<id>.out` per scenario that was asked for (the scenario process's stdout; no `RESULT`
// line means it failed) and `cold.out` when scenario 5 ran. A scenario that failed is reported loudly and
// its targets are MISS; the exit code is then 1.
//
// The whole bench's peak memory is an upper bound, from the kernel's maxRSS of every process (so no spike
// between samples is missed): run.sh's shell, plus the largest of the processes it ran one at a time
// (a scenario's process and any it waited for; cold-child's writer; cold-child with its largest cold
// load; this process).
import { join } from 'node:path';
import { processPeakMB } from './harness.js';
import { packageRoot } from './launch.js';
import { describeMachine, formatMarkdown, formatTargets, toResultsFile, writeResults } from './report.js';
import { readRunOutputs } from './summary-read.js';
import { checkTargets } from './targets.js';

async function main(argv: string[]): Promise<number> {
  const dir = argv[0];
  if (!dir)
    throw new Error('usage: summary.js DIR [--markdown] [--no-results] [--v8-flags "FLAGS"] [--shell-peak-kb N]');
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const v8Flags = (option('--v8-flags') ?? '').split(/\s+/).filter(Boolean);
  const shellKb = Number(option('--shell-peak-kb'));
  const shellMB = Number.isFinite(shellKb) ? shellKb / 1024 : Number.NaN;

  const run = await readRunOutputs(dir);
  // This process runs alone, after every other: it is one more candidate for the largest.
  const selfMB = processPeakMB();
  const largestMB = Math.max(run.largestMB, selfMB);
  const largest = selfMB > run.largestMB ? `this summary process (${selfMB.toFixed(0)} MB)` : run.largest;
  const peak = shellMB + largestMB;
  // A peak is known only when every process reported its own; a failed one may have been the largest.
  const unknown = [...run.unaccounted, ...(Number.isNaN(shellMB) ? ["run.sh's shell"] : [])];

  const machine = describeMachine();
  console.log(`# summary: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${machine.platform}`);
  console.log(
    v8Flags.length > 0
      ? `scenario processes ran with ${v8Flags.join(' ')}`
      : `scenario processes ran with node's default heap sizing (--v8-defaults)`,
  );
  for (const id of run.failed) console.log(`scenario (${id}) FAILED: it reported no result (its output is above)`);
  const targets = checkTargets(run.results, peak).filter(
    (t) => t.scenario === 'all' || run.ran.includes(Number(t.scenario)),
  );
  // The whole bench is all five scenarios: a partial run's peak says so.
  const partial = [1, 2, 3, 4, 5].some((id) => !run.ran.includes(id));
  for (const t of targets) {
    if (t.scenario !== 'all') continue;
    if (unknown.length > 0) {
      t.measured = `not measurable: no peak reported by ${unknown.join(', ')}`;
      t.pass = false;
    }
    if (partial) t.measured += ` (only scenario${run.ran.length === 1 ? '' : 's'} ${run.ran.join(', ')} ran)`;
  }
  console.log(`\n${formatTargets(targets)}`);
  console.log(
    unknown.length > 0
      ? `\npeak RSS of the whole bench: unknown, because ${unknown.join(', ')} reported no peak; of the others, the largest was ${largest}.`
      : `\npeak RSS of the whole bench: at most ${peak.toFixed(0)} MB = run.sh's shell ${shellMB.toFixed(1)} MB + ` +
          `the largest process it waited for, ${largest}. The processes ran one at a time; npm, when it started ` +
          `the run, is not counted (README "Memory").`,
  );
  if (argv.includes('--markdown')) console.log(`\n${formatMarkdown(run.results)}`);
  if (argv.includes('--no-results')) {
    console.log('bench/results.json left as it was (--no-results)');
    return run.failed.length > 0 ? 1 : 0;
  }
  const resultsPath = join(packageRoot(), 'bench', 'results.json');
  await writeResults(resultsPath, {
    ...toResultsFile(machine, run.results, peak, targets),
    ...(Number.isNaN(shellMB) ? {} : { shellPeakMB: Math.round(shellMB * 10) / 10 }),
    largestProcessMB: Math.round(largestMB * 10) / 10,
    scenarioV8Flags: v8Flags,
  });
  console.log(`results written to ${resultsPath}`);
  return run.failed.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
