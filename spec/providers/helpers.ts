// Test helpers every provider's specs share: a manual clock whose sleep moves time instead of waiting,
// closing every simulator a spec opened, and collecting unhandled rejections.

/** A clock that only moves when told; `sleep` moves it (after yielding) instead of waiting. */
export function manualClock(start: string | Date) {
  let t = new Date(start).getTime();
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    ms: () => t,
    set: (at: string | Date) => {
      t = new Date(at).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      const target = t + ms;
      await new Promise((resolve) => setImmediate(resolve));
      t = Math.max(t, target);
    },
  };
}

/** Closes every simulator in the list (and empties it); call it in an `afterEach`. */
export async function closeAll(opened: { close(): Promise<void> }[]): Promise<void> {
  await Promise.all(opened.splice(0).map((s) => s.close()));
}

/** Collects unhandled rejections while a test runs. */
export function watchUnhandled() {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  return { seen, stop: () => process.off('unhandledRejection', onRejection) };
}
