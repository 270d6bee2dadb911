// What the bench's processes (scenario-child.ts, cold-child.ts) hand back, on one line of their stdout.
import type { ColdRun } from './cold-load.js';
import type { ScenarioResult } from './report.js';

export const RESULT_PREFIX = 'RESULT ';

/** Where scenario 5's process finds the output of cold-child.ts, when run.sh ran the cold loads before it. */
export const COLD_FILE_ENV = 'BENCH_COLD_FILE';

/** JSON has no NaN or Infinity; a measurement may hold them (a scenario with nothing timed). */
export function encodeResult(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v,
  );
}

export function decodeResult<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && '$number' in v ? Number((v as { $number: string }).$number) : v,
  ) as T;
}

export interface ChildReport {
  result: ScenarioResult;
  /** This process's peak resident memory (the kernel's maxRSS), MB. */
  peakMB: number;
  /** The largest peak of a process this one started and waited for (0 if none), MB. */
  grandchildPeakMB: number;
}

/** What cold-child.ts reports: scenario 5's cold loads and its own peak (it waits for each of them). */
export interface ColdReport {
  runs: ColdRun[];
  /** cold-child's own peak resident memory, MB (each cold run's peak is in `runs`). */
  peakMB: number;
}
