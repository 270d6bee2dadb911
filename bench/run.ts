// `npm run bench`: the bench's one entry point. After `tsc -p tsconfig.bench.json` has compiled plugin/ and
// bench/ to .bench/, it runs each scenario in a process of its own (child.ts), one after the other, prints
// their tables, judges every target (targets.ts) and writes bench/results.json.
//
//   npm run bench                    every scenario
//   npm run bench -- 1 2             only scenarios 1 and 2 (the others keep their figures in results.json)
//   npm run bench -- --markdown      also print the scenario tables as markdown
//   node .bench/bench/run.js --tiny  tiny sizes, bench/results.json untouched (the tests' smoke run)
//
// Exit code 1 when a scenario could not run (for example a baseline reaching another decision than ours);
// a missed target is a result, not an error. 2 for a usage error.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOG } from './catalog.js';
import { packageRoot, runBenchChild, ChildFailedError, withoutResult } from './protocol.js';
import {
  describeMachine,
  formatMarkdown,
  formatTargets,
  machineLabel,
  mergeScenarios,
  readRecordedScenarios,
  recordScenario,
  writeResults,
  type ChildReport,
} from './report.js';
import { checkTargets } from './targets.js';

const USAGE = `usage: run.js [SCENARIO...] [--markdown] [--tiny] [--no-results]; scenarios ${CATALOG.map((e) => e.id).join(', ')}`;

interface Options {
  ids: number[];
  markdown: boolean;
  tiny: boolean;
  writeResults: boolean;
}

function parseArgs(argv: string[]): Options | string {
  const ids: number[] = [];
  let markdown = false;
  let tiny = false;
  let write = true;
  for (const arg of argv) {
    if (arg === '--markdown') markdown = true;
    else if (arg === '--tiny') tiny = true;
    else if (arg === '--no-results') write = false;
    else if (/^\d+$/.test(arg) && CATALOG.some((e) => e.id === Number(arg))) ids.push(Number(arg));
    else return `bench: unknown argument '${arg}'; ${USAGE}`;
  }
  return {
    ids: ids.length === 0 ? CATALOG.map((e) => e.id) : [...new Set(ids)].sort((a, b) => a - b),
    markdown,
    tiny,
    // Tiny figures say nothing about speed: they never replace real ones.
    writeResults: write && !tiny,
  };
}

/** Runs scenario `id` in its own process; a test may hand in another. Rejects with ChildFailedError. */
export type ScenarioRunner = (id: number, tiny: boolean) => Promise<{ report: ChildReport; output: string }>;

const runInChild: ScenarioRunner = async (id, tiny) => {
  const { result, run } = await runBenchChild<ChildReport>(
    ['scenario', String(id), ...(tiny ? ['tiny'] : [])],
    // Generous: scenario 8 waits out slow reads; the others take a minute or two at most.
    { timeoutMs: 15 * 60_000, inheritStderr: true },
  );
  return { report: result, output: withoutResult(run.stdout) };
};

export interface RunDependencies {
  runScenario?: ScenarioRunner;
  resultsPath?: string;
  out?: (text: string) => void;
}

/** The whole bench; resolves to the exit code. */
export async function runBench(argv: string[], deps: RunDependencies = {}): Promise<number> {
  const runScenario = deps.runScenario ?? runInChild;
  const resultsPath = deps.resultsPath ?? join(packageRoot(), 'bench', 'results.json');
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const log = (line = '') => out(`${line}\n`);
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    return 2;
  }
  const machine = describeMachine();
  log(`# oncall-approval benchmark${options.tiny ? ' (tiny sizes)' : ''}`);
  log(`machine: ${machineLabel(machine)}, ${machine.platform}, ${machine.totalMemMB} MB`);
  log();

  const reports: ChildReport[] = [];
  const failed: number[] = [];
  for (const id of options.ids) {
    const start = Date.now();
    try {
      const { report, output } = await runScenario(id, options.tiny);
      out(output);
      reports.push(report);
    } catch (error) {
      if (!(error instanceof ChildFailedError)) throw error;
      out(withoutResult(error.run.stdout));
      log(`scenario (${id}) FAILED: ${error.message.split('\n')[0]}`);
      failed.push(id);
    }
    log(`(${Math.round((Date.now() - start) / 1000)} s)`);
    log();
  }

  const fresh = reports.map(recordScenario);
  // A partial run judges the other scenarios from their figures in results.json, each from its own run;
  // a scenario that failed now is not judged from an older figure.
  const previous = options.writeResults ? await readRecordedScenarios(resultsPath) : [];
  const judged = mergeScenarios(
    fresh,
    previous.filter((s) => !failed.includes(s.id)),
  );
  const ranNow = new Set(fresh.map((s) => s.id));
  const earlier = new Set(judged.filter((s) => !ranNow.has(s.id)).map((s) => String(s.id)));
  const targets = checkTargets(judged).filter((t) => options.writeResults || options.ids.includes(Number(t.scenario)));
  log(formatTargets(targets, earlier));
  if (options.markdown) log(`\n${formatMarkdown(reports.map((r) => r.result))}`);
  if (!options.writeResults) {
    log('\nbench/results.json left as it was');
  } else {
    await writeResults(resultsPath, { machine, date: new Date().toISOString(), scenarios: judged, targets });
    log(`\nresults written to ${resultsPath}`);
  }
  return failed.length > 0 ? 1 : 0;
}

// Run when started as a program, not when a test imports it.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runBench(process.argv.slice(2));
}
