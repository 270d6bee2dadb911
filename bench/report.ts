// What a scenario is and hands back, how it is printed, and bench/results.json: every scenario's figures
// with the machine and date they were measured on, and the targets judged from them.
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { Measurement, MemorySampler } from './harness.js';

export interface ScenarioResult {
  /** The scenario's number (scenarios/ and catalog.ts). */
  id: number;
  name: string;
  /** Ours, for a scenario that times operations: operations (decisions, loads) per second and percentiles. */
  decisionsPerSecond?: number;
  p50us?: number;
  p99us?: number;
  /** Peak resident memory sampled while the scenario ran, MB. */
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

/** One scenario module of bench/scenarios/: its sizes, the work, and the side of it run in fresh processes. */
export interface Scenario<S> {
  id: number;
  /** `full` is `npm run bench`; `tiny` proves the pipeline runs (spec/bench), nothing about speed. */
  sizes: { full: S; tiny: S };
  run(sizes: S, memory: MemorySampler): Promise<ScenarioResult>;
  /** What one fresh process does for this scenario (child.ts `probe ID ...`); its return value is the result. */
  probe?(args: string[]): Promise<unknown>;
}

export interface TargetCheck {
  scenario: string;
  target: string;
  measured: string;
  pass: boolean;
  /** The machine and date the figure was measured on (`machineLabel`). */
  measuredOn?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  totalMemMB: number;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    totalMemMB: Math.round(os.totalmem() / (1024 * 1024)),
  };
}

export const machineLabel = (m: Machine, date?: string): string =>
  `${m.cpu}, ${m.cores} cores, node ${m.node}${date === undefined ? '' : `, ${date.slice(0, 16).replace('T', ' ')}Z`}`;

/** What a scenario's process (child.ts) hands back to the runner. */
export interface ChildReport {
  result: ScenarioResult;
  /** The scenario process's peak resident memory (the kernel's maxRSS), MB. */
  processPeakMB: number;
  machine: Machine;
  /** When the scenario finished (ISO). */
  date: string;
  /**
   * The machine's 1-minute load average as the scenario started and as it finished: on a shared machine,
   * how much else was running, which is what makes one run's figures differ from another's.
   */
  loadAverage: [number, number];
}

function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '-';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(digits);
}

/** A ratio with two significant digits, so 0.0018x does not print as 0.00x. */
export function fmtRatio(n: number): string {
  if (!Number.isFinite(n)) return '-';
  return `${n >= 0.1 ? n.toFixed(2) : n.toPrecision(2)}x`;
}

/** Columns aligned: text (`l`) to the left, numbers (`r`) to the right. */
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
  const lines = [`## ${result.name}`];
  if (rows.length > 0) lines.push(pad([header, ...rows], 'lrrrr'));
  const facts = [`peak RSS sampled during this scenario ${fmt(result.peakMB)} MB`];
  if (result.apiCalls !== undefined) facts.push(`API calls ${result.apiCalls}`);
  lines.push(facts.join(', '));
  for (const note of result.notes) lines.push(note);
  return lines.join('\n');
}

/** The targets table; a figure kept from an earlier run (its scenario in `earlier`) says where and when. */
export function formatTargets(checks: TargetCheck[], earlier: ReadonlySet<string> = new Set()): string {
  const rows = checks.map((c) => [
    c.pass ? 'PASS' : 'MISS',
    c.scenario,
    c.target,
    earlier.has(c.scenario) && c.measuredOn !== undefined ? `${c.measured} [earlier run: ${c.measuredOn}]` : c.measured,
  ]);
  return ['## Targets', pad([['result', 'scenario', 'target', 'measured'], ...rows], 'llll')].join('\n');
}

/** A markdown table of every scenario that has contender rows, for the documentation. */
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

/** A scenario as bench/results.json holds it: the figures, without the printed rows and notes. */
export interface RecordedScenario extends Omit<ScenarioResult, 'rows' | 'notes'> {
  processPeakMB: number;
  machine: Machine;
  date: string;
  loadAverage?: [number, number];
}

export interface ResultsFile {
  /** The machine of the run that last wrote the file. */
  machine: Machine;
  date: string;
  /** Every scenario's latest figures; a partial run replaces only the scenarios it ran. */
  scenarios: RecordedScenario[];
  targets: TargetCheck[];
}

function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function recordScenario(report: ChildReport): RecordedScenario {
  const r = report.result;
  return {
    id: r.id,
    name: r.name,
    ...(r.decisionsPerSecond === undefined ? {} : { decisionsPerSecond: round(r.decisionsPerSecond, 1) }),
    ...(r.p50us === undefined ? {} : { p50us: round(r.p50us) }),
    ...(r.p99us === undefined ? {} : { p99us: round(r.p99us) }),
    peakMB: round(r.peakMB, 1),
    processPeakMB: round(report.processPeakMB, 1),
    ...(r.apiCalls === undefined ? {} : { apiCalls: r.apiCalls }),
    // Significant digits: a ratio of 0.00089 must not be written as 0.001.
    ratios: Object.fromEntries(Object.entries(r.ratios).map(([k, v]) => [k, Number(v.toPrecision(4))])),
    extra: Object.fromEntries(Object.entries(r.extra).map(([k, v]) => [k, round(v)])),
    machine: report.machine,
    date: report.date,
    loadAverage: [round(report.loadAverage[0], 2), round(report.loadAverage[1], 2)],
  };
}

/**
 * The scenarios to judge and write: this run's, plus those of `previous` this run did not touch, each with
 * the machine and date it was measured on.
 */
export function mergeScenarios(fresh: RecordedScenario[], previous: RecordedScenario[] = []): RecordedScenario[] {
  const ran = new Set(fresh.map((s) => s.id));
  return [...fresh, ...previous.filter((s) => !ran.has(s.id))].sort((a, b) => a.id - b.id);
}

/** The scenarios of an existing results file, or none when it is missing or not of this shape. */
export async function readRecordedScenarios(path: string): Promise<RecordedScenario[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return [];
  }
  const scenarios = (parsed as { scenarios?: unknown }).scenarios;
  if (!Array.isArray(scenarios)) return [];
  // A file from before figures carried their machine cannot say where they came from: not kept.
  return scenarios.filter(
    (s): s is RecordedScenario =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as RecordedScenario).id === 'number' &&
      typeof (s as RecordedScenario).date === 'string' &&
      typeof (s as RecordedScenario).machine?.cpu === 'string',
  );
}

export async function writeResults(path: string, file: ResultsFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
}
