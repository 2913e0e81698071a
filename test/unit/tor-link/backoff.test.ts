// Reconnect delays: 1 s doubling to 30 s, starting over after a success, and
// a sleep that close() can cut short.
import { describe, expect, it } from 'vitest';
import { Backoff, sleep, type Timer } from '../../../electron/core/tor/backoff';

describe('Backoff', () => {
  it('waits 1 s, then doubles up to 30 s and stays there', () => {
    const b = new Backoff();
    expect(Array.from({ length: 9 }, () => b.next())).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
    expect(b.attempts).toBe(9);
  });

  it('starts over after reset (a successful reconnect)', () => {
    const b = new Backoff();
    b.next();
    b.next();
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(1_000);
  });

  it('takes shorter delays for tests, and refuses settings that would spin or shrink', () => {
    const short = new Backoff({ initialMs: 50, maxMs: 300 });
    expect([short.next(), short.next(), short.next(), short.next(), short.next()]).toEqual([50, 100, 200, 300, 300]);
    const odd = new Backoff({ initialMs: 0, maxMs: -5, factor: 0.5 });
    expect([odd.next(), odd.next()]).toEqual([1, 1]);
  });
});

describe('sleep', () => {
  function manualTimer(): Timer & { fire(): void; pending: number } {
    const queue: Array<{ fn: () => void; cancelled: boolean }> = [];
    return {
      schedule(_ms, fn) {
        const entry = { fn, cancelled: false };
        queue.push(entry);
        return () => {
          entry.cancelled = true;
        };
      },
      fire() {
        for (const e of queue.splice(0)) if (!e.cancelled) e.fn();
      },
      get pending() {
        return queue.filter((e) => !e.cancelled).length;
      },
    };
  }

  it('ends when its timer fires', async () => {
    const timer = manualTimer();
    let done = false;
    const s = sleep(timer, 30_000);
    void s.done.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    timer.fire();
    await s.done;
    expect(done).toBe(true);
  });

  it('ends at once on wake, and cancels its timer', async () => {
    const timer = manualTimer();
    const s = sleep(timer, 30_000);
    s.wake();
    await s.done;
    expect(timer.pending).toBe(0);
  });
});
