// One cold load in a fresh process, for scenario 5: nothing has parsed YAML or validated anything
// before, as when `oncall-approval validate` or a host starts. Prints {rules, loadMs, compileMs, peakMB} as JSON
// (peakMB: this process's peak resident memory). Started by cold-load.ts; by hand:
//
//   node .bench/bench/load-once.js FILE     (after `npx tsc -p tsconfig.bench.json`, as the bench runs it)
//   npx tsx bench/load-once.ts FILE
import { readFile } from 'node:fs/promises';
import { compileRules } from '../plugin/compile/compile.js';
import { loadRoutingText } from '../plugin/routing/load.js';

const file = process.argv[2];
if (!file) throw new Error('usage: load-once.ts FILE');
const text = await readFile(file, 'utf8');
const t0 = process.hrtime.bigint();
const loaded = loadRoutingText(text, file);
const t1 = process.hrtime.bigint();
if (loaded.problems.some((p) => p.severity === 'error')) throw new Error(`${file} does not load`);
compileRules(loaded.rules);
const t2 = process.hrtime.bigint();
const peakMB = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({
    rules: loaded.rules.length,
    loadMs: Number(t1 - t0) / 1e6,
    compileMs: Number(t2 - t1) / 1e6,
    peakMB,
  }),
);
