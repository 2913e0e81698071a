// Groups small output pieces into larger chunks (plain Node).
// Thousands of tiny files would otherwise become tens of thousands of tiny
// writes (header, data, descriptor each); large file chunks pass through uncopied.

export const BATCH_BYTES = 64 * 1024;

export class ChunkBatch {
  private parts: Buffer[] = [];
  private bytes = 0;

  /** Adds a piece; returns the chunks that are ready to be sent, in order. */
  *add(piece: Buffer): Generator<Buffer, void, undefined> {
    if (piece.length === 0) return;
    if (piece.length >= BATCH_BYTES) {
      if (this.bytes > 0) yield this.take();
      yield piece;
      return;
    }
    this.parts.push(piece);
    this.bytes += piece.length;
    if (this.bytes >= BATCH_BYTES) yield this.take();
  }

  /** Whatever is still held back. */
  *flush(): Generator<Buffer, void, undefined> {
    if (this.bytes > 0) yield this.take();
  }

  private take(): Buffer {
    const chunk = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.bytes);
    this.parts = [];
    this.bytes = 0;
    return chunk;
  }
}
