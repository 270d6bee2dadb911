// Every target of the bench, judged from the scenarios' figures. A target whose scenario did not produce a
// result (it failed, or has never run) is a MISS: nothing is assumed.
import { fmtRatio, machineLabel, type Machine, type ScenarioResult, type TargetCheck } from './report.js';

export const BASELINE_JRE = 'json-rules-engine';
/** Scenario 2's third baseline (baselines/jre-compiled.ts). */
export const BASELINE_JRE_COMPILED = 'json-rules-engine, compiled rules + plugin';
export const BASELINE_CEDAR = 'cedar';

/** A scenario's figures as judged: fresh from a child, or read back from bench/results.json. */
export type JudgedScenario = Omit<ScenarioResult, 'rows' | 'notes'> & { machine?: Machine; date?: string };

const x = (n: number): string =>
  `${fmtRatio(n)} (${n < 1 ? `${(1 / n).toFixed(1)}x faster` : `${n.toFixed(2)}x slower`})`;
const ms = (v: number): string => (v < 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(0)} ms`);

export function checkTargets(results: JudgedScenario[]): TargetCheck[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const checks: TargetCheck[] = [];
  const check = (id: number, target: string, measure: (r: JudgedScenario) => { measured: string; pass: boolean }) => {
    const r = byId.get(id);
    if (r === undefined) {
      checks.push({ scenario: String(id), target, measured: 'scenario did not run to completion', pass: false });
      return;
    }
    const measuredOn = r.machine === undefined ? {} : { measuredOn: machineLabel(r.machine, r.date) };
    try {
      checks.push({ scenario: String(id), target, ...measure(r), ...measuredOn });
    } catch (error) {
      const measured = `not measurable: ${(error as Error).message}`;
      checks.push({ scenario: String(id), target, measured, pass: false, ...measuredOn });
    }
  };
  const ratioOf = (r: JudgedScenario, baseline: string): number => {
    const v = r.ratios[baseline];
    if (v === undefined || !Number.isFinite(v)) throw new Error(`no ratio against ${baseline}`);
    return v;
  };
  const extra = (r: JudgedScenario, key: string): number => {
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
  /** The scenario's API calls at most its `callBudget`. */
  const callsWithinBudget = (id: number, target: string, note = '') =>
    check(id, target, (r) => {
      const budget = extra(r, 'callBudget');
      const calls = r.apiCalls ?? Number.NaN;
      return { measured: `${calls} calls (budget ${budget}${note})`, pass: calls <= budget };
    });
  /** A figure of `extra` that is a multiple of another (same run), at most `max`. */
  const multipleAtMost = (id: number, target: string, key: string, base: string, max: number, what: string) =>
    check(id, target, (r) => {
      const v = extra(r, key);
      const b = extra(r, base);
      const times = v / b;
      // A timed-out run is a lower bound: "at least".
      const atLeast = r.extra[`${key}TimedOut`] === 1 ? 'at least ' : '';
      return {
        measured: `${atLeast}${times.toFixed(2)}x (${atLeast}${ms(v)} against ${ms(b)} ${what})`,
        pass: times <= max,
      };
    });

  // Scenarios 10 and 11 are 1 and 3 with PagerDuty answering: the same targets, since a cached answer is a
  // cached answer, and a cold start pays the same latency per call (PagerDuty needs fewer calls).
  for (const id of [1, 10]) {
    ratioAtMost(id, 'within 1.3x of json-rules-engine (ours ÷ baseline ≤ 1.3)', BASELINE_JRE, 1.3);
    ratioAtMost(id, 'at least 2x faster than Cedar (ours ÷ cedar ≤ 0.5)', BASELINE_CEDAR, 0.5);
  }
  check(2, 'at least 10,000 decisions/s on one core', (r) => {
    const v = r.decisionsPerSecond ?? Number.NaN;
    return { measured: `${Math.round(v).toLocaleString('en-US')}/s`, pass: v >= 10_000 };
  });
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
  for (const id of [3, 11]) {
    check(id, 'first decision under 400 ms (slowest on-call position)', (r) => {
      const v = extra(r, 'firstDecisionMsMax');
      return { measured: `${ms(v)} (median ${ms(extra(r, 'firstDecisionMsMedian'))})`, pass: v < 400 };
    });
  }
  callsWithinBudget(3, 'at most 200 entry calls plus the list pages', ', most in one cold start');
  callsWithinBudget(11, 'at most the on-call pages plus the schedule list pages', ', most in one cold start');
  callsWithinBudget(4, 'API calls at most (schedules + list pages) per cache life');
  check(5, 'parse, validate and compile 500 rules under 300 ms (cold: first load of a fresh process, median)', (r) => {
    const v = extra(r, 'loadColdMs');
    return {
      measured: `${ms(v)} cold (median of ${extra(r, 'coldRuns')} processes, slowest ${ms(extra(r, 'loadColdMaxMs'))}), ${ms((r.p50us ?? Number.NaN) / 1000)} warm p50`,
      pass: v < 300,
    };
  });
  check(6, 'engine with 500 rules and 200 cached schedules retains under 50 MB of heap above an empty process', (r) => {
    const v = extra(r, 'retainedAboveEmptyMB');
    return {
      measured: `${v.toFixed(1)} MB (modules ${extra(r, 'modulesMB').toFixed(1)} MB, rules + engine + cache ${extra(r, 'dataMB').toFixed(1)} MB)`,
      pass: v < 50,
    };
  });
  multipleAtMost(
    7,
    '`validate` of one small routing file at most 2x a bare `node -e 0`',
    'validateMs',
    'bareNodeMs',
    2,
    'bare node, medians',
  );
  multipleAtMost(
    7,
    '`evaluate` on the README Quick start at most 3x a bare `node -e 0`',
    'evaluateMs',
    'bareNodeMs',
    3,
    'bare node, medians',
  );
  multipleAtMost(
    8,
    'schedules file of 4,000 entries with YAML anchors/aliases within 1.5x of the same data without',
    'anchorsMs',
    'plainMs',
    1.5,
    'without anchors',
  );
  check(8, 'schedules file of 10,000 entries read under 1 s (the slower of with and without anchors)', (r) => {
    const withAnchors = extra(r, 'largeAnchorsMs');
    const plain = extra(r, 'largePlainMs');
    const atLeast = (key: string) => (r.extra[`${key}TimedOut`] === 1 ? 'at least ' : '');
    const slower = withAnchors >= plain ? 'largeAnchorsMs' : 'largePlainMs';
    const v = Math.max(withAnchors, plain);
    return {
      measured: `${atLeast(slower)}${ms(v)} (with anchors ${atLeast('largeAnchorsMs')}${ms(withAnchors)}, without ${atLeast('largePlainMs')}${ms(plain)})`,
      pass: v < 1000,
    };
  });
  check(
    9,
    'host path, a fresh Engine per request, 500 routing rules over 50 services: at least 1,000 decisions/s',
    (r) => {
      const v = extra(r, 'singleRulePerSecond');
      const n = (key: string) => Math.round(extra(r, key)).toLocaleString('en-US');
      const share = (key: string) => extra(r, key).toPrecision(2);
      return {
        measured:
          `${n('singleRulePerSecond')}/s single-rule mode (${share('singleRuleShareOfApprovalEngine')} of createApprovalEngine's ${n('approvalEnginePerSecond')}/s); ` +
          `service's rules ${n('servicePerSecond')}/s (${share('serviceShareOfApprovalEngine')}), every rule ${n('everyRulePerSecond')}/s (${share('everyRuleShareOfApprovalEngine')})`,
        pass: v >= 1_000,
      };
    },
  );
  // By scenario, each scenario's targets in the order above.
  return checks.sort((a, b) => Number(a.scenario) - Number(b.scenario));
}
