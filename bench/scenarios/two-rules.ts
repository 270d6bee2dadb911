// Scenario 1: one auto rule ("any schedule") and one escalation rule, on-call data cached, against
// json-rules-engine rules written by hand and Cedar policies doing the same work. Scenario 10 is the same
// with the on-call data from PagerDuty (the same schedules, each paged by its own service).
import type { MemorySampler } from '../harness.js';
import type { Scenario } from '../report.js';
import { runCached, type CachedSizes } from '../side-by-side.js';
import { onPagerDuty, twoRuleWorld } from '../world.js';

export type TwoRulesSizes = CachedSizes & { schedules: number };

const TWO_RULES_SIZES = {
  full: { schedules: 10, requests: 1000, warmup: 1000, warmupMs: 1000, rounds: 7, perRound: 1000, oursRepeat: 2 },
  tiny: { schedules: 3, requests: 40, warmup: 5, warmupMs: 0, rounds: 2, perRound: 40, oursRepeat: 1 },
};

/** Scenario 10: scenario 1 with PagerDuty answering. */
export const pagerDutyScenario: Scenario<TwoRulesSizes> = {
  id: 10,
  sizes: TWO_RULES_SIZES,
  run: (sizes: TwoRulesSizes, memory: MemorySampler) =>
    runCached({
      id: 10,
      name: '(10) one auto rule + one escalation rule, cached, PagerDuty',
      world: onPagerDuty(twoRuleWorld({ requests: sizes.requests, schedules: sizes.schedules })),
      sizes,
      memory,
      provider: 'pagerduty',
    }),
};

export const scenario: Scenario<TwoRulesSizes> = {
  id: 1,
  sizes: TWO_RULES_SIZES,
  run: (sizes: TwoRulesSizes, memory: MemorySampler) =>
    runCached({
      id: 1,
      name: '(1) one auto rule + one escalation rule, cached',
      world: twoRuleWorld({ requests: sizes.requests, schedules: sizes.schedules }),
      sizes,
      memory,
    }),
};
