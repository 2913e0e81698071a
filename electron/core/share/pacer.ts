// Lets a long run of synchronous file-system calls share the event loop (plain Node).
// For metadata in the page cache, a thread-pool round trip costs about five
// times the call itself (an lstat: about 29 µs against 6 µs here), so walks
// over thousands of files call the file system synchronously, one at a time.
// The walker gives the event loop a turn every `slice` calls, and sooner when
// `sliceMs` have passed (slow storage: a cold disk, a network mount), so
// timers, IPC and other downloads still run while a huge folder is walked.
// One call that hangs (a dead network mount) still blocks; see bench/README.md.
import { performance } from 'node:perf_hooks';

export const DEFAULT_SLICE = 256;
export const DEFAULT_SLICE_MS = 4;

export class Pacer {
  private calls = 0;
  private lastTurn = performance.now();

  constructor(
    private readonly slice = DEFAULT_SLICE,
    private readonly sliceMs = DEFAULT_SLICE_MS,
  ) {}

  /** Call before each file-system call and await what it returns (most often nothing). */
  pace(): Promise<void> | null {
    this.calls++;
    if (this.calls % this.slice !== 0 && performance.now() - this.lastTurn < this.sliceMs) return null;
    return new Promise((resolve) =>
      setImmediate(() => {
        this.lastTurn = performance.now();
        resolve();
      }),
    );
  }
}
