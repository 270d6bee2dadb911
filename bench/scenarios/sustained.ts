// Scenario 4: sustained load. 100,000 decisions spread evenly over 10 simulated minutes (the injected clock
// advances with each decision), with many decisions in flight at once, against the simulator. Counts the
// API calls: the cache should hold them to one fetch of each schedule (plus the list) per cache life,
// whatever the decision rate.
import { createLocalProvider, type AccessRequest } from '../api.js';
import type { DecisionKind } from '../baselines/outcome.js';
import { summarise, type MemorySampler } from '../harness.js';
import { createEngine, createProvider, loadRules, startWorldSimulator } from '../ours.js';
import type { Scenario, ScenarioResult } from '../report.js';
import { generateWorld } from '../world.js';

export interface SustainedSizes {
  decisions: number;
  simulatedMs: number;
  /** Decisions in flight at once. */
  concurrency: number;
  rules: number;
  services: number;
  schedules: number;
  latencyMs: number;
}

async function run(sizes: SustainedSizes, memory: MemorySampler): Promise<ScenarioResult> {
  memory.reset();
  const world = generateWorld({
    rules: sizes.rules,
    services: sizes.services,
    schedules: sizes.schedules,
    users: 300,
    requests: 1000,
    seed: 99,
  });
  const rules = loadRules(world.yaml);
  const start = world.now.getTime();
  let simNow = start;
  const clock = () => new Date(simNow);
  // Who is on call does not change within these 10 minutes, so every decision must equal the one reached
  // from the schedules themselves, read locally (no API, no cache); anything else means a stale or failed
  // lookup. The decision logic is held to Cedar and json-rules-engine in scenarios 1 and 2; here it is the
  // fetching and caching that is under test (and Cedar's WebAssembly would double this process's memory).
  const truth = createEngine(
    rules,
    createLocalProvider({ file: 'bench world', schedules: world.schedules }),
    world.reviewers,
    () => world.now,
  );
  const expected: DecisionKind[] = [];
  for (const r of world.requests) expected.push((await truth.decide(r)).decision as DecisionKind);

  const sim = await startWorldSimulator(world.schedules, { latencyMs: sizes.latencyMs, now: clock });
  try {
    const provider = createProvider(sim.url, clock);
    const engine = createEngine(rules, provider, world.reviewers, clock);
    const cacheLifeMs = provider.settings.cacheLifeMs;
    const pageSize = provider.settings.schedulesPageSize;
    const samples = new Float64Array(sizes.decisions);
    const mismatches: string[] = [];
    let next = 0;
    const stepMs = sizes.simulatedMs / sizes.decisions;

    const worker = async (): Promise<void> => {
      while (next < sizes.decisions) {
        const i = next++;
        simNow = start + Math.floor(i * stepMs);
        const request: AccessRequest = world.requests[i % world.requests.length]!;
        const t0 = process.hrtime.bigint();
        const decision = await engine.decide(request, { now: new Date(simNow) });
        samples[i] = Number(process.hrtime.bigint() - t0);
        const want = expected[i % expected.length]!;
        if (decision.decision !== want && mismatches.length < 5) {
          mismatches.push(
            `#${i} at +${((simNow - start) / 1000).toFixed(1)} s: ${decision.decision}, expected ${want} (${decision.reasons.join('; ')})`,
          );
        }
        if ((i & 1023) === 0) memory.sample();
      }
    };
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: sizes.concurrency }, worker));
    const wall = Number(process.hrtime.bigint() - t0);
    if (mismatches.length > 0) {
      throw new Error(`sustained: decisions differ from the on-call truth:\n${mismatches.join('\n')}`);
    }

    const lives = Math.ceil(sizes.simulatedMs / cacheLifeMs);
    const listPages = Math.ceil(sizes.schedules / pageSize);
    const budget = lives * (sizes.schedules + listPages);
    const m = summarise(`ours: ${sizes.concurrency} in flight`, samples, wall);
    const entryCalls = sim.calls.byPath['/v2/schedule_entries'] ?? 0;
    const listCalls = sim.calls.byPath['/v2/schedules'] ?? 0;
    const stats = provider.stats();
    return {
      id: 4,
      name: `(4) sustained: ${sizes.decisions.toLocaleString('en-US')} decisions over ${sizes.simulatedMs / 60_000} simulated minutes`,
      decisionsPerSecond: m.decisionsPerSecond,
      p50us: m.p50us,
      p99us: m.p99us,
      peakMB: memory.peakMB(),
      apiCalls: sim.calls.total,
      ratios: {},
      extra: {
        callBudget: budget,
        cacheLives: lives,
        entryCalls,
        listCalls,
        cacheHits: stats.cacheHits,
        sharedWaits: stats.sharedWaits,
      },
      rows: [m],
      notes: [
        `${world.rules.length} rules, ${sizes.schedules} schedules, ${sizes.latencyMs} ms simulated API latency, ` +
          `clock advancing ${stepMs.toFixed(1)} ms per decision; p50/p99 include waiting behind other in-flight decisions.`,
        `API calls ${sim.calls.total} (${entryCalls} entry, ${listCalls} list) against a budget of ${lives} cache lives × ` +
          `(${sizes.schedules} schedules + ${listPages} list page) = ${budget}; cache hits ${stats.cacheHits}, shared in-flight waits ${stats.sharedWaits}.`,
        `every decision matched the on-call truth for its request.`,
      ],
    };
  } finally {
    await sim.close();
  }
}

export const scenario: Scenario<SustainedSizes> = {
  id: 4,
  sizes: {
    full: {
      decisions: 100_000,
      simulatedMs: 10 * 60_000,
      concurrency: 32,
      rules: 500,
      services: 50,
      schedules: 40,
      latencyMs: 20,
    },
    tiny: {
      decisions: 300,
      simulatedMs: 150_000,
      concurrency: 4,
      rules: 20,
      services: 5,
      schedules: 4,
      latencyMs: 0,
    },
  },
  run,
};
