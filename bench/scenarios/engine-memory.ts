// Scenario 6: what the engine itself keeps in memory in a host: 500 routing rules loaded and compiled, the
// approval engine, and the incident.io provider's cache holding 200 schedules. Measured in a fresh process
// run with `--expose-gc` (the probe below): the heap after full collections, so garbage does not count, next
// to the same figure for an empty `node` process. The simulator serving the schedules runs here, in the
// scenario's process, so its copy of the data is not counted.
//
// "Retained" is V8's heap in use plus the memory it tracks outside the heap (`external`: buffers and the
// like), both after collection. The probe also reports its resident set (RSS), which includes code, the
// heap's unused reserve and node itself.
//
// By hand (after `npx tsc -p tsconfig.bench.json`): `node .bench/bench/child.js scenario 6`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessRequest } from '../api.js';
import { median, type MemorySampler } from '../harness.js';
import { runBenchChild, runProcess } from '../protocol.js';
import type { Scenario, ScenarioResult } from '../report.js';

export interface EngineMemorySizes {
  rules: number;
  services: number;
  schedules: number;
  users: number;
  requests: number;
  /** Probe processes (and empty processes); the median of each is the figure. */
  runs: number;
}

/** `process.memoryUsage()` in MB. */
export interface MemoryMB {
  heapUsed: number;
  external: number;
  rss: number;
}

interface Setup {
  yaml: string;
  requests: AccessRequest[];
  reviewers: string[];
  now: string;
  url: string;
}

export interface ProbeReport {
  /** Right after the process started (this module loaded; the package not yet). */
  start: MemoryMB;
  /** After importing the package. */
  imported: MemoryMB;
  /** After loading the rules, building the engine and filling the cache, with everything else dropped. */
  loaded: MemoryMB;
  rules: number;
  /** Schedules the provider answered from its cache on a second "any schedule" lookup. */
  cachedSchedules: number;
  /** Entry fetches the provider made in all (each schedule once when the cache holds). */
  entryFetches: number;
  decisions: number;
  peakMB: number;
}

const MB = 1024 * 1024;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('engine memory: run with --expose-gc');
  // Twice: the first pass can leave objects that only become unreachable once finalizers have run.
  gc();
  gc();
}

function usage(): MemoryMB {
  collect();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed / MB, external: m.external / MB, rss: m.rss / MB };
}

const retained = (m: MemoryMB): number => m.heapUsed + m.external;

/** What a host keeps alive: held here so the collector cannot take it before the measurement. */
const held: unknown[] = [];

/** The fresh process: `probe 6 SETUP.json`, run with --expose-gc. */
async function probe([setupFile]: string[]): Promise<ProbeReport> {
  if (!setupFile) throw new Error('usage: probe 6 SETUP.json');
  const start = usage();
  // The package, and the bench's thin wrapper over it, only now.
  const { createEngine, createProvider, loadRules } = await import('../ours.js');
  const imported = usage();

  let setup: Setup | undefined = JSON.parse(await readFile(setupFile, 'utf8')) as Setup;
  const now = new Date(setup.now);
  const clock = () => now;
  const rules = loadRules(setup.yaml);
  const provider = createProvider(setup.url, clock);
  const engine = createEngine(rules, provider, setup.reviewers, clock);
  const all = await provider.onCallAny(now);
  const failed = all.schedules.filter((s) => s.status !== 'answered');
  if (all.listFailure !== undefined || failed.length > 0) {
    throw new Error(`engine memory: lookups failed: ${all.listFailure ?? failed.map((s) => s.scheduleId).join(', ')}`);
  }
  // Every request decided once, so whatever the engine builds lazily is built.
  for (const r of setup.requests) await engine.decide(r);
  const before = provider.stats();
  const again = await provider.onCallAny(now);
  const after = provider.stats();
  const cachedSchedules = after.entryFetches === before.entryFetches ? again.schedules.length : 0;
  const decisions = setup.requests.length;
  held.push(engine, provider);
  setup = undefined;
  const loaded = usage();
  return {
    start,
    imported,
    loaded,
    rules: rules.length,
    cachedSchedules,
    entryFetches: after.entryFetches,
    decisions,
    peakMB: process.resourceUsage().maxRSS / 1024,
  };
}

