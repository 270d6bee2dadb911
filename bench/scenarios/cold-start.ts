// Scenario 3: cold start. Default routing ("any schedule" auto-approval), 200 schedules behind the
// simulator with 20 ms latency per call, a fresh provider each trial (empty cache). Measures the time from
// `decide` to the first decision for a requestor on call for exactly one schedule, placed at different
// positions of the account's schedule list (first, ..., last), and the API calls one cold start costs once
// the background lookups have settled. A requestor on call nowhere is timed too: that decision must wait
// for every schedule.
//
// Scenario 11 is the same against PagerDuty: the same schedules, each paged by its own escalation policy
// and service (world.ts pagerDutyData), behind the PagerDuty simulator with the same latency. There "any
// schedule" reads the account's on-calls and its schedule list, page after page, whatever the position.
import type { AccessRequest } from '../api.js';
import { timeOnce, summarise, type MemorySampler } from '../harness.js';
import { startBackend, type Backend, type ProviderKind } from '../ours.js';
import type { Scenario, ScenarioResult } from '../report.js';
import { BENCH_NOW, makeSchedules, prng, REVIEWERS, type BenchSchedule } from '../world.js';

export interface ColdStartSizes {
  schedules: number;
  latencyMs: number;
  pageSize: number;
  /** Positions of the requestor's schedule probed, spread from the first to the last of the list. */
  positions: number;
  /** The slowest position again with this many fetches at once, to show what the setting buys. */
  alternativeParallelism: number;
}

const requestFor = (email: string): AccessRequest => ({
  requestor: { email },
  resource: { service: 'aws', accessType: 'permission-set' },
  reason: 'INC-1 cold start',
});

/** Wait until the simulator has seen no call for `quietMs` (the background lookups are done). */
async function settle(sim: Backend, quietMs: number, maxMs = 30_000): Promise<void> {
  const start = Date.now();
  let last = sim.calls.total;
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 10));
    if (sim.calls.total !== last) {
      last = sim.calls.total;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  throw new Error(`cold start: API calls still arriving after ${maxMs} ms`);
}

interface Trial {
  label: string;
  /** The provider's parallelism setting; undefined = its default. */
  parallelism?: number;
  ms: number;
  decision: string;
  calls: number;
  /** The calls by API path, for the notes. */
  byPath: string;
}

/** PagerDuty records a lookup of the two-minute window around `now` reads: the on-calls overlapping it. */
function pagerDutyRecords(schedules: BenchSchedule[], now: Date): number {
  const from = now.getTime() - 120_000;
  const to = now.getTime() + 120_000;
  return schedules.flatMap((s) => s.entries).filter((e) => Date.parse(e.start_at) < to && Date.parse(e.end_at) > from)
    .length;
}

