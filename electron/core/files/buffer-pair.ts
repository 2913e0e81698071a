// Two read buffers that take turns, for a reader that lends its chunks (plain Node).
// One is lent to the consumer while the next chunk is read into the other.
// A pair is made once per response (for a stored zip, shared by every file
// the response reads), not per chunk: fresh large buffers cost page faults
// and garbage collection on every megabyte sent. (The compressed zip is the
// exception: zlib queues its input, so it copies each chunk anyway.)

export class BufferPair {
  private readonly buffers: (Buffer | undefined)[] = [undefined, undefined];
  private turn = 0;

  /** @param size the largest read asked for (for a zip: a chunk plus the one-byte growth probe). */
  constructor(private readonly size: number) {}

  /** The buffer not handed out last time. */
  next(): Buffer {
    this.turn ^= 1;
    return (this.buffers[this.turn] ??= Buffer.allocUnsafe(this.size));
  }
}
