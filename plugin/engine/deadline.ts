// One deadline per decision. Every on-call lookup of one decide / canApprove call (or one run of a host's
// Engine) shares one signal, which fires when the deadline passes or when the caller gives up: the schedule
// list, each schedule's entries, retries and rate-limit waits all end then, and what is still pending counts
// as unknown, with the deadline named in its reason. The clock is the host's timers, not the settings clock.

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

/**
 * A signal that fires when `ms` have passed or when `outer` fires, and `done` to stop the timer. The reason
 * is an Error naming the deadline, so the failed lookups say why they failed.
 */
export function decisionDeadline(ms: number, outer?: AbortSignal): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const reason = new Error(`the decision's deadline of ${ms} ms passed`);
  reason.name = 'DeadlineError';
  const timer = setTimeout(() => controller.abort(reason), ms);
  (timer as { unref?: () => void }).unref?.();
  const onOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}
