// Bounded parallelism: at most `n` tasks run at once, the rest wait in arrival order. Keeps "any schedule"
// over a large account from opening hundreds of connections at the same moment.
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(n: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    // A woken waiter inherits the finished task's slot, so `running` is not incremented again here.
    try {
      return await task();
    } finally {
      if (waiting.length) waiting.shift()!();
      else running--;
    }
  };
}