async function run(kind: ProviderKind, sizes: ColdStartSizes, memory: MemorySampler): Promise<ScenarioResult> {
  memory.reset();
  const now = BENCH_NOW;
  const clock = () => now;
  const schedules = makeSchedules(sizes.schedules, 300, now, prng(11));
  // One dedicated requestor per probed position, on call for that schedule only.
  const positions = Array.from({ length: sizes.positions }, (_, k) =>
    Math.round((k * (sizes.schedules - 1)) / Math.max(1, sizes.positions - 1)),
  );
  for (const p of positions) {
    schedules[p]!.entries.push({
      start_at: new Date(now.getTime() - 3_600_000).toISOString(),
      end_at: new Date(now.getTime() + 3_600_000).toISOString(),
      user: { id: `UCOLD${p}`, name: `Cold ${p}`, email: `cold-${p}@example.com` },
    });
  }
  const sim = await startBackend(kind, schedules, {
    latencyMs: sizes.latencyMs,
    pageSize: sizes.pageSize,
    now: clock,
  });
  const trials: Trial[] = [];
  let defaultParallelism = 0;
  try {
    const run = async (label: string, email: string, expected: string, parallelism?: number): Promise<void> => {
      await settle(sim, Math.max(50, sizes.latencyMs * 5));
      sim.calls.reset();
      // Fresh provider and engine: nothing cached, no connection reused from an earlier trial's provider.
      const provider = sim.provider(clock, parallelism === undefined ? {} : { parallelism });
      if (parallelism === undefined) defaultParallelism = provider.settings.parallelism;
      const engine = sim.engine(undefined, provider, REVIEWERS, clock);
      const { ms, value } = await timeOnce(() => engine.decide(requestFor(email)));
      if (value.decision !== expected) {
        throw new Error(
          `cold start: ${email} (${label}) was ${value.decision}, expected ${expected}: ${value.reasons.join('; ')}`,
        );
      }
      await settle(sim, Math.max(50, sizes.latencyMs * 5));
      memory.sample();
      trials.push({
        label,
        ...(parallelism === undefined ? {} : { parallelism }),
        ms,
        decision: value.decision,
        calls: sim.calls.total,
        byPath: Object.entries(sim.calls.byPath)
          .map(([path, n]) => `${n} ${path}`)
          .join(', '),
      });
    };
    for (const p of positions)
      await run(`on call for schedule #${p + 1} of ${sizes.schedules}`, `cold-${p}@example.com`, 'approved');
    // Default routing leaves a requestor on call nowhere waiting for a security reviewer.
    await run('on call nowhere', 'nobody@example.com', 'pending');
    // What the parallelism setting buys: the slowest position again, with more fetches at once.
    const last = positions[positions.length - 1]!;
    await run(
      `on call for schedule #${last + 1} of ${sizes.schedules}`,
      `cold-${last}@example.com`,
      'approved',
      sizes.alternativeParallelism,
    );
  } finally {
    await sim.close();
  }

  // The targets judge the default settings; the alternative-parallelism trial is context.
  const onCall = trials.filter((t) => t.decision === 'approved' && t.parallelism === undefined);
  const alternative = trials.find((t) => t.parallelism !== undefined)!;
  const sortedMs = onCall.map((t) => t.ms).sort((a, b) => a - b);
  const m = summarise(
    'ours: first decision (on-call requestor)',
    Float64Array.from(onCall, (t) => t.ms * 1e6),
    onCall.reduce((s, t) => s + t.ms * 1e6, 0),
  );
  const page = Math.min(sizes.pageSize, 100);
  const listPages = Math.ceil(sizes.schedules / page);
  // incident.io: the schedule list, then one entries call per schedule. PagerDuty: the account's on-calls
  // and the schedule list, page by page (no schedule here is outside every escalation policy).
  const onCallPages = Math.ceil(pagerDutyRecords(schedules, now) / page);
  const callBudget = kind === 'incidentio' ? sizes.schedules + listPages : onCallPages + listPages;
  const budgetWords =
    kind === 'incidentio'
      ? `${sizes.schedules} entry calls + ${listPages} list pages = ${callBudget}`
      : `${onCallPages} pages of on-calls + ${listPages} pages of schedules = ${callBudget}`;
  const providerName = kind === 'incidentio' ? 'incident.io' : 'PagerDuty';
  const maxCalls = Math.max(...trials.map((t) => t.calls));
  const nowhere = trials.find((t) => t.decision !== 'approved')!;
  const settingOf = (t: Trial) => `parallelism ${t.parallelism ?? `${defaultParallelism} (default)`}`;
  return {
    id: kind === 'incidentio' ? 3 : 11,
    name: `(${kind === 'incidentio' ? 3 : 11}) cold start, ${providerName}: ${sizes.schedules} schedules, ${sizes.latencyMs} ms latency, "any schedule"`,
    decisionsPerSecond: m.decisionsPerSecond,
    p50us: m.p50us,
    p99us: m.p99us,
    peakMB: memory.peakMB(),
    apiCalls: maxCalls,
    ratios: {},
    extra: {
      firstDecisionMsMedian: sortedMs[Math.floor((sortedMs.length - 1) / 2)]!,
      firstDecisionMsMin: sortedMs[0]!,
      firstDecisionMsMax: sortedMs[sortedMs.length - 1]!,
      notOnCallDecisionMs: nowhere.ms,
      alternativeParallelism: sizes.alternativeParallelism,
      alternativeFirstDecisionMsMax: alternative.ms,
      callBudget,
      listPages,
    },
    rows: [m],
    notes: [
      ...trials.map(
        (t) =>
          `  ${t.label.padEnd(34)} ${settingOf(t).padEnd(26)} ${t.decision.padEnd(8)} in ${t.ms.toFixed(0).padStart(4)} ms; ` +
          `calls ${t.calls} (${t.byPath})`,
      ),
      `call budget per cold start: ${budgetWords} (simulator page size ${sizes.pageSize}, provider asks for 100).`,
    ],
  };
}

export const COLD_START_SIZES = {
  full: { schedules: 200, latencyMs: 20, pageSize: 100, positions: 5, alternativeParallelism: 8 },
  tiny: { schedules: 6, latencyMs: 0, pageSize: 4, positions: 2, alternativeParallelism: 3 },
};

export const scenario: Scenario<ColdStartSizes> = {
  id: 3,
  sizes: COLD_START_SIZES,
  run: (sizes, memory) => run('incidentio', sizes, memory),
};

/** Scenario 11: the same cold start against PagerDuty. */
export const pagerDutyScenario: Scenario<ColdStartSizes> = {
  id: 11,
  sizes: COLD_START_SIZES,
  run: (sizes, memory) => run('pagerduty', sizes, memory),
};
