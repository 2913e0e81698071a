// A set of byte intervals, merged as they are added (plain Node).

/** Half-open [start, end). */
export interface Interval {
  start: number;
  end: number;
}

export class IntervalSet {
  private items: Interval[] = [];

  add(start: number, end: number): void {
    if (end <= start) return;
    const next: Interval[] = [];
    let merged: Interval = { start, end };
    for (const it of this.items) {
      if (it.end < merged.start || it.start > merged.end) next.push(it);
      else merged = { start: Math.min(it.start, merged.start), end: Math.max(it.end, merged.end) };
    }
    next.push(merged);
    next.sort((a, b) => a.start - b.start);
    this.items = next;
  }

  /** Where the run of bytes from 0 ends: 0 when byte 0 is not in the set. */
  prefixEnd(): number {
    const first = this.items[0];
    return first !== undefined && first.start === 0 ? first.end : 0;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** True when [start, end) lies wholly inside one merged interval. */
  covers(start: number, end: number): boolean {
    return this.items.some((it) => it.start <= start && it.end >= end);
  }

  get intervals(): readonly Interval[] {
    return this.items;
  }
}
