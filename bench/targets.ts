// The issue's targets, checked against a run's results. A target whose scenario did not produce a result
// (it failed, or was skipped) is a MISS: nothing is assumed.
import { fmtRatio, type ScenarioResult, type TargetCheck } from './report.js';

export const BASELINE_JRE = 'json-rules-engine';
/** The scenario-2 baseline of baseline-jre-compiled.ts. */
export const BASELINE_JRE_COMPILED = 'json-rules-engine, compiled rules + plugin';
export const BASELINE_CEDAR = 'cedar';

const x = (n: number): string =>
  `${fmtRatio(n)} (${n < 1 ? `${(1 / n).toFixed(1)}x faster` : `${n.toFixed(2)}x slower`})`;

export function checkTargets(results: ScenarioResult[], wholePeakMB: number): TargetCheck[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const checks: TargetCheck[] = [];
  const check = (id: number, target: string, measure: (r: ScenarioResult) => { measured: string; pass: boolean }) => {
    const r = byId.get(id);
    if (r === undefined) {
      checks.push({ scenario: String(id), target, measured: 'scenario did not run to completion', pass: false });
      return;
    }
    try {
      checks.push({ scenario: String(id), target, ...measure(r) });
    } catch (error) {
      checks.push({
        scenario: String(id),
        target,
        measured: `not measurable: ${(error as Error).message}`,
        pass: false,
      });
    }
  };
  const ratioOf = (r: ScenarioResult, baseline: string): number => {
    const v = r.ratios[baseline];
    if (v === undefined || !Number.isFinite(v)) throw new Error(`no ratio against ${baseline}`);
    return v;
  };
  const extra = (r: ScenarioResult, key: string): number => {
    const v = r.extra[key];
    if (v === undefined || !Number.isFinite(v)) throw new Error(`no ${key}`);
    return v;
  };

  /** Ours ÷ baseline at most `max`. */
  const ratioAtMost = (id: number, target: string, baseline: string, max: number) =>
    check(id, target, (r) => {
      const v = ratioOf(r, baseline);
      return { measured: x(v), pass: v <= max };
    });

  ratioAtMost(1, 'within 1.3x of json-rules-engine (ours ÷ baseline ≤ 1.3)', BASELINE_JRE, 1.3);
  ratioAtMost(1, 'at least 2x faster than Cedar (ours ÷ cedar ≤ 0.5)', BASELINE_CEDAR, 0.5);
  check(2, 'at least 10,000 decisions/s on one core', (r) => ({
    measured: `${Math.round(r.decisionsPerSecond).toLocaleString('en-US')}/s`,
    pass: r.decisionsPerSecond >= 10_000,
  }));
  ratioAtMost(
    2,
    'at least 20x faster than one json-rules-engine Engine with all 500 compiled rules (ratio ≤ 0.05)',
    BASELINE_JRE_COMPILED,
    0.05,
  );
  ratioAtMost(
    2,
    'same against (a), the 500 rules hand-written for json-rules-engine (ratio ≤ 0.05)',
    BASELINE_JRE,
    0.05,
  );
  check(3, 'first decision under 400 ms (slowest on-call position)', (r) => {
    const v = extra(r, 'firstDecisionMsMax');
    return {
      measured: `${v.toFixed(0)} ms (median ${extra(r, 'firstDecisionMsMedian').toFixed(0)} ms)`,
      pass: v < 400,
    };
  });
  /** The scenario's API calls at most its `callBudget`. */
  const callsWithinBudget = (id: number, target: string, note = '') =>
    check(id, target, (r) => {
      const budget = extra(r, 'callBudget');
      const calls = r.apiCalls ?? Number.NaN;
      return { measured: `${calls} calls (budget ${budget}${note})`, pass: calls <= budget };
    });
  callsWithinBudget(3, 'at most 200 entry calls plus the list pages', ', most in one cold start');
  callsWithinBudget(4, 'API calls at most (schedules + list pages) per cache life');
  check(5, 'parse, validate and compile 500 rules under 300 ms (cold: first load of a fresh process, median)', (r) => {
    const v = extra(r, 'loadColdMs');
    return {
      measured: `${v.toFixed(0)} ms cold (median of ${extra(r, 'coldRuns')} processes, slowest ${extra(r, 'loadColdMaxMs').toFixed(0)} ms), ${r.p50us / 1000 < 10 ? (r.p50us / 1000).toFixed(1) : (r.p50us / 1000).toFixed(0)} ms warm p50`,
      pass: v < 300,
    };
  });
  checks.push({
    scenario: 'all',
    target: 'peak memory of the whole bench (run.sh and every process it starts) under 200 MB',
    measured: `${wholePeakMB.toFixed(0)} MB`,
    pass: wholePeakMB < 200,
  });
  return checks;
}
