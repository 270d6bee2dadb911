// Scenario 1: one auto rule ("any schedule") and one escalation rule, on-call data cached, against
// json-rules-engine rules written by hand and Cedar policies doing the same work.
import type { MemorySampler } from '../harness.js';
import type { Scenario } from '../report.js';
import { runCached, type CachedSizes } from '../side-by-side.js';
import { twoRuleWorld } from '../world.js';

export type TwoRulesSizes = CachedSizes & { schedules: number };

export const scenario: Scenario<TwoRulesSizes> = {
  id: 1,
  sizes: {
    full: { schedules: 10, requests: 1000, warmup: 1000, warmupMs: 1000, rounds: 7, perRound: 1000, oursRepeat: 2 },
    tiny: { schedules: 3, requests: 40, warmup: 5, warmupMs: 0, rounds: 2, perRound: 40, oursRepeat: 1 },
  },
  run: (sizes: TwoRulesSizes, memory: MemorySampler) =>
    runCached({
      id: 1,
      name: '(1) one auto rule + one escalation rule, cached',
      world: twoRuleWorld({ requests: sizes.requests, schedules: sizes.schedules }),
      sizes,
      memory,
    }),
};
