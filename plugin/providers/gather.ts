// Collects per-schedule lookups into one answer. With `stopWhenFound`, the answer is returned as soon as an
// answered schedule has that person on call (the other lookups keep running and warm the cache); with a
// signal, an abort returns what is known and marks the rest failed. Lookups never reject, so neither does this.
import { errorText } from '../printable.js';
import { normaliseEmail } from '../email.js';
import type { LookupOptions, ScheduleLookup } from './contract.js';

/** The signal's reason as words (the decision's deadline passed), or plain cancellation. */
function cancelled(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error && reason.name !== 'AbortError' && reason.message
    ? reason.message
    : 'the lookup was cancelled';
}

/** Who is asked, and about what, as a cancelled lookup's reason says it: "before PagerDuty answered for this service". */
export interface GatherSubject {
  /** The provider's name: "incident.io", "PagerDuty", "the schedules file". */
  provider: string;
  /** What one id names: "schedule", "service". */
  item: string;
}

export async function gatherLookups(
  ids: readonly string[],
  lookup: (id: string) => Promise<ScheduleLookup>,
  options: LookupOptions = {},
  subject?: GatherSubject,
): Promise<{ schedules: ScheduleLookup[]; partial?: true }> {
  const unanswered = subject
    ? `before ${subject.provider} answered for this ${subject.item}`
    : 'before this schedule answered';
  const wanted = options.stopWhenFound ? normaliseEmail(options.stopWhenFound) : undefined;
  const results = new Map<string, ScheduleLookup>();
  const order = [...new Set(ids)];
  if (order.length === 0) return { schedules: [] };

  return new Promise((resolve) => {
    let done = false;
    const finish = (partial: boolean) => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      const schedules: ScheduleLookup[] = [];
      for (const id of order) {
        const r = results.get(id);
        if (r) schedules.push(r);
        else if (!partial)
          schedules.push({
            scheduleId: id,
            status: 'failed',
            reason: `${cancelled(options.signal)} ${unanswered}`,
          });
      }
      resolve(partial ? { schedules, partial: true } : { schedules });
    };
    const onAbort = () => finish(false);
    if (options.signal?.aborted) return finish(false);
    options.signal?.addEventListener('abort', onAbort, { once: true });

    for (const id of order) {
      lookup(id)
        .catch((err: unknown): ScheduleLookup => ({
          scheduleId: id,
          status: 'failed',
          reason: `internal error: ${errorText(err)}`,
        }))
        .then((result) => {
          if (done) return;
          results.set(id, result);
          if (results.size === order.length) return finish(false);
          if (wanted && result.status === 'answered' && result.onCall.some((p) => p.email === wanted)) finish(true);
        });
    }
  });
}
