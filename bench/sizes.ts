// How much work each scenario does. `FULL` is `npm run bench` (sized so the whole bench takes a couple of
// minutes on 2 cores); `TINY` is the smoke test in spec/bench, which only proves the scenarios run.

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

export interface BenchSizes {
  twoRules: CachedSizes & { schedules: number };
  manyRules: CachedSizes & { rules: number; services: number; schedules: number; users: number };
  /** `alternativeParallelism`: also time the slowest position with this many fetches at once (8: the default before it became 32). */
  coldStart: {
    schedules: number;
    latencyMs: number;
    pageSize: number;
    positions: number;
    alternativeParallelism: number;
  };
  sustained: {
    decisions: number;
    simulatedMs: number;
    concurrency: number;
    rules: number;
    services: number;
    schedules: number;
    latencyMs: number;
  };
  /** `coldRuns`: fresh processes timed for the cold load (the median is the figure). */
  load: { rules: number; services: number; schedules: number; iterations: number; coldRuns: number };
}

export const FULL: BenchSizes = {
  twoRules: { schedules: 10, requests: 1000, warmup: 1000, warmupMs: 1000, rounds: 7, perRound: 1000, oursRepeat: 2 },
  manyRules: {
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
  coldStart: { schedules: 200, latencyMs: 20, pageSize: 100, positions: 5, alternativeParallelism: 8 },
  sustained: {
    decisions: 100_000,
    simulatedMs: 10 * 60_000,
    concurrency: 32,
    rules: 500,
    services: 50,
    schedules: 40,
    latencyMs: 20,
  },
  load: { rules: 500, services: 50, schedules: 20, iterations: 15, coldRuns: 5 },
};

export const TINY: BenchSizes = {
  twoRules: { schedules: 3, requests: 40, warmup: 5, warmupMs: 0, rounds: 2, perRound: 40, oursRepeat: 1 },
  manyRules: {
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
  coldStart: { schedules: 6, latencyMs: 0, pageSize: 4, positions: 2, alternativeParallelism: 3 },
  sustained: {
    decisions: 300,
    simulatedMs: 150_000,
    concurrency: 4,
    rules: 20,
    services: 5,
    schedules: 4,
    latencyMs: 0,
  },
  load: { rules: 20, services: 5, schedules: 4, iterations: 2, coldRuns: 1 },
};
