// Measurement machinery shared by every scenario: timed loops with per-operation samples, percentiles,
// side-by-side rounds (so a baseline and our engine see the same machine state), peak memory.
// Nothing here knows about approvals; scenarios hand it closures.

/** One contender's numbers for one piece of work. */
export interface Measurement {
  name: string;
  operations: number;
  totalMs: number;
  /** 1e6 / meanUs. */
  decisionsPerSecond: number;
  /** Percentiles of every timed operation (all rounds): the tail shows GC pauses and interference. */
  p50us: number;
  p99us: number;
  /** Mean time per operation: of the median round when there were several rounds, else of all. */
  meanUs: number;
}

export type Operation = (i: number) => unknown;

export interface Contender {
  name: string;
  op: Operation;
  /**
   * Passes over each round's inputs (default 1). A fast contender repeats the same inputs to collect enough
   * samples while a slow baseline does one pass: both see the same mix, so their mean times compare.
   */
  repeat?: number;
  /**
   * For a very slow baseline: run only every `stride`-th input of each round (default 1). The inputs are
   * generated in random order, so a strided subset keeps the same mix; the ratio compares mean times.
   */
  stride?: number;
}

/** The q-quantile (0..1) of already sorted samples, nearest-rank: a p99 of 100 samples is the 99th value. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

/** The median (nearest rank: the lower middle of an even count); NaN when there is nothing. */
export function median(values: ArrayLike<number>): number {
  return quantile(Float64Array.from(values).sort(), 0.5);
}

/**
 * Summarise per-operation samples (nanoseconds) taken over `totalNs` of wall time. With `roundMeansNs` (the
 * mean operation time of each round), the mean is the median round's: on a shared machine another
 * process can stall one round, and the median round ignores that while still including our own garbage
 * collection, which every round of a few thousand operations pays for.
 */
export function summarise(
  name: string,
  samplesNs: Float64Array,
  totalNs: number,
  roundMeansNs?: number[],
): Measurement {
  const sorted = Float64Array.from(samplesNs).sort();
  const operations = samplesNs.length;
  const meanNs =
    roundMeansNs !== undefined && roundMeansNs.length > 1
      ? quantile(Float64Array.from(roundMeansNs).sort(), 0.5)
      : operations === 0
        ? Number.NaN
        : totalNs / operations;
  return {
    name,
    operations,
    totalMs: totalNs / 1e6,
    decisionsPerSecond: operations === 0 || !(meanNs > 0) ? 0 : 1e9 / meanNs,
    p50us: quantile(sorted, 0.5) / 1e3,
    p99us: quantile(sorted, 0.99) / 1e3,
    meanUs: meanNs / 1e3,
  };
}

// A synchronous operation (Cedar) must not pay for an `await` the async ones need: only await promises.
function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Run `op` for indices [from, from + count), writing each operation's duration (ns) into `samples` at
 * [offset, offset + count). Returns the wall time of the whole loop (ns), which includes the sampling cost.
 */
async function timedLoop(
  op: Operation,
  from: number,
  count: number,
  samples: Float64Array,
  offset: number,
  memory?: MemorySampler,
  period = count,
  stride = 1,
): Promise<number> {
  const start = process.hrtime.bigint();
  for (let k = 0; k < count; k++) {
    const t0 = process.hrtime.bigint();
    const result = op(from + ((k * stride) % period));
    if (isPromise(result)) await result;
    samples[offset + k] = Number(process.hrtime.bigint() - t0);
    // Async work made of microtasks starves timers, so the interval sampler alone would miss peaks.
    if (memory !== undefined && (k & 1023) === 1023) memory.sample();
  }
  return Number(process.hrtime.bigint() - start);
}

export interface CompareOptions {
  /** Untimed operations before the first round (JIT, caches), times the contender's `repeat`. */
  warmup: number;
  /**
   * And at least this long per contender: an engine of many small functions reaches its optimised code only
   * after thousands of operations (measured: the first rounds of ours ran at 2-3 times the steady cost).
   */
  warmupMs?: number;
  /** Rounds of alternation; in each, every contender passes over the inputs 0..perRound-1. */
  rounds: number;
  perRound: number;
  memory?: MemorySampler;
}

/**
 * Time contenders doing the same work side by side: warm each up, then alternate rounds
 * (A, B, C, B, C, A, ...). Every round of every contender walks the same inputs, so rounds compare with
 * each other and across contenders; alternation spreads GC pauses, frequency changes and noisy
 * neighbours across all of them.
 */
export async function compare(contenders: Contender[], options: CompareOptions): Promise<Measurement[]> {
  const { warmup, rounds, perRound, memory, warmupMs = 0 } = options;
  const repeats = contenders.map((c) => Math.max(1, Math.floor(c.repeat ?? 1)));
  const strides = contenders.map((c) => Math.min(perRound, Math.max(1, Math.floor(c.stride ?? 1))));
  // Operations per round: every input `repeat` times, or every `stride`-th input once.
  const per = contenders.map((_, i) => (strides[i]! > 1 ? Math.ceil(perRound / strides[i]!) : perRound * repeats[i]!));
  for (const [i, c] of contenders.entries()) {
    const n = Math.max(1, strides[i]! > 1 ? Math.ceil(warmup / strides[i]!) : warmup * repeats[i]!);
    const scratch = new Float64Array(n);
    const until = Date.now() + warmupMs;
    do await timedLoop(c.op, 0, n, scratch, 0, memory, perRound, strides[i]!);
    while (Date.now() < until);
  }
  const samples = per.map((n) => new Float64Array(rounds * n));
  const wall = contenders.map(() => 0);
  const roundMeans: number[][] = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    // Rotate who goes first so no contender always runs right after another's garbage.
    for (let j = 0; j < contenders.length; j++) {
      const idx = (j + r) % contenders.length;
      // No forced collections (gc()) anywhere: after one, V8 shrinks the young generation and the next
      // round pays with extra scavenges; and Node 20's V8 aborted in its deoptimizer when gc() ran between
      // these async loops.
      const n = per[idx]!;
      const ns = await timedLoop(contenders[idx]!.op, 0, n, samples[idx]!, r * n, memory, perRound, strides[idx]!);
      wall[idx]! += ns;
      roundMeans[idx]!.push(ns / n);
    }
  }
  return contenders.map((c, i) => summarise(c.name, samples[i]!, wall[i]!, roundMeans[i]));
}

/** Our time divided by the baseline's for the same work (median-round mean per operation). Below 1 means faster. */
export function ratio(ours: Measurement, baseline: Measurement): number {
  return ours.meanUs / baseline.meanUs;
}

/**
 * Peak resident memory, sampled on a timer and whenever a timed loop asks. `process.resourceUsage().maxRSS`
 * is the process-wide peak the kernel saw, which also covers spikes between samples.
 */
export class MemorySampler {
  private peakBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 10): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
  }

  /** Forget the peak so far (a scenario measures its own). */
  reset(): void {
    this.peakBytes = 0;
    this.sample();
  }

  peakMB(): number {
    this.sample();
    return this.peakBytes / (1024 * 1024);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The kernel's view of this process's peak resident set, in MB. */
export function processPeakMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Wall time of one async call, in milliseconds. */
export async function timeOnce<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}
