// Small pieces every provider's lookups share: answers frozen before they are shared, and a wait that a
// caller's signal can cut short.
import type { ScheduleLookup } from './contract.js';
import type { ProviderError } from './errors.js';

/** Answers may be shared by callers (a cache, concurrent lookups): frozen, so no caller can change another's. */
export function frozen(lookup: ScheduleLookup): ScheduleLookup {
  if (lookup.status === 'answered') {
    for (const p of lookup.onCall) Object.freeze(p);
    for (const s of lookup.skipped) Object.freeze(s);
    Object.freeze(lookup.onCall);
    Object.freeze(lookup.skipped);
  }
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
