// What the processes of one `npm run bench` left in its directory (see summary.ts), read back: each
// scenario's result, the scenarios that printed none, and the largest process peak.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChildReport, ColdReport } from './child-protocol.js';
import { findResult } from './launch.js';
import type { ScenarioResult } from './report.js';

export interface RunOutputs {
  results: ScenarioResult[];
  failed: number[];
  /** Scenario ids that were asked for (a file exists for each). */
  ran: number[];
  /** The largest peak of one process run.sh waited for, MB, and which one it was. */
  largestMB: number;
  largest: string;
  /** Processes that ran but reported no peak (they failed): the whole bench's peak cannot be known. */
  unaccounted: string[];
}

/** What the processes of one run left in DIR. */
export async function readRunOutputs(dir: string): Promise<RunOutputs> {
  const out: RunOutputs = { results: [], failed: [], ran: [], largestMB: 0, largest: 'none', unaccounted: [] };
  const consider = (mb: number, what: string) => {
    if (mb > out.largestMB) {
      out.largestMB = mb;
      out.largest = what;
    }
  };
  const files = await readdir(dir);
  if (files.includes('write.out')) {
    const write = findResult<{ peakMB: number }>(await readFile(join(dir, 'write.out'), 'utf8'));
    if (write !== undefined) consider(write.peakMB, `scenario 5's routing-file writer (${write.peakMB.toFixed(0)} MB)`);
    else out.unaccounted.push("scenario 5's routing-file writer");
    // run.sh starts the cold loads only after the writer succeeded.
    if (write !== undefined && !files.includes('cold.out')) out.unaccounted.push("scenario 5's cold loads");
  }
  if (files.includes('cold.out')) {
    const cold = findResult<ColdReport>(await readFile(join(dir, 'cold.out'), 'utf8'));
    if (cold !== undefined) {
      const coldMax = Math.max(0, ...cold.runs.map((r) => r.peakMB));
      consider(
        cold.peakMB + coldMax,
        `scenario 5's cold-child (${cold.peakMB.toFixed(0)} MB) with its largest cold load (${coldMax.toFixed(0)} MB)`,
      );
    } else {
      out.unaccounted.push("scenario 5's cold loads");
    }
  }
  for (const name of files.filter((f) => /^[1-5]\.out$/.test(f)).sort()) {
    const id = Number(name[0]);
    out.ran.push(id);
    const report = findResult<ChildReport>(await readFile(join(dir, name), 'utf8'));
    if (report === undefined) {
      out.failed.push(id);
      out.unaccounted.push(`scenario ${id}'s process`);
      continue;
    }
    out.results.push(report.result);
    const waited = report.grandchildPeakMB
      ? ` + ${report.grandchildPeakMB.toFixed(0)} MB of the processes it waited for`
      : '';
    consider(
      report.peakMB + report.grandchildPeakMB,
      `scenario ${id}'s process (${report.peakMB.toFixed(0)} MB${waited})`,
    );
  }
  out.results.sort((a, b) => a.id - b.id);
  return out;
}
