// Scenario 5: parse, validate and compile a 500-rule routing file, as `validate`/`evaluate` do at start.
// "Cold" is timed in a fresh process (load-once.ts), where nothing has parsed YAML or validated anything
// yet, as when a user's command starts; "warm" is the steady cost of loading in a running host.
// One fresh process is one sample of a machine shared with other work, so the cold figure is the median of
// `coldRuns` fresh processes (the slowest is reported too).
import { compileRules } from '../plugin/compile/compile.js';
import { loadRoutingText } from '../plugin/routing/load.js';
import { coldLoads, type ColdRun } from './cold-load.js';
import { summarise, timeOnce, type MemorySampler } from './harness.js';
import type { ScenarioResult } from './report.js';
import type { BenchSizes } from './sizes.js';
import { loadScenarioYaml } from './world.js';

function loadAndCompile(yaml: string): { rules: number; loadMs: number; compileMs: number } {
  const t0 = process.hrtime.bigint();
  const loaded = loadRoutingText(yaml, 'bench-rules.yaml');
  const t1 = process.hrtime.bigint();
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `the generated routing file does not load: ${errors[0]!.file}:${errors[0]!.line}:${errors[0]!.column}: ${errors[0]!.message}`,
    );
  }
  compileRules(loaded.rules);
  const t2 = process.hrtime.bigint();
  return { rules: loaded.rules.length, loadMs: Number(t1 - t0) / 1e6, compileMs: Number(t2 - t1) / 1e6 };
}

/**
 * `given`: the cold loads, when the caller ran them already (`npm run bench` does, from its own process, see
 * cold-load.ts); without it this process starts them itself and waits for them.
 */
export async function scenarioLoad(
  sizes: BenchSizes['load'],
  memory: MemorySampler,
  given?: ColdRun[],
): Promise<ScenarioResult> {
  memory.reset();
  const yaml = loadScenarioYaml(sizes);
  const coldRuns = given === undefined ? await coldLoads(yaml, sizes.coldRuns) : [...given];
  if (coldRuns.length === 0) throw new Error('load: no cold run');
  coldRuns.sort((a, b) => a.ms - b.ms);
  const coldRun = coldRuns[(coldRuns.length - 1) >> 1]!;
  const coldMax = coldRuns[coldRuns.length - 1]!;
  const cold = { ms: coldRun.ms, value: coldRun };
  const samples = new Float64Array(sizes.iterations);
  let loadTotal = 0;
  let compileTotal = 0;
  let wall = 0;
  for (let i = 0; i < sizes.iterations; i++) {
    const { ms, value } = await timeOnce(() => loadAndCompile(yaml));
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
      // The cold processes' peak (scenario-child.ts counts it as its own wait when it started them).
      coldPeakMB: Math.max(...coldRuns.map((r) => r.peakMB)),
      coldParseValidateMs: cold.value.loadMs,
      coldCompileMs: cold.value.compileMs,
      warmParseValidateMs: loadTotal / n,
      warmCompileMs: compileTotal / n,
      yamlBytes: yaml.length,
    },
    rows: [m],
    notes: [
      `${cold.value.rules} rules, ${(yaml.length / 1024).toFixed(0)} KiB of YAML. "decisions/s" here means files loaded per second.`,
      `first (cold) load in a fresh process, median of ${coldRuns.length} processes: ${cold.ms.toFixed(1)} ms (parse + validate ${cold.value.loadMs.toFixed(1)} ms, ` +
        `compile ${cold.value.compileMs.toFixed(1)} ms; slowest ${coldMax.ms.toFixed(1)} ms). Module loading is not included (the routing validators are compiled ahead of time).`,
      `warm loads: parse + validate ${(loadTotal / n).toFixed(1)} ms, compile ${(compileTotal / n).toFixed(1)} ms on average over ${sizes.iterations}.`,
    ],
  };
}
