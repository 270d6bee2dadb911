// What a scenario hands back, how it is printed, and the JSON written to bench/results.json.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { Measurement } from './harness.js';

export interface ScenarioResult {
  /** The scenario number (1-5). */
  id: number;
  name: string;
  decisionsPerSecond: number;
  p50us: number;
  p99us: number;
  peakMB: number;
  apiCalls?: number;
  /** Our time divided by each baseline's time for the same work (below 1 = we are faster). */
  ratios: Record<string, number>;
  /** Scenario-specific figures the targets read (first decision ms, call budget, load ms, ...). */
  extra: Record<string, number>;
  /** Printed rows: ours first, then each baseline. Not written to JSON. */
  rows: Measurement[];
  /** Printed under the table: what was measured, in words. */
  notes: string[];
}

export interface TargetCheck {
  scenario: string;
  target: string;
  measured: string;
  pass: boolean;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  totalMemMB: number;
  date: string;
}

export function describeMachine(now = new Date()): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    totalMemMB: Math.round(os.totalmem() / (1024 * 1024)),
    date: now.toISOString(),
  };
}

function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '-';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(digits);
}

/** Columns aligned: text (`l`) to the left, numbers (`r`) to the right. */
/** A ratio with two significant digits, so 0.0018x does not print as 0.00x. */
export function fmtRatio(n: number): string {
  if (!Number.isFinite(n)) return '-';
  return `${n >= 0.1 ? n.toFixed(2) : n.toPrecision(2)}x`;
}

function pad(cells: string[][], align: string): string {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  return cells
    .map((row, r) =>
      row
        .map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd()
        .concat(r === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : ''),
    )
    .join('\n');
}

/** One table per scenario: a row per contender, our ratio against each baseline in the last column. */
export function formatScenario(result: ScenarioResult): string {
  const header = ['contender', 'decisions/s', 'p50 µs', 'p99 µs', 'ours ÷ this'];
  const ours = result.rows[0];
  const rows = result.rows.map((m, i) => [
    m.name,
    fmt(m.decisionsPerSecond, 0),
    fmt(m.p50us),
    fmt(m.p99us),
    i === 0 || ours === undefined ? '' : fmtRatio(ours.meanUs / m.meanUs),
  ]);
  const lines = [`## ${result.name}`, pad([header, ...rows], 'lrrrr')];
  const facts = [`peak RSS sampled during this scenario ${fmt(result.peakMB)} MB`];
  if (result.apiCalls !== undefined) facts.push(`API calls ${result.apiCalls}`);
  lines.push(facts.join(', '));
  for (const note of result.notes) lines.push(note);
  return lines.join('\n');
}

export function formatTargets(checks: TargetCheck[]): string {
  const rows = checks.map((c) => [c.pass ? 'PASS' : 'MISS', c.scenario, c.target, c.measured]);
  return ['## Targets', pad([['result', 'scenario', 'target', 'measured'], ...rows], 'llll')].join('\n');
}

/** A markdown table of every scenario, for the README's Performance section. */
export function formatMarkdown(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | contender | decisions/s | p50 µs | p99 µs | ours ÷ this |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const ours = r.rows[0];
    r.rows.forEach((m, i) => {
      const cell = i === 0 || ours === undefined ? '' : fmtRatio(ours.meanUs / m.meanUs);
      lines.push(
        `| ${i === 0 ? r.name : ''} | ${m.name} | ${fmt(m.decisionsPerSecond, 0)} | ${fmt(m.p50us)} | ${fmt(m.p99us)} | ${cell} |`,
      );
    });
  }
  return lines.join('\n');
}

export interface ResultsFile {
  machine: Machine;
  /** What each scenario measured, as printed but without the printed rows and notes. */
  scenarios: Array<Omit<ScenarioResult, 'rows' | 'notes'>>;
  /** Peak RSS of the whole run, at most: run.sh's shell plus the largest process it waited for (they run one at a time). */
  peakMB: number;
  /** Peak RSS of run.sh's shell. */
  shellPeakMB?: number;
  /** The largest peak of one process run.sh waited for (a scenario's, plus any it waited for; or a cold load). */
  largestProcessMB?: number;
  /** node flags the scenario processes ran with (run.sh); empty with `--v8-defaults`. */
  scenarioV8Flags?: string[];
  targets: TargetCheck[];
}

function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function toResultsFile(
  machine: Machine,
  results: ScenarioResult[],
  peakMB: number,
  targets: TargetCheck[],
): ResultsFile {
  return {
    machine,
    scenarios: results.map((r) => ({
      id: r.id,
      name: r.name,
      decisionsPerSecond: round(r.decisionsPerSecond, 1),
      p50us: round(r.p50us),
      p99us: round(r.p99us),
      peakMB: round(r.peakMB, 1),
      ...(r.apiCalls === undefined ? {} : { apiCalls: r.apiCalls }),
      // Significant digits: a ratio of 0.00089 must not be written as 0.001.
      ratios: Object.fromEntries(Object.entries(r.ratios).map(([k, v]) => [k, Number(v.toPrecision(4))])),
      extra: Object.fromEntries(Object.entries(r.extra).map(([k, v]) => [k, round(v)])),
    })),
    peakMB: round(peakMB, 1),
    targets,
  };
}

export async function writeResults(path: string, file: ResultsFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
}
