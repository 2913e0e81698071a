// Deadline-bounded polling for the test network (plain Node): readiness is
// observed by asking again and again, never assumed after a fixed sleep.

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface PollOptions {
  /** Absolute time (Date.now() scale) after which polling gives up. */
  deadline: number;
  everyMs: number;
  /** Called before each attempt; a returned string aborts polling with that reason. */
  abortIf?: () => string | undefined;
}

export type PollResult<T> = { ok: true; value: T } | { ok: false; reason: string; lastError: unknown };

/**
 * Calls `probe` until it returns a value other than undefined, the deadline
 * passes, or abortIf says stop. Errors thrown by probe count as "not yet".
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, opts: PollOptions): Promise<PollResult<T>> {
  let lastError: unknown;
  for (;;) {
    const abort = opts.abortIf?.();
    if (abort !== undefined) return { ok: false, reason: abort, lastError };
    const started = Date.now();
    try {
      const value = await probe();
      if (value !== undefined) return { ok: true, value };
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= opts.deadline) return { ok: false, reason: 'deadline passed', lastError };
    const wait = Math.max(0, Math.min(opts.everyMs - (Date.now() - started), opts.deadline - Date.now()));
    await sleep(wait);
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : error === undefined ? 'no error' : String(error);
}
