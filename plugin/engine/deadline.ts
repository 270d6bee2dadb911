// One deadline per decision. Every on-call lookup of one decide / canApprove call (or one run of a host's
// Engine) shares one signal, which fires when the deadline passes or when the caller gives up: the schedule
// list, each schedule's entries, retries and rate-limit waits all end then, and what is still pending counts
// as unknown, with the deadline named in its reason. The clock is the host's timers, not the settings clock.
//
// Most decisions are answered from the providers' caches in microseconds and never see their deadline fire,
// so starting one costs as little as it can: no timer of its own (one shared timer serves every pending
// deadline, see DeadlineQueue) and no Error (the reason is made when the deadline passes, so no stack is
// captured for the decisions that finish in time).

import { setMaxListeners } from 'node:events';

export const DEFAULT_DECISION_DEADLINE_MS = 5000;

/** The longest deadline accepted: far past any useful wait, and well within what a timer holds. */
export const MAX_DECISION_DEADLINE_MS = 600_000;

/** Throws a plain sentence when the deadline is not a whole number of milliseconds from 1 to 600,000. */
export function checkDecisionDeadline(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > MAX_DECISION_DEADLINE_MS) {
    throw new TypeError(
      `decisionDeadlineMs must be a whole number of milliseconds from 1 to ${MAX_DECISION_DEADLINE_MS}, got ${String(ms)}`,
    );
  }
  return ms;
}

/** The reason a deadline's signal carries: an Error naming the deadline, so failed lookups say why. */
export function deadlineReason(ms: number): Error {
  const reason = new Error(`the decision's deadline of ${ms} ms passed`);
  reason.name = 'DeadlineError';
  return reason;
}

interface Pending {
  /** performance.now() at which it fires. */
  due: number;
  /** Undefined once done or fired: the entry then holds nothing of its decision. */
  controller: AbortController | undefined;
  ms: number;
  /** Still in its queue (not yet taken out to fire). */
  queued: boolean;
}

/**
 * Every pending deadline of one length, oldest first: deadlines of one length start in order, so they are
 * due in order too, and the oldest is the next to fire. Finished entries are dropped from the front as
 * they come, and the whole list is compacted when most of it is finished (a slow decision at the front
 * keeps those behind it), so it holds at most about twice the deadlines still pending.
 */
class DeadlineQueue {
  private items: Pending[] = [];
  private head = 0;
  private finished = 0;

  push(p: Pending): void {
    this.items.push(p);
  }

  finish(): void {
    this.finished++;
    this.trim();
    const left = this.items.length - this.head;
    if (left > 64 && this.finished * 2 > left) {
      this.items = this.items.slice(this.head).filter((p) => p.controller !== undefined);
      this.head = 0;
      this.finished = 0;
    }
  }

  /** Drops finished entries from the front. */
  private trim(): void {
    while (this.head < this.items.length && this.items[this.head]!.controller === undefined) {
      this.head++;
      this.finished--;
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
      this.finished = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Takes out every entry due by `now` into `due` (fired by the caller once every queue is consistent
   * again: an abort runs listeners, which may start or finish deadlines); the next due time, or undefined
   * when none is pending.
   */
  takeDue(now: number, due: Pending[]): number | undefined {
    this.trim();
    while (this.head < this.items.length) {
      const p = this.items[this.head]!;
      if (p.controller !== undefined) {
        if (p.due > now) return p.due;
        p.queued = false;
        due.push(p);
      } else {
        this.finished--;
      }
      this.head++;
    }
    this.items = [];
    this.head = 0;
    this.finished = 0;
    return undefined;
  }

  counts(): { pending: number; held: number } {
    const held = this.items.length - this.head;
    return { pending: held - this.finished, held };
  }

  get empty(): boolean {
    return this.head >= this.items.length;
  }
}

const queues = new Map<number, DeadlineQueue>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerDue = Number.POSITIVE_INFINITY;

/** Arms the shared timer for `due` unless it is already armed for that time or earlier. */
function arm(due: number): void {
  if (timer !== undefined && timerDue <= due) return;
  if (timer !== undefined) clearTimeout(timer);
  timerDue = due;
  timer = setTimeout(onTimer, Math.max(1, Math.ceil(due - performance.now())));
  // A pending deadline never keeps the process alive: the lookups it bounds do, while they last.
  (timer as { unref?: () => void }).unref?.();
}

function onTimer(): void {
  timer = undefined;
  timerDue = Number.POSITIVE_INFINITY;
  const now = performance.now();
  const due: Pending[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (const [ms, queue] of queues) {
    const at = queue.takeDue(now, due);
    if (at === undefined) queues.delete(ms);
    else next = Math.min(next, at);
  }
  if (next !== Number.POSITIVE_INFINITY) arm(next);
  for (const p of due) {
    const controller = p.controller;
    if (controller === undefined) continue;
    p.controller = undefined;
    controller.abort(deadlineReason(p.ms));
  }
}

/**
 * A signal that fires when `ms` have passed or when `outer` fires, and `done` to stop it. The reason is an
 * Error naming the deadline, so the failed lookups say why they failed.
 */
export function decisionDeadline(ms: number, outer?: AbortSignal): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  // Every lookup still waiting listens to this signal, and one decision may wait on many at once: no limit,
  // or Node warns of a leak to the host's stderr past ten.
  setMaxListeners(0, controller.signal);
  const pending: Pending = { due: performance.now() + ms, controller, ms, queued: true };
  let queue = queues.get(ms);
  if (queue === undefined) queues.set(ms, (queue = new DeadlineQueue()));
  const wasEmpty = queue.empty;
  queue.push(pending);
  // Within one queue the newest is due last, so only a first entry can need the timer sooner.
  if (wasEmpty || timer === undefined) arm(pending.due);
  let onOuter: (() => void) | undefined;
  if (outer !== undefined) {
    onOuter = () => controller.abort(outer.reason);
    if (outer.aborted) onOuter();
    else outer.addEventListener('abort', onOuter, { once: true });
  }
  let finished = false;
  return {
    signal: controller.signal,
    done: () => {
      if (finished) return;
      finished = true;
      if (pending.controller !== undefined) {
        pending.controller = undefined;
        if (pending.queued) queues.get(ms)?.finish();
      }
      if (onOuter !== undefined) outer?.removeEventListener('abort', onOuter);
    },
  };
}

/** Deadlines not yet done nor fired, for tests: the shared queue must not grow with finished decisions. */
export function pendingDeadlines(): { pending: number; held: number } {
  let pending = 0;
  let held = 0;
  for (const queue of queues.values()) {
    const counts = queue.counts();
    pending += counts.pending;
    held += counts.held;
  }
  return { pending, held };
}
