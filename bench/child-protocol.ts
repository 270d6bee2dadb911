// What a scenario's process (scenario-child.ts) hands back to run.ts, on one line of its stdout.
import type { ScenarioResult } from './report.js';

export const RESULT_PREFIX = 'RESULT ';

/** JSON has no NaN or Infinity; a measurement may hold them (a scenario with nothing timed). */
export function encodeResult(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v));
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

