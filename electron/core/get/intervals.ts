// Byte intervals a download has on disk: merged as they grow, their total, and what is missing (plain Node, pure).

/** Half-open: [start, end). */
export type Span = readonly [start: number, end: number];

export class Intervals {
  private spans: Array<[number, number]> = [];
  private total = 0;

  constructor(initial: readonly Span[] = []) {
    for (const [s, e] of initial) this.add(s, e);
  }

  add(start: number, end: number): void {
    if (!(end > start)) return;
    let s = start;
    let e = end;
    const kept: Array<[number, number]> = [];
    let at = 0;
    for (const span of this.spans) {
      if (span[1] < s) {
        kept.push(span);
        at = kept.length;
      } else if (span[0] > e) {
        kept.push(span);
      } else {
        s = Math.min(s, span[0]);
        e = Math.max(e, span[1]);
      }
    }
    kept.splice(at, 0, [s, e]);
    this.spans = kept;
    this.total = kept.reduce((sum, [a, b]) => sum + (b - a), 0);
  }

  /** Bytes covered. */
  get covered(): number {
    return this.total;
  }

  /** Whether [0, size) is covered. */
  complete(size: number): boolean {
    return size === 0 || (this.spans.length === 1 && this.spans[0]?.[0] === 0 && (this.spans[0]?.[1] ?? 0) >= size);
  }

  /** The parts of [0, size) not covered, in order. */
  gaps(size: number): Span[] {
    const out: Span[] = [];
    let at = 0;
    for (const [s, e] of this.spans) {
      if (s > at) out.push([at, Math.min(s, size)]);
      at = Math.max(at, e);
      if (at >= size) break;
    }
    if (at < size) out.push([at, size]);
    return out.filter(([s, e]) => e > s);
  }

  toJSON(): Span[] {
    return this.spans.map(([s, e]) => [s, e] as const);
  }

  clear(): void {
    this.spans = [];
    this.total = 0;
  }
}
