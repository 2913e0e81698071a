// Groups small output pieces into larger chunks (plain Node).
// Thousands of tiny files would otherwise become tens of thousands of tiny
// writes (header, data, descriptor each); large file chunks pass through uncopied.
// Small pieces are copied into one staging buffer, so a piece may come from a
// buffer its producer reuses; the staged chunk is lent like every chunk of a
// Body (valid until the consumer asks for the next one).

export const BATCH_BYTES = 64 * 1024;

export class ChunkBatch {
  private staging: Buffer | undefined;
  private bytes = 0;

  /** Adds a piece; yields the chunks that are ready to be sent, in order. */
  *add(piece: Buffer): Generator<Buffer, void, undefined> {
    if (piece.length === 0) return;
    if (piece.length >= BATCH_BYTES) {
      if (this.bytes > 0) yield this.take();
      yield piece;
      return;
    }
    if (this.bytes + piece.length > BATCH_BYTES) yield this.take();
    this.staging ??= Buffer.allocUnsafe(BATCH_BYTES);
    piece.copy(this.staging, this.bytes);
    this.bytes += piece.length;
    if (this.bytes === BATCH_BYTES) yield this.take();
  }

  /** Whatever is still held back. */
  *flush(): Generator<Buffer, void, undefined> {
    if (this.bytes > 0) yield this.take();
  }

  private take(): Buffer {
    const chunk = (this.staging as Buffer).subarray(0, this.bytes);
    this.bytes = 0;
    return chunk;
  }
}
