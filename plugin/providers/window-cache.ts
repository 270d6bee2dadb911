// Caches for fetched provider data, one set of rules for every provider:
//
// - WindowCache: data fetched for the window [t - lookBack, t + 60 s] at wall time w serves a lookup for
//   instant `now` only while  t - lookBack <= now < t + life  AND  clock < w + life  (life <= 60 s), so it
//   always covers the instant asked about and is never older than the cache life. Who is on call is still
//   decided by filtering with `now` at read time, so a shift that ends inside the cache life ends on time.
//   The look-back exists because lookups do not arrive in order: "any schedule" reads the schedule list
//   first, so its per-schedule lookups (for the instant it was asked about) can reach the cache after a
//   newer lookup already opened a window a moment later. Without it, each such straggler would cost a call.
// - TtlCache: data that does not depend on the instant (a service's escalation policy, the schedule list),
//   kept for the cache life.
//
// In both, concurrent readers of one key share one request in flight, and a failed fetch is dropped at
// once: errors are never cached.

interface Slot<T> {
  windowStart: number;
  fetchedAt: number;
  promise: Promise<T>;
  /** Set once the fetch succeeded; `value` is then what it returned. */
  done: boolean;
  value?: T;
}

export type CacheOutcome = 'hit' | 'shared' | 'fetched';

export interface CacheRead<T> {
  value: Promise<T>;
  /** Wall-clock time (epoch ms) at which the request behind this value started. */
  fetchedAt: number;
  outcome: CacheOutcome;
}

// A handful of windows per key covers callers asking about several instants at once (tests, the CLI's
// --now next to live traffic); older windows are dropped first.
const MAX_SLOTS_PER_KEY = 4;

export class WindowCache<T> {
  private slots = new Map<string, Slot<T>[]>();

  constructor(
    private readonly lifeMs: number,
    private readonly wallNow: () => number,
    private readonly lookBackMs = 0,
  ) {}

  private covers(s: Slot<T>, atMs: number): boolean {
    // With a life of 0 nothing is kept, but callers asking about the very same instant still share a request.
    return s.windowStart - this.lookBackMs <= atMs && atMs < s.windowStart + Math.max(this.lifeMs, 1);
  }

  /** `load(t)` must fetch everything overlapping [t - lookBack, t + life] (the provider asks for more). */
  read(key: string, atMs: number, load: (windowStart: number) => Promise<T>): CacheRead<T> {
    const wall = this.wallNow();
    const live = (this.slots.get(key) ?? []).filter((s) => !s.done || wall < s.fetchedAt + this.lifeMs);
    const found = live.find((s) => this.covers(s, atMs));
    if (found) {
      this.slots.set(key, live);
      return {
        value: found.done ? Promise.resolve(found.value as T) : found.promise,
        fetchedAt: found.fetchedAt,
        outcome: found.done ? 'hit' : 'shared',
      };
    }
    // A straggler (an instant up to the look-back behind the wall clock) opens the window at the wall clock:
    // the instant is still covered through the look-back, and the window then lasts as long as its data
    // lives. Opened at the straggler's instant, it would stop covering the newest instants before the cache
    // life ends, and those would pay for a second fetch within one life.
    const windowStart = Math.max(atMs, Math.min(wall, atMs + this.lookBackMs));
    const slot: Slot<T> = { windowStart, fetchedAt: wall, promise: load(windowStart), done: false };
    slot.promise.then(
      (v) => {
        slot.value = v;
        slot.done = true;
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
      const oldest = live.findIndex((s) => s.done);
      live.splice(oldest >= 0 ? oldest : 0, 1);
    }
    this.slots.set(key, live);
    return { value: slot.promise, fetchedAt: wall, outcome: 'fetched' };
  }

  /**
   * The value of a live, already fetched window that covers `atMs`, or undefined when `read` would have to
   * wait for or start a fetch. Allocates nothing: it is the path of nearly every lookup once the cache is warm.
   */
  peek(key: string, atMs: number): { readonly value: T; readonly fetchedAt: number } | undefined {
    const slots = this.slots.get(key);
    if (slots === undefined) return undefined;
    const wall = this.wallNow();
    for (const s of slots) {
      if (s.done && wall < s.fetchedAt + this.lifeMs && this.covers(s, atMs)) {
        return s as { readonly value: T; readonly fetchedAt: number };
      }
    }
    return undefined;
  }

  clear(): void {
    this.slots.clear();
  }
}

export class TtlCache<T> {
  private entries = new Map<string, { fetchedAt: number; promise: Promise<T>; value?: { v: T } }>();

  constructor(
    private readonly lifeMs: number,
    private readonly wallNow: () => number,
  ) {}

  read(key: string, load: () => Promise<T>): CacheRead<T> {
    const wall = this.wallNow();
    const known = this.entries.get(key);
    if (known && (!known.value || wall < known.fetchedAt + this.lifeMs)) {
      return {
        value: known.value ? Promise.resolve(known.value.v) : known.promise,
        fetchedAt: known.fetchedAt,
        outcome: known.value ? 'hit' : 'shared',
      };
    }
    const entry: { fetchedAt: number; promise: Promise<T>; value?: { v: T } } = { fetchedAt: wall, promise: load() };
    this.entries.set(key, entry);
    entry.promise.then(
      (v) => {
        entry.value = { v };
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return { value: entry.promise, fetchedAt: wall, outcome: 'fetched' };
  }

  peek(key: string): { readonly value: T; readonly fetchedAt: number } | undefined {
    const known = this.entries.get(key);
    if (!known?.value || !(this.wallNow() < known.fetchedAt + this.lifeMs)) return undefined;
    return { value: known.value.v, fetchedAt: known.fetchedAt };
  }

  clear(): void {
    this.entries.clear();
  }
}
