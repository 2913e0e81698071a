// Two read buffers that take turns, for a reader that lends its chunks, from a pool the whole process shares (plain Node).
// One is lent to the consumer while the next chunk is read into the other.
// A pair is taken once per response (for a stored zip, shared by every file
// the response reads), not per chunk: fresh large buffers cost page faults
// and garbage collection on every megabyte sent. (The compressed zip is the
// exception: zlib queues its input, so it copies each chunk anyway.) A pair
// given back goes to the pool, so the next response reads into the same
// memory: the process holds as many buffers as downloads run at once, never
// a trail of dead ones waiting for the garbage collector.

/**
 * A buffer that starts on a memory page. Buffer.allocUnsafe takes large
 * buffers from malloc, whose mmap'ed blocks start 16 bytes into a page, and
 * on some CPUs (measured here: AMD EPYC) the kernel copies a file's cached
 * pages into such a buffer at a fifth of the speed it copies into an aligned
 * one (2.6 against 13 GB/s for 512 KiB reads; bench/README.md, finding 8).
 * V8 reserves a resizable ArrayBuffer's memory as whole pages, so its first
 * byte is page-aligned.
 */
export function pageAlignedBuffer(size: number): Buffer {
  return Buffer.from(new ResizableArrayBuffer(size, { maxByteLength: size }), 0, size);
}

// ES2024's constructor signature; the ES2023 lib this project compiles against lacks the options.
const ResizableArrayBuffer = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer;

/** Idle buffers kept per size; more are left to the garbage collector. */
const KEEP_IDLE = 16;
/** Idle buffers are let go this long after the last one came back, so a finished burst of downloads leaves no memory behind. */
const IDLE_MS = 15_000;

class BufferPool {
  private readonly idle = new Map<number, Buffer[]>();
  private timer: NodeJS.Timeout | undefined;

  take(size: number): Buffer {
    return this.idle.get(size)?.pop() ?? pageAlignedBuffer(size);
  }

  give(buf: Buffer): void {
    const list = this.idle.get(buf.length) ?? [];
    if (list.length >= KEEP_IDLE) return;
    list.push(buf);
    this.idle.set(buf.length, list);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.idle.clear();
      }, IDLE_MS);
      this.timer.unref();
    } else {
      this.timer.refresh();
    }
  }
}

const pool = new BufferPool();

export class BufferPair {
  private readonly buffers: (Buffer | undefined)[] = [undefined, undefined];
  private turn = 0;

  /** @param size the largest read asked for (for a zip: a chunk plus the one-byte growth probe). */
  constructor(private readonly size: number) {}

  /** The buffer not handed out last time. */
  next(): Buffer {
    this.turn ^= 1;
    return (this.buffers[this.turn] ??= pool.take(this.size));
  }

  /**
   * Gives both buffers back to the pool, for another response to read into.
   * Only once no chunk read into them is lent any more: for a Body, when
   * its consumer has finished or stopped iterating (sendBody asks for the
   * next chunk only after the socket took the last one).
   */
  release(): void {
    for (let i = 0; i < 2; i++) {
      const buf = this.buffers[i];
      this.buffers[i] = undefined;
      if (buf !== undefined) pool.give(buf);
    }
  }
}
