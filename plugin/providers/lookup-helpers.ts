// Small pieces every provider's lookups share: answers frozen before they are shared, and a wait that a
// caller's signal can cut short.
import type { ScheduleLookup } from './contract.js';
import type { ProviderError } from './errors.js';

/**
 * Answers this package built and froze itself: plain data (object literals of strings, made from decoded
 * responses), frozen all the way down, so they can never change. The engine keeps what it checked about
 * these (and only these) from one decision to the next. A provider's own object may be frozen and still
 * answer differently each time it is read (through getters, a proxy or an iterator), so being frozen is
 * not enough.
 */
const sealed = new WeakSet<object>();

/** Whether this package sealed the answer (see `frozen`). */
export function isSealed(lookup: unknown): lookup is ScheduleLookup {
  return typeof lookup === 'object' && lookup !== null && sealed.has(lookup);
}

/**
 * Answers may be shared by callers (a cache, concurrent lookups): frozen, so no caller can change another's,
 * and sealed. Only for answers a provider of this package built from plain data.
 */
export function frozen(lookup: ScheduleLookup): ScheduleLookup {
  if (lookup.status === 'answered') {
    for (const p of lookup.onCall) Object.freeze(p);
    for (const s of lookup.skipped) Object.freeze(s);
    Object.freeze(lookup.onCall);
    Object.freeze(lookup.skipped);
  }
  sealed.add(lookup);
  return Object.freeze(lookup);
}

/**
 * Resolves with the promise, or rejects with `cancelled()` (the provider's `aborted` error) when the signal
 * fires first.
 */
export function unlessAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  cancelled: () => ProviderError,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
