// Scenario 5: parse, validate and compile a 500-rule routing file, as `validate`/`evaluate` do at start.
// "Cold" is timed in a fresh process (the probe below), where nothing has parsed YAML or validated anything
// yet, as when a user's command starts: the timed part is `loadRoutingText` + `compileRules`, so it includes
// V8 compiling and optimising the parser and validators, but not module loading. One fresh process is one
// sample of a machine shared with other work, so the cold figure is the median of `coldRuns` processes (the
// slowest is reported too). "Warm" is the steady cost of loading in a running host.
//
// One cold load by hand, e.g. for a CPU profile (after `npx tsc -p tsconfig.bench.json`):
//   node --cpu-prof --cpu-prof-dir=/tmp/prof .bench/bench/child.js probe 5 FILE
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRules, loadRoutingText } from '../api.js';
import { summarise, timeOnce, type MemorySampler } from '../harness.js';
import { runBenchChild } from '../protocol.js';
import type { Scenario, ScenarioResult } from '../report.js';
import { loadScenarioYaml } from '../world.js';

export interface LoadSizes {
  rules: number;
  services: number;
  schedules: number;
  /** Warm loads in this process. */
  iterations: number;
  /** Fresh processes timed for the cold load (the median is the figure). */
  coldRuns: number;
}

/** What one cold-load process reports. */
export interface ColdRun {
  rules: number;
  loadMs: number;
  compileMs: number;
  /** The fresh process's peak resident memory (kernel maxRSS), MB. */
  peakMB: number;
  ms: number;
}

function loadAndCompile(yaml: string, file: string): { rules: number; loadMs: number; compileMs: number } {
  const t0 = process.hrtime.bigint();
  const loaded = loadRoutingText(yaml, file);
  const t1 = process.hrtime.bigint();
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const e = errors[0]!;
    throw new Error(`the generated routing file does not load: ${e.file}:${e.line}:${e.column}: ${e.message}`);
  }
  compileRules(loaded.rules);
  const t2 = process.hrtime.bigint();
  return { rules: loaded.rules.length, loadMs: Number(t1 - t0) / 1e6, compileMs: Number(t2 - t1) / 1e6 };
}

/** The fresh process: `probe 5 FILE` loads and compiles FILE once. */
async function probe([file]: string[]): Promise<ColdRun> {
  if (!file) throw new Error('usage: probe 5 FILE');
  const text = await readFile(file, 'utf8');
  const r = loadAndCompile(text, file);
  return { ...r, ms: r.loadMs + r.compileMs, peakMB: process.resourceUsage().maxRSS / 1024 };
}

async function run(sizes: LoadSizes, memory: MemorySampler): Promise<ScenarioResult> {
  memory.reset();
  const yaml = loadScenarioYaml(sizes);
  const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-'));
  const coldRuns: ColdRun[] = [];
  try {
    const file = join(dir, 'bench-rules.yaml');
    await writeFile(file, yaml);
    // One at a time: two fresh processes at once would share two cores with each other.
    for (let i = 0; i < Math.max(1, sizes.coldRuns); i++) {
      coldRuns.push((await runBenchChild<ColdRun>(['probe', '5', file], { timeoutMs: 60_000 })).result);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const byTime = [...coldRuns].sort((a, b) => a.ms - b.ms);
  const cold = byTime[(byTime.length - 1) >> 1]!;
  const coldMax = byTime[byTime.length - 1]!;
  const samples = new Float64Array(sizes.iterations);
  let loadTotal = 0;
  let compileTotal = 0;
  let wall = 0;
  for (let i = 0; i < sizes.iterations; i++) {
    const { ms, value } = await timeOnce(() => loadAndCompile(yaml, 'bench-rules.yaml'));
    samples[i] = ms * 1e6;
    wall += ms * 1e6;
    loadTotal += value.loadMs;
    compileTotal += value.compileMs;
    memory.sample();
  }
  const m = summarise('ours: load + compile', samples, wall);
  const n = Math.max(1, sizes.iterations);
  return {
    id: 5,
    name: `(5) load: parse, validate and compile ${sizes.rules} rules`,
    // One "decision" here is one whole file loaded and compiled.
    decisionsPerSecond: m.decisionsPerSecond,
    p50us: m.p50us,
    p99us: m.p99us,
    peakMB: memory.peakMB(),
    ratios: {},
    extra: {
      loadColdMs: cold.ms,
      loadColdMaxMs: coldMax.ms,
      coldRuns: coldRuns.length,
      coldPeakMB: Math.max(...coldRuns.map((r) => r.peakMB)),
      coldParseValidateMs: cold.loadMs,
      coldCompileMs: cold.compileMs,
      warmParseValidateMs: loadTotal / n,
      warmCompileMs: compileTotal / n,
      yamlBytes: yaml.length,
    },
    rows: [m],
    notes: [
      ...coldRuns.map(
        (r, i) =>
          `cold load ${i + 1} of ${coldRuns.length}: ${r.ms.toFixed(1)} ms (parse + validate ${r.loadMs.toFixed(1)}, compile ${r.compileMs.toFixed(1)}), peak RSS ${r.peakMB.toFixed(0)} MB`,
      ),
      `${cold.rules} rules, ${(yaml.length / 1024).toFixed(0)} KiB of YAML. "decisions/s" here means files loaded per second.`,
      `first (cold) load in a fresh process, median of ${coldRuns.length} processes: ${cold.ms.toFixed(1)} ms (parse + validate ${cold.loadMs.toFixed(1)} ms, ` +
        `compile ${cold.compileMs.toFixed(1)} ms; slowest ${coldMax.ms.toFixed(1)} ms). Module loading is not included.`,
      `warm loads: parse + validate ${(loadTotal / n).toFixed(1)} ms, compile ${(compileTotal / n).toFixed(1)} ms on average over ${sizes.iterations}.`,
    ],
  };
}

export const scenario: Scenario<LoadSizes> = {
  id: 5,
  sizes: {
    full: { rules: 500, services: 50, schedules: 20, iterations: 15, coldRuns: 5 },
    tiny: { rules: 20, services: 5, schedules: 4, iterations: 2, coldRuns: 1 },
  },
  run,
  probe,
};
