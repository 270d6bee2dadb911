// `npm run bench`: every scenario of the benchmark, one table each, the targets as PASS/MISS, and
// bench/results.json. A scenario that fails (a baseline disagreeing with us, a wrong decision) is reported
// loudly and its targets are MISS; the other scenarios still run.
//
//   npm run bench                  all scenarios
//   npm run bench -- 1 2           only scenarios 1 and 2
//   npm run bench -- --markdown    also print the README table
import { fileURLToPath } from 'node:url';
import { MemorySampler, processPeakMB } from './harness.js';
import { describeMachine, formatMarkdown, formatScenario, formatTargets, toResultsFile, writeResults, type ScenarioResult } from './report.js';
import { scenarioManyRules, scenarioTwoRules } from './scenario-cached.js';
import { scenarioColdStart } from './scenario-cold-start.js';
import { scenarioLoad } from './scenario-load.js';
import { scenarioSustained } from './scenario-sustained.js';
import { FULL, type BenchSizes } from './sizes.js';
import { checkTargets } from './targets.js';

type Scenario = (sizes: BenchSizes, memory: MemorySampler) => Promise<ScenarioResult>;

// Load runs first: its cold figure is the first routing file this process ever loads.
const SCENARIOS: Array<[number, Scenario]> = [
  [5, (s, m) => scenarioLoad(s.load, m)],
  [1, (s, m) => scenarioTwoRules(s.twoRules, m)],
  [2, (s, m) => scenarioManyRules(s.manyRules, m)],
  [3, (s, m) => scenarioColdStart(s.coldStart, m)],
  [4, (s, m) => scenarioSustained(s.sustained, m)],
];

export async function runBench(options: {
  sizes?: BenchSizes;
  only?: number[];
  log?: (text: string) => void;
  resultsPath?: string;
  markdown?: boolean;
}): Promise<{ results: ScenarioResult[]; failed: number[] }> {
  const sizes = options.sizes ?? FULL;
  const log = options.log ?? ((text: string) => console.log(text));
  const machine = describeMachine();
  log(`# oncall-approval benchmark\n${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${machine.platform}\n`);
  // What the process holds before any scenario: node, tsx's loader thread, and the modules of every contender.
  const startMB = process.memoryUsage.rss() / (1024 * 1024);
  const memory = new MemorySampler().start();
  const results: ScenarioResult[] = [];
  const failed: number[] = [];
  try {
    for (const [id, scenario] of SCENARIOS) {
      if (options.only && options.only.length > 0 && !options.only.includes(id)) continue;
      const t0 = Date.now();
      try {
        const result = await scenario(sizes, memory);
        results.push(result);
        log(`${formatScenario(result)}\n(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      } catch (error) {
        failed.push(id);
        log(`## scenario (${id}) FAILED\n${(error as Error).stack ?? String(error)}\n`);
      }
    }
  } finally {
    memory.stop();
  }
  results.sort((a, b) => a.id - b.id);
  const peak = Math.max(memory.peakMB(), processPeakMB());
  const targets = checkTargets(results, peak).filter(
    (t) => !options.only || options.only.length === 0 || t.scenario === 'all' || options.only.includes(Number(t.scenario)),
  );
  log(formatTargets(targets));
  log(`\npeak RSS of the whole bench: ${peak.toFixed(0)} MB (RSS before the first scenario: ${startMB.toFixed(0)} MB)`);
  if (options.markdown) log(`\n${formatMarkdown(results)}`);
  if (options.resultsPath) {
    await writeResults(options.resultsPath, { ...toResultsFile(machine, results, peak, targets), startMB: Math.round(startMB * 10) / 10 });
    log(`results written to ${options.resultsPath}`);
  }
  return { results, failed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const only = args.filter((a) => /^[1-5]$/.test(a)).map(Number);
  const { failed } = await runBench({
    only,
    markdown: args.includes('--markdown'),
    resultsPath: fileURLToPath(new URL('./results.json', import.meta.url)),
  });
  // Misses are results, not errors; a scenario that could not run is.
  process.exitCode = failed.length > 0 ? 1 : 0;
}