/** An empty node process with the probe's flag: the floor every figure is measured above. */
async function emptyProcess(): Promise<MemoryMB> {
  const script =
    'gc();gc();const m=process.memoryUsage();' +
    'console.log(JSON.stringify({heapUsed:m.heapUsed/1048576,external:m.external/1048576,rss:m.rss/1048576}))';
  const run = await runProcess(process.execPath, ['--expose-gc', '-e', script], { timeoutMs: 30_000 });
  if (run.code !== 0) throw new Error(`engine memory: the empty process failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as MemoryMB;
}

async function run(sizes: EngineMemorySizes, memory: MemorySampler): Promise<ScenarioResult> {
  memory.reset();
  const { generateWorld } = await import('../world.js');
  const { startWorldSimulator } = await import('../ours.js');
  const world = generateWorld({
    rules: sizes.rules,
    services: sizes.services,
    schedules: sizes.schedules,
    users: sizes.users,
    requests: sizes.requests,
    seed: 6,
  });
  const sim = await startWorldSimulator(world.schedules);
  const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-'));
  const probes: ProbeReport[] = [];
  const empties: MemoryMB[] = [];
  try {
    const setup: Setup = {
      yaml: world.yaml,
      requests: world.requests,
      reviewers: world.reviewers,
      now: world.now.toISOString(),
      url: sim.url,
    };
    const file = join(dir, 'setup.json');
    await writeFile(file, JSON.stringify(setup));
    for (let i = 0; i < Math.max(1, sizes.runs); i++) {
      empties.push(await emptyProcess());
      const { result } = await runBenchChild<ProbeReport>(['probe', '6', file], {
        nodeFlags: ['--expose-gc'],
        timeoutMs: 120_000,
      });
      if (result.cachedSchedules !== sizes.schedules || result.entryFetches !== sizes.schedules) {
        throw new Error(
          `engine memory: the cache should hold all ${sizes.schedules} schedules, fetched once each; ` +
            `it answered ${result.cachedSchedules} from cache after ${result.entryFetches} entry fetches`,
        );
      }
      probes.push(result);
      memory.sample();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await sim.close();
  }
  const empty = median(empties.map(retained));
  const total = median(probes.map((p) => retained(p.loaded)));
  const modules = median(probes.map((p) => retained(p.imported) - retained(p.start)));
  const data = median(probes.map((p) => retained(p.loaded) - retained(p.imported)));
  const rssAbove = median(probes.map((p) => p.loaded.rss)) - median(empties.map((e) => e.rss));
  const heapOnly = median(probes.map((p) => p.loaded.heapUsed)) - median(empties.map((e) => e.heapUsed));
  const probeItself = median(probes.map((p) => retained(p.start))) - empty;
  const p = probes[0]!;
  return {
    id: 6,
    name: `(6) engine memory: ${sizes.rules} rules, ${sizes.schedules} cached schedules`,
    peakMB: memory.peakMB(),
    ratios: {},
    extra: {
      retainedAboveEmptyMB: total - empty,
      heapUsedAboveEmptyMB: heapOnly,
      modulesMB: modules,
      dataMB: data,
      probeItselfMB: probeItself,
      retainedMB: total,
      emptyProcessMB: empty,
      rssAboveEmptyMB: rssAbove,
      probePeakMB: median(probes.map((q) => q.peakMB)),
      runs: probes.length,
    },
    rows: [],
    notes: [
      `${p.rules} rules, ${sizes.schedules} schedules cached (each fetched once; a second "any schedule" lookup answered all ${p.cachedSchedules} from the cache), ${p.decisions} requests decided; median of ${probes.length} fresh processes.`,
      `retained after full GC (heap used + external): ${total.toFixed(1)} MB against ${empty.toFixed(1)} MB for an empty node process: ` +
        `${(total - empty).toFixed(1)} MB above it (heap alone ${heapOnly.toFixed(1)} MB): importing the package ${modules.toFixed(1)} MB, ` +
        `the rules, engine and cache ${data.toFixed(1)} MB, the probe's own bench modules ${probeItself.toFixed(1)} MB.`,
      `resident set: ${rssAbove.toFixed(0)} MB above an empty process after collection; the probe's peak RSS ${median(probes.map((q) => q.peakMB)).toFixed(0)} MB.`,
    ],
  };
}

export const scenario: Scenario<EngineMemorySizes> = {
  id: 6,
  sizes: {
    full: { rules: 500, services: 50, schedules: 200, users: 300, requests: 200, runs: 3 },
    tiny: { rules: 20, services: 5, schedules: 6, users: 20, requests: 20, runs: 1 },
  },
  run,
  probe,
};
