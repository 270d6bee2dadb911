// The per-schedule entry cache. Entries fetched for the window [t - lookBack, t + 60 s] at wall time w serve
// a lookup for instant `now` only while  t - lookBack <= now < t + life  AND  clock < w + life  (life <= 60 s),
// so cached data always covers the instant asked about and is never older than the cache life.
// The look-back exists because lookups do not arrive in order: "any schedule" reads the schedule list
// first, so its per-schedule lookups (for the instant it was asked about) can reach the cache after a newer
// lookup already opened a window a moment later. Without it, each such straggler would cost a call. Who is on call is
// still decided by filtering the entries with `now` at read time, so a shift that ends inside the cache life
// ends on time. Concurrent lookups that fall in the same window share one in-flight request. A failed
// fetch is removed at once: errors are never cached.
import type { TimedEntry } from './api-types.js';

interface Slot {
  windowStart: number;
  fetchedAt: number;
  promise: Promise<TimedEntry[]>;
  entries?: TimedEntry[];
}

export type CacheOutcome = 'hit' | 'shared' | 'fetched';

export interface CacheRead {
  entries: Promise<TimedEntry[]>;
  /** Wall-clock time (epoch ms) at which the request behind these entries started. */
  fetchedAt: number;
  outcome: CacheOutcome;
}

// A handful of windows per schedule covers callers asking about several instants at once (tests, the CLI's
// --now next to live traffic); older windows are dropped first.
const MAX_SLOTS_PER_KEY = 4;

export class WindowCache {
  private slots = new Map<string, Slot[]>();

  constructor(
    private readonly lifeMs: number,
    private readonly wallNow: () => number,
    private readonly lookBackMs = 0,
  ) {}

  /** `load(t)` must fetch every entry overlapping [t - lookBack, t + life] (the provider asks for more). */
  read(key: string, atMs: number, load: (windowStart: number) => Promise<TimedEntry[]>): CacheRead {
    const wall = this.wallNow();
    const live = (this.slots.get(key) ?? []).filter((s) => !s.entries || wall < s.fetchedAt + this.lifeMs);
    // With a life of 0 nothing is kept, but callers asking about the very same instant still share a request.
    const span = Math.max(this.lifeMs, 1);
    const found = live.find((s) => s.windowStart - this.lookBackMs <= atMs && atMs < s.windowStart + span);
    if (found) {
      this.slots.set(key, live);
      return {
        entries: found.entries ? Promise.resolve(found.entries) : found.promise,
        fetchedAt: found.fetchedAt,
        outcome: found.entries ? 'hit' : 'shared',
      };
    }
    // A straggler (an instant up to the look-back behind the wall clock) opens the window at the wall clock:
    // the instant is still covered through the look-back, and the window then lasts as long as its entries
    // live. Opened at the straggler's instant, it would stop covering the newest instants before the cache
    // life ends, and those would pay for a second fetch within one life.
    const windowStart = Math.max(atMs, Math.min(wall, atMs + this.lookBackMs));
    const slot: Slot = { windowStart, fetchedAt: wall, promise: load(windowStart) };
    slot.promise.then(
      (entries) => {
        slot.entries = entries;
      },
      () => {
        const current = this.slots.get(key);
        if (current)
          this.slots.set(
            key,
            current.filter((s) => s !== slot),
          );
      },
    );
    live.push(slot);
    while (live.length > MAX_SLOTS_PER_KEY) {
      const oldest = live.findIndex((s) => s.entries);
      live.splice(oldest >= 0 ? oldest : 0, 1);
    }
    this.slots.set(key, live);
    return { entries: slot.promise, fetchedAt: wall, outcome: 'fetched' };
  }

  /**
   * The entries of a live, already fetched window that covers `atMs`, or undefined when `read` would have to
   * wait for or start a fetch. Allocates nothing: it is the path of nearly every lookup once the cache is warm.
   */
  peek(key: string, atMs: number): { readonly entries: TimedEntry[]; readonly fetchedAt: number } | undefined {
    const slots = this.slots.get(key);
    if (slots === undefined) return undefined;
    const wall = this.wallNow();
    const span = Math.max(this.lifeMs, 1);
    for (const s of slots) {
      if (
        s.entries !== undefined &&
        wall < s.fetchedAt + this.lifeMs &&
        s.windowStart - this.lookBackMs <= atMs &&
        atMs < s.windowStart + span
      ) {
        return s as { entries: TimedEntry[]; fetchedAt: number };
      }
    }
    return undefined;
  }

  clear(): void {
    this.slots.clear();
  }
}
