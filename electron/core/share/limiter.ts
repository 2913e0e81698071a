// Runs async jobs with at most N in flight (plain Node).
// A stat walk over thousands of files must not queue thousands of requests on
// libuv's thread pool at once (4 threads shared by every file operation of the
// app, so one big share would stall the others).

export type Limiter = <T>(job: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    // A finishing job hands its slot straight to the next waiter, so a newcomer
    // cannot slip in between and push the count over the limit.
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
