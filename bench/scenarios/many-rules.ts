// Scenario 2: 500 generated routing rules over 50 services, on-call data cached, against the same rules
// hand-written for json-rules-engine, as Cedar policies, and as the compiled rules in one json-rules-engine
// Engine with our plugin installed (how a host could run the compiled output itself).
import { createJreCompiledBaseline } from '../baselines/jre-compiled.js';
import type { MemorySampler } from '../harness.js';
import type { Scenario } from '../report.js';
import { runCached, type CachedSizes, type ExtraBaseline, type ExtraBaselineContext } from '../side-by-side.js';
import { BASELINE_JRE_COMPILED } from '../targets.js';
import { generateWorld } from '../world.js';

export type ManyRulesSizes = CachedSizes & { rules: number; services: number; schedules: number; users: number };

function compiledRulesBaseline(ctx: ExtraBaselineContext): ExtraBaseline[] {
  const b = createJreCompiledBaseline(ctx.rules, ctx.provider, ctx.world.reviewers, ctx.clock);
  return [
    {
      name: BASELINE_JRE_COMPILED,
      decide: (r) => b.decide(r),
      // Tens of milliseconds a decision: time every 10th input of each round.
      stride: 10,
      note: `one json-rules-engine Engine holding all ${b.ruleCount} compiled rules (compileRules + installOnCallPlugin, same cached provider), run once per decision.`,
    },
  ];
}

export const scenario: Scenario<ManyRulesSizes> = {
  id: 2,
  sizes: {
    full: {
      rules: 500,
      services: 50,
      schedules: 20,
      users: 300,
      requests: 200,
      warmup: 20,
      warmupMs: 1000,
      rounds: 5,
      perRound: 200,
      oursRepeat: 15,
    },
    tiny: {
      rules: 30,
      services: 5,
      schedules: 4,
      users: 20,
      requests: 40,
      warmup: 2,
      warmupMs: 0,
      rounds: 2,
      perRound: 40,
      oursRepeat: 2,
    },
  },
  run: (sizes: ManyRulesSizes, memory: MemorySampler) =>
    runCached({
      id: 2,
      name: `(2) ${sizes.rules} routing rules, ${sizes.services} services, cached`,
      world: generateWorld({
        rules: sizes.rules,
        services: sizes.services,
        schedules: sizes.schedules,
        users: sizes.users,
        requests: sizes.requests,
      }),
      sizes,
      memory,
      extraBaselines: compiledRulesBaseline,
    }),
};
