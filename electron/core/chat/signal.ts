// Waiting for a state to be reached, or for a bound, whichever comes first
// (plain Node): the room's goodbyes wait for their sockets to close and their
// visitors to be told, never longer than they may.

export class Signal {
  private readonly waiters = new Set<() => void>();

  /** Something changed: every waiter looks again. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves once `holds()` (looked at now and on every notify), or after `ms`, when `onTimeout` runs first. */
  until(holds: () => boolean, ms: number, onTimeout: () => void = () => undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = (): void => {
        if (holds()) done();
      };
      const timer = setTimeout(() => {
        onTimeout();
        done();
      }, ms);
      this.waiters.add(check);
      check();
    });
  }
}
