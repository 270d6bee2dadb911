// Scenario 8: reading a local schedules file (`--schedules`, `simulate --data`), the way people write them:
// with YAML anchors for each person (`&alice` once, `*alice` in every later shift, as the bundled
// rules/oncall.example.yaml does) and without. The same data either way, so reading it must cost about the
// same: aliases resolved once for the document, not once per alias. Each read is timed in a fresh process
// (the probe below), as a command reads the file once at start; the timed part is `parseSchedulesText` on
// text already in memory. A read that takes longer than the scenario's timeout is stopped and its figure is
// the timeout, a lower bound.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSchedulesText } from '../api.js';
import { median, type MemorySampler } from '../harness.js';
import { ChildFailedError, runBenchChild } from '../protocol.js';
import type { Scenario, ScenarioResult } from '../report.js';
import { schedulesFileText } from '../world.js';

export interface SchedulesFileSizes {
  /** The file judged for anchors against none. */
  entries: number;
  /** The file judged for its absolute time. */
  largeEntries: number;
  schedules: number;
  users: number;
  /** Fresh processes per file (the median is the figure); a file that timed out is not read again. */
  rounds: number;
  timeoutMs: number;
}

export interface ReadReport {
  ms: number;
  entries: number;
  /** Of the data read, so the two forms can be shown to hold the same. */
  digest: string;
  peakMB: number;
}

/** The fresh process: `probe 8 FILE` reads FILE once. */
async function probe([file]: string[]): Promise<ReadReport> {
  if (!file) throw new Error('usage: probe 8 FILE');
  const text = await readFile(file, 'utf8');
  const t0 = process.hrtime.bigint();
  const { data, problems } = parseSchedulesText(text, file);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const errors = problems.filter((p) => p.severity === 'error');
  if (data === undefined || errors.length > 0) {
    const e = errors[0];
    throw new Error(`schedules file: ${file} does not load${e ? `: ${e.line}:${e.column}: ${e.message}` : ''}`);
  }
  return {
    ms,
    entries: data.schedules.reduce((n, s) => n + s.entries.length, 0),
    digest: createHash('sha256').update(JSON.stringify(data.schedules)).digest('hex'),
    peakMB: process.resourceUsage().maxRSS / 1024,
  };
}

type Key = 'plain' | 'anchors' | 'largePlain' | 'largeAnchors';

async function run(sizes: SchedulesFileSizes, memory: MemorySampler): Promise<ScenarioResult> {
  memory.reset();
  const files: Array<{ key: Key; entries: number; anchors: boolean }> = [
    { key: 'plain', entries: sizes.entries, anchors: false },
    { key: 'anchors', entries: sizes.entries, anchors: true },
    { key: 'largePlain', entries: sizes.largeEntries, anchors: false },
    { key: 'largeAnchors', entries: sizes.largeEntries, anchors: true },
  ];
  const times = new Map<Key, number[]>(files.map((f) => [f.key, []]));
  const digests = new Map<Key, string>();
  const peaks = new Map<Key, number>();
  const bytes = new Map<Key, number>();
  const timedOut = new Set<Key>();
  const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-'));
  try {
    for (const f of files) {
      const text = schedulesFileText({
        entries: f.entries,
        schedules: sizes.schedules,
        users: sizes.users,
        anchors: f.anchors,
      });
      bytes.set(f.key, Buffer.byteLength(text));
      await writeFile(join(dir, `${f.key}.yaml`), text);
    }
    for (let round = 0; round < sizes.rounds; round++) {
      for (let j = 0; j < files.length; j++) {
        const f = files[(j + round) % files.length]!;
        if (timedOut.has(f.key)) continue;
        try {
          const { result } = await runBenchChild<ReadReport>(['probe', '8', join(dir, `${f.key}.yaml`)], {
            timeoutMs: sizes.timeoutMs,
          });
          if (result.entries !== f.entries) {
            throw new Error(`schedules file: read ${result.entries} entries of ${f.entries}`);
          }
          times.get(f.key)!.push(result.ms);
          digests.set(f.key, result.digest);
          peaks.set(f.key, Math.max(peaks.get(f.key) ?? 0, result.peakMB));
        } catch (error) {
          if (!(error instanceof ChildFailedError && error.run.timedOut)) throw error;
          timedOut.add(f.key);
          times.set(f.key, [sizes.timeoutMs]);
        }
        memory.sample();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  for (const [a, b] of [
    ['plain', 'anchors'],
    ['largePlain', 'largeAnchors'],
  ] as const) {
    if (digests.has(a) && digests.has(b) && digests.get(a) !== digests.get(b)) {
      throw new Error(`schedules file: the ${b} file read differently from the ${a} one; they hold the same data`);
    }
  }
  const ms = Object.fromEntries(files.map((f) => [f.key, median(times.get(f.key)!)])) as Record<Key, number>;
  const extra: Record<string, number> = {
    entries: sizes.entries,
    largeEntries: sizes.largeEntries,
    timeoutMs: sizes.timeoutMs,
    anchorsTimesPlain: ms.anchors / ms.plain,
  };
  for (const f of files) {
    extra[`${f.key}Ms`] = ms[f.key];
    extra[`${f.key}MsTimedOut`] = timedOut.has(f.key) ? 1 : 0;
    if (peaks.has(f.key)) extra[`${f.key}PeakMB`] = peaks.get(f.key)!;
  }
  return {
    id: 8,
    name: `(8) schedules file: ${sizes.entries.toLocaleString('en-US')} and ${sizes.largeEntries.toLocaleString('en-US')} entries, with and without YAML anchors`,
    peakMB: memory.peakMB(),
    ratios: {},
    extra,
    rows: [],
    notes: [
      `${sizes.schedules} schedules of daily shifts, ${sizes.users} people; each read in a fresh process, median of up to ${sizes.rounds}; parse and check only (text already read):`,
      ...files.map(
        (f) =>
          `  ${`${f.entries.toLocaleString('en-US')} entries, ${f.anchors ? 'with anchors' : 'written out'}`.padEnd(30)} ` +
          `${(bytes.get(f.key)! / 1024).toFixed(0).padStart(5)} KiB  ` +
          (timedOut.has(f.key)
            ? `more than ${sizes.timeoutMs} ms (stopped)`
            : `${ms[f.key].toFixed(0)} ms, peak RSS ${(peaks.get(f.key) ?? Number.NaN).toFixed(0)} MB`),
      ),
      `with anchors ÷ written out, ${sizes.entries.toLocaleString('en-US')} entries: ${timedOut.has('anchors') ? 'at least ' : ''}${(ms.anchors / ms.plain).toFixed(2)}x.`,
    ],
  };
}

export const scenario: Scenario<SchedulesFileSizes> = {
  id: 8,
  sizes: {
    full: { entries: 4000, largeEntries: 10_000, schedules: 10, users: 40, rounds: 3, timeoutMs: 20_000 },
    tiny: { entries: 40, largeEntries: 100, schedules: 2, users: 5, rounds: 1, timeoutMs: 60_000 },
  },
  run,
  probe,
};
