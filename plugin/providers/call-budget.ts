// The client-side call budget: at most N calls in ANY 60-second span (a sliding window, not a bucket that
// refills, so a burst can never push a minute over the provider's own limit). A call over budget waits for a slot
// instead of failing, unless the wait would pass the caller's deadline. A 429 pauses the whole budget until
// the server's Retry-After, so parallel lookups do not keep knocking on a closed door.
import { ProviderError, type ProviderErrorFactory } from './errors.js';

/** Whose calls these are: the name its errors give, and the provider's own error. */
export interface BudgetOwner {
  name: string;
  error: ProviderErrorFactory;
}

const UNNAMED: BudgetOwner = {
  name: 'provider',
  error: (kind, message, details) => new ProviderError(kind, message, details),
};

const MINUTE_MS = 60_000;
// A last guard against spinning: each wait moves time forward, so this is never reached in practice.
const MAX_WAITS = 10_000;

export class CallBudget {
  private times: number[] = [];
  private head = 0;
  private pausedUntil = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly owner: BudgetOwner = UNNAMED,
  ) {}

  /** Calls admitted in the last 60 s (for stats and tests). */
  get recent(): number {
    this.prune(this.now());
    return this.times.length - this.head;
  }

  /** Holds every call until `until` (epoch ms on the budget's clock). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Resolves when a call may be sent; throws the owner's `budget` error when that would be after `deadline`. */
  async acquire(deadline: number, signal?: AbortSignal): Promise<void> {
    // Time is the injected clock, but never less than what we have slept: a frozen test clock must not
    // make a wait last forever.
    const started = this.now();
    let slept = 0;
    for (let waits = 0; waits < MAX_WAITS; waits++) {
      if (signal?.aborted) throw this.owner.error('aborted', 'the lookup was cancelled');
      const now = Math.max(this.now(), started + slept);
      this.prune(now);
      let until = this.pausedUntil > now ? this.pausedUntil : 0;
      if (!until && this.times.length - this.head < this.perMinute) {
        this.times.push(now);
        return;
      }
      if (!until) until = this.times[this.head]! + MINUTE_MS;
      if (until > deadline) {
        throw this.owner.error(
          'budget',
          `the client-side budget of ${this.perMinute} ${this.owner.name} calls a minute had no room before the lookup's deadline`,
        );
      }
      await this.sleep(until - now);
      slept += until - now;
    }
    throw this.owner.error(
      'budget',
      'the client-side call budget could not admit the call (the clock did not advance)',
    );
  }

  private prune(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - MINUTE_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
