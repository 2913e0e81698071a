// Retry delays and an injectable timer for the tor link (plain Node).
// Tests replace the timer and shorten the delays so a reconnect takes
// milliseconds instead of seconds, without touching the logic that uses them.

export interface BackoffOptions {
  /** The first delay. Default 1 s. */
  initialMs: number;
  /** Delays never grow past this. Default 30 s. */
  maxMs: number;
  /** Each delay is the previous one times this. Default 2. */
  factor: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = { initialMs: 1_000, maxMs: 30_000, factor: 2 };

/** 1 s, 2 s, 4 s ... capped at 30 s (with the defaults); `reset()` starts over. */
export class Backoff {
  private readonly options: BackoffOptions;
  private nextDelay: number;
  private count = 0;

  constructor(options: Partial<BackoffOptions> = {}) {
    const merged = { ...DEFAULT_BACKOFF, ...options };
    // A zero or negative setting would spin; a factor below 1 would shrink.
    this.options = {
      initialMs: Math.max(1, merged.initialMs),
      maxMs: Math.max(1, merged.maxMs, merged.initialMs),
      factor: Math.max(1, merged.factor),
    };
    this.nextDelay = this.options.initialMs;
  }

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.count;
  }

  /** The delay before the next attempt; advances the sequence. */
  next(): number {
    const delay = Math.min(this.nextDelay, this.options.maxMs);
    this.nextDelay = Math.min(this.nextDelay * this.options.factor, this.options.maxMs);
    this.count += 1;
    return delay;
  }

  reset(): void {
    this.nextDelay = this.options.initialMs;
    this.count = 0;
  }
}

/** What the link needs of a clock: run something later, and be able to cancel it. */
export interface Timer {
  /** Calls `fn` after `ms`; the returned function cancels it (no-op once run). */
  schedule(ms: number, fn: () => void): () => void;
}

export const realTimer: Timer = {
  schedule(ms, fn) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/** A sleep that can be cut short: `wake()` resolves it early, `cancel()` too. */
export interface Sleep {
  done: Promise<void>;
  wake(): void;
}

export function sleep(timer: Timer, ms: number): Sleep {
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  const cancel = timer.schedule(ms, () => resolve());
  return {
    done,
    wake: () => {
      cancel();
      resolve();
    },
  };
}
