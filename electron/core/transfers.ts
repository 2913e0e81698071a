// The list of a share's transfers: progress, smoothed rate, history (plain Node).
// A transfer ends once: its first final event (finished or cancelled, with
// the true count) settles it, and anything that arrives for it later (a
// progress event still on its way, a second cancel) changes nothing.
import type { Transfer } from '../contract';
import type { ModeEvent } from './session';

/** Finished transfers kept for the history. */
const HISTORY = 200;
/** Weight of the newest sample in the smoothed rate. */
const RATE_ALPHA = 0.3;

export class TransferBook {
  private readonly items = new Map<string, Transfer & { lastAt: number; lastBytes: number }>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly now: () => number,
    private readonly changed: (t: Transfer) => void,
  ) {}

  list(): Transfer[] {
    return [...this.items.values()].map(view);
  }

  running(): number {
    let n = 0;
    for (const t of this.items.values()) if (t.state === 'running') n++;
    return n;
  }

  apply(e: Exclude<ModeEvent, { type: 'warning' | 'chat' }>): void {
    const now = this.now();
    if (e.type === 'transfer-started') {
      this.items.set(e.id, {
        id: e.id,
        direction: e.direction,
        name: e.name,
        bytes: e.bytes,
        total: e.total,
        rate: 0,
        startedAt: now,
        endedAt: null,
        state: 'running',
        complete: false,
        problem: null,
        lastAt: now,
        lastBytes: e.bytes,
      });
      this.trim();
    } else {
      const t = this.items.get(e.id);
      if (!t || t.state !== 'running') return;
      if (e.type === 'transfer-progress') {
        const dt = (now - t.lastAt) / 1000;
        if (dt > 0) {
          const sample = (e.bytes - t.lastBytes) / dt;
          t.rate = t.rate === 0 ? sample : RATE_ALPHA * sample + (1 - RATE_ALPHA) * t.rate;
          t.lastAt = now;
          t.lastBytes = e.bytes;
        }
        t.bytes = e.bytes;
        t.total = e.total;
      } else if (e.type === 'transfer-finished') {
        // A ranged piece that ended normally is finished too, just not complete.
        t.state = 'finished';
        t.complete = e.complete;
        t.bytes = e.complete && t.total !== null ? t.total : e.bytes;
        t.endedAt = now;
      } else {
        t.state = e.problem ? 'rejected' : 'cancelled';
        t.problem = e.problem;
        t.bytes = e.bytes;
        t.endedAt = now;
      }
    }
    const t = this.items.get(e.id);
    if (t) this.changed(view(t));
    if (e.type !== 'transfer-progress' && this.idleWaiters.length > 0 && this.running() === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /**
   * Resolves once no transfer is running, or after `ms` at the latest. A
   * closing server reports the end of each transfer it cut, with its true
   * count, but those reports can trail its close() by a few turns of the
   * event loop.
   */
  settled(ms: number): Promise<void> {
    if (this.running() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      // A bound, not a schedule: real time, and it must not keep the process alive.
      const timer = setTimeout(() => done(), ms);
      timer.unref();
      const done = (): void => {
        clearTimeout(timer);
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  /** When the share stops, whatever still runs (its server never reported its end) was cut off. */
  cancelRunning(): void {
    for (const t of this.items.values()) {
      if (t.state === 'running') this.apply({ type: 'transfer-cancelled', id: t.id, problem: null, bytes: t.bytes });
    }
  }

  private trim(): void {
    const ended = [...this.items.values()].filter((t) => t.state !== 'running');
    for (const t of ended.slice(0, Math.max(0, ended.length - HISTORY))) this.items.delete(t.id);
  }
}

function view({ lastAt: _a, lastBytes: _b, ...t }: Transfer & { lastAt: number; lastBytes: number }): Transfer {
  return t;
}
