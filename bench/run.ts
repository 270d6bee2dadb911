// `npm run bench`: every scenario of the benchmark, one table each, the targets as PASS/MISS, and
// bench/results.json. A scenario that fails (a baseline disagreeing with us, a wrong decision) is reported
// loudly and its targets are MISS; the other scenarios still run.
//
//   npm run bench                  all scenarios
//   npm run bench -- 1 2           only scenarios 1 and 2
//   npm run bench -- --markdown    also print the README table
//   npm run bench -- --heap-cap=96 run each scenario's process with --max-old-space-size=96 (see README)
//
// Each scenario runs in its own process (scenario-child.ts), one after the other: it loads only its own
// contenders, and its garbage cannot inflate the next scenario. The whole bench's peak memory is reported
// as an upper bound: this process's peak plus the largest peak of one scenario's processes (a scenario's
// process and, in scenario 5, the fresh process of a cold load, which it waits for). Peaks are the
// kernel's maxRSS of each process, so a spike between samples is not missed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeResult, RESULT_PREFIX, type ChildReport } from './child-protocol.js';
import { processPeakMB } from './harness.js';
import { describeMachine, formatMarkdown, formatScenario, formatTargets, toResultsFile, writeResults, type ScenarioResult } from './report.js';
import { checkTargets } from './targets.js';

// Load runs first, as it always has (its cold figure comes from fresh processes either way).
const ORDER = [5, 1, 2, 3, 4];

const CHILD = fileURLToPath(new URL('./scenario-child.ts', import.meta.url));

/** Runs one scenario in a fresh node (with tsx, as this process runs); its stderr goes to ours. */
export function runScenarioProcess(id: number, options: { tiny?: boolean; heapCapMB?: number } = {}): Promise<ChildReport> {
  const args = [
    ...(options.heapCapMB ? [`--max-old-space-size=${options.heapCapMB}`] : []),
    '--import',
    'tsx',
    CHILD,
    String(id),
    ...(options.tiny ? ['tiny'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) resolve(decodeResult<ChildReport>(line.slice(RESULT_PREFIX.length)));
      else reject(new Error(`scenario (${id}) process ended with ${signal ?? `exit code ${code}`}${out.trim() ? `:\n${out.trim()}` : ''}`));
    });
  });
}

export async function runBench(options: {
  tiny?: boolean;
  only?: number[];
  log?: (text: string) => void;
  resultsPath?: string;
  markdown?: boolean;
  heapCapMB?: number;
}): Promise<{ results: ScenarioResult[]; failed: number[]; peakMB: number }> {
  const log = options.log ?? ((text: string) => console.log(text));
  const machine = describeMachine();
  log(`# oncall-approval benchmark\n${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${machine.platform}`);
  log(options.heapCapMB ? `each scenario's process runs with --max-old-space-size=${options.heapCapMB}\n` : 'no heap cap\n');
  const startMB = process.memoryUsage.rss() / (1024 * 1024);
  const results: ScenarioResult[] = [];
  const failed: number[] = [];
  let scenarioPeakMB = 0;
  for (const id of ORDER) {
    if (options.only && options.only.length > 0 && !options.only.includes(id)) continue;
    const t0 = Date.now();
    try {
      const report = await runScenarioProcess(id, options);
      const tree = report.peakMB + report.grandchildPeakMB;
      scenarioPeakMB = Math.max(scenarioPeakMB, tree);
      results.push(report.result);
      log(`${formatScenario(report.result)}`);
      log(`peak RSS of the scenario's process ${report.peakMB.toFixed(0)} MB${report.grandchildPeakMB ? ` (+ ${report.grandchildPeakMB.toFixed(0)} MB for the fresh process it waited for)` : ''}`);
      log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    } catch (error) {
      failed.push(id);
      log(`## scenario (${id}) FAILED\n${(error as Error).message}\n`);
    }
  }
  results.sort((a, b) => a.id - b.id);
  const parentPeakMB = processPeakMB();
  const peak = parentPeakMB + scenarioPeakMB;
  const targets = checkTargets(results, peak).filter(
    (t) => !options.only || options.only.length === 0 || t.scenario === 'all' || options.only.includes(Number(t.scenario)),
  );
  log(formatTargets(targets));
  log(
    `\npeak RSS of the whole bench: at most ${peak.toFixed(0)} MB = this process ${parentPeakMB.toFixed(0)} MB ` +
      `(${startMB.toFixed(0)} MB at start) + the largest scenario ${scenarioPeakMB.toFixed(0)} MB` +
      (options.heapCapMB ? ` (scenario processes capped at --max-old-space-size=${options.heapCapMB})` : ''),
  );
  if (options.markdown) log(`\n${formatMarkdown(results)}`);
  if (options.resultsPath) {
    await writeResults(options.resultsPath, {
      ...toResultsFile(machine, results, peak, targets),
      startMB: Math.round(startMB * 10) / 10,
      parentPeakMB: Math.round(parentPeakMB * 10) / 10,
      scenarioPeakMB: Math.round(scenarioPeakMB * 10) / 10,
      ...(options.heapCapMB ? { heapCapMB: options.heapCapMB } : {}),
    });
    log(`results written to ${options.resultsPath}`);
  }
  return { results, failed, peakMB: peak };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const only = args.filter((a) => /^[1-5]$/.test(a)).map(Number);
  const cap = args.find((a) => a.startsWith('--heap-cap='));
  const { failed } = await runBench({
    only,
    markdown: args.includes('--markdown'),
    heapCapMB: cap ? Number(cap.slice('--heap-cap='.length)) : undefined,
    resultsPath: fileURLToPath(new URL('./results.json', import.meta.url)),
  });
  // Misses are results, not errors; a scenario that could not run is.
  process.exitCode = failed.length > 0 ? 1 : 0;
}
