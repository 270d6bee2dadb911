// Scenarios 1 and 2: decisions with the on-call data already cached, side by side with the baselines.
// The provider is the real incident.io (or PagerDuty) provider in front of its simulator; the clock is fixed, so after
// the warm-up every lookup is a cache hit and the timings are the decision path alone.
import type { AccessRequest, LoadedRule, OnCallProvider } from './api.js';
import { createCedarBaseline } from './baselines/cedar.js';
import { createJreBaseline } from './baselines/jre.js';
import { assertAgreement, describeMix, type Decider, type DecisionKind } from './baselines/outcome.js';
import { compare, ratio, type Contender, type MemorySampler } from './harness.js';
import { loadRules, startBackend, type ProviderKind } from './ours.js';
import type { ScenarioResult } from './report.js';
import { BASELINE_CEDAR, BASELINE_JRE } from './targets.js';
import type { BenchWorld } from './world.js';

export interface CachedSizes {
  requests: number;
  warmup: number;
  /** Minimum warm-up time per contender. */
  warmupMs: number;
  rounds: number;
  /** Inputs walked in every round (at most `requests`): a baseline passes once, ours `oursRepeat` times. */
  perRound: number;
  oursRepeat: number;
}

export type ExtraBaseline = Decider & { note: string; stride?: number };

export interface ExtraBaselineContext {
  world: BenchWorld;
  rules: LoadedRule[];
  provider: OnCallProvider;
  clock: () => Date;
}

export interface CachedScenario {
  id: number;
  name: string;
  world: BenchWorld;
  sizes: CachedSizes;
  memory: MemorySampler;
  /** Who answers the on-call lookups; default incident.io. */
  provider?: ProviderKind;
  /** Extra baselines beyond (a) and (b), timed in the same rounds. */
  extraBaselines?: (ctx: ExtraBaselineContext) => ExtraBaseline[];
}

export async function runCached(s: CachedScenario): Promise<ScenarioResult> {
  const { world, sizes, memory } = s;
  s.memory.reset();
  const rules = loadRules(world.yaml);
  const clock = () => world.now;
  const sim = await startBackend(s.provider ?? 'incidentio', world.schedules);
  try {
    const provider = sim.provider(clock);
    const engine = sim.engine(rules, provider, world.reviewers, clock);
    const requests = world.requests;
    const at = (i: number): AccessRequest => requests[i % requests.length]!;
    const ours: Decider = {
      name: 'ours',
      decide: async (r) => (await engine.decide(r)).decision as DecisionKind,
    };
    const jre = createJreBaseline(world.rules, world.onCall, world.reviewers);
    const cedar = createCedarBaseline(world.rules, world.onCall, world.reviewers);
    const extras = s.extraBaselines === undefined ? [] : s.extraBaselines({ world, rules, provider, clock });
    const baselines: Decider[] = [
      { name: BASELINE_JRE, decide: (r) => jre.decide(r) },
      { name: BASELINE_CEDAR, decide: (r) => cedar.decide(r) },
      ...extras,
    ];
    // Also the warm-up of our cache: the first pass fetches every schedule once.
    const mix = await assertAgreement(s.name, requests, ours, baselines);
    const callsBeforeTiming = sim.calls.total;

    const contenders: Contender[] = [
      { name: 'ours', op: (i) => engine.decide(at(i)), repeat: sizes.oursRepeat },
      { name: `(a) ${BASELINE_JRE}`, op: (i) => jre.decide(at(i)) },
      { name: `(b) ${BASELINE_CEDAR}`, op: (i) => cedar.decide(at(i)) },
      ...extras.map((b) => ({
        name: b.name,
        op: (i: number) => b.decide(at(i)),
        ...(b.stride ? { stride: b.stride } : {}),
      })),
    ];
    const rows = await compare(contenders, {
      warmup: sizes.warmup,
      warmupMs: sizes.warmupMs,
      rounds: sizes.rounds,
      perRound: sizes.perRound,
      memory,
    });
    const callsDuringTiming = sim.calls.total - callsBeforeTiming;
    if (callsDuringTiming !== 0) {
      throw new Error(
        `${s.name}: ${callsDuringTiming} API calls during the timed loop; the cache should have served every lookup`,
      );
    }
    const [oursRow, ...baseRows] = rows;
    const ratios: Record<string, number> = {
      [BASELINE_JRE]: ratio(oursRow!, baseRows[0]!),
      [BASELINE_CEDAR]: ratio(oursRow!, baseRows[1]!),
    };
    extras.forEach((b, k) => (ratios[b.name] = ratio(oursRow!, baseRows[2 + k]!)));
    return {
      id: s.id,
      name: s.name,
      decisionsPerSecond: oursRow!.decisionsPerSecond,
      p50us: oursRow!.p50us,
      p99us: oursRow!.p99us,
      peakMB: memory.peakMB(),
      apiCalls: sim.calls.total,
      ratios,
      extra: { rules: world.rules.length, requests: requests.length, ...mix },
      rows,
      notes: [
        `${world.rules.length} routing rules, ${world.schedules.length} schedules, ${requests.length} distinct requests; all contenders agreed on every one.`,
        describeMix(mix),
        `API calls: all made while warming the cache before timing (none during the timed loop).`,
        ...extras.map((b) => `${b.name}: ${b.note}`),
      ],
    };
  } finally {
    await sim.close();
  }
}
