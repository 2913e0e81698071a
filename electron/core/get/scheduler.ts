// Who fetches which bytes: pieces handed to lanes, halves of the largest piece in progress taken over by a lane that ran out (plain Node, pure).
//
// Work stealing: when the queue is empty, an idle lane takes the second half
// of whatever piece has the most bytes left, and the lane that had it stops
// at the new end. A slow or stalled lane therefore never holds the tail of a
// download alone: the faster lanes split its remainder between them. A piece
// a lane gives up (its request failed) goes back to the front of the queue.
import { Intervals, type Span } from './intervals';

export interface TargetSpec {
  /** null: not known in advance (a compressed archive): fetched whole by one lane, never split or resumed. */
  size: number | null;
  /** What is already on disk. */
  done: readonly Span[];
}

export interface SchedulerOptions {
  streams: number;
  /** Pieces are at least this large when a download is first split. Default 1 MiB. */
  minPiece?: number;
  /** A lane steals only when both halves get at least this much. Default 512 KiB. */
  minSteal?: number;
}

export interface Assignment {
  readonly target: number;
  /** Where this lane's request starts. */
  readonly start: number;
  /** Bytes before this are written. */
  cursor: number;
  /** Bytes being written right now (from cursor on): a thief starts after them. */
  inflight: number;
  /** Exclusive; lowered when another lane steals the rest. Infinity for an unknown size. */
  end: number;
  readonly lane: number;
}

interface Piece {
  target: number;
  start: number;
  end: number;
}

export const DEFAULT_MIN_PIECE = 1024 * 1024;
export const DEFAULT_MIN_STEAL = 512 * 1024;

export class Scheduler {
  private readonly queue: Piece[] = [];
  private readonly active = new Set<Assignment>();
  private readonly done: Intervals[];
  private readonly sizes: Array<number | null>;
  private readonly minSteal: number;
  private readonly finishedUnknown = new Set<number>();

  constructor(targets: readonly TargetSpec[], options: SchedulerOptions) {
    this.minSteal = options.minSteal ?? DEFAULT_MIN_STEAL;
    this.sizes = targets.map((t) => t.size);
    this.done = targets.map((t) => new Intervals(t.size === null ? [] : t.done));
    let remaining = 0;
    targets.forEach((t, i) => {
      if (t.size !== null) remaining += t.size - (this.done[i] as Intervals).covered;
    });
    const piece = Math.max(options.minPiece ?? DEFAULT_MIN_PIECE, Math.ceil(remaining / Math.max(1, options.streams)));
    targets.forEach((t, target) => {
      if (t.size === null) {
        this.queue.push({ target, start: 0, end: Infinity });
        return;
      }
      for (const [s, e] of (this.done[target] as Intervals).gaps(t.size)) {
        const count = Math.ceil((e - s) / piece);
        const step = Math.ceil((e - s) / count);
        for (let at = s; at < e; at += step) this.queue.push({ target, start: at, end: Math.min(e, at + step) });
      }
    });
  }

  /** The next work for `lane`: the queue first, else half of the largest piece in progress; null when there is none. */
  take(lane: number): Assignment | null {
    const piece = this.queue.shift() ?? this.steal();
    if (!piece) return null;
    const a: Assignment = { target: piece.target, start: piece.start, cursor: piece.start, inflight: 0, end: piece.end, lane };
    this.active.add(a);
    return a;
  }

  /** `bytes` more were written at a.cursor. */
  wrote(a: Assignment, bytes: number): void {
    if (this.sizes[a.target] !== null) (this.done[a.target] as Intervals).add(a.cursor, a.cursor + bytes);
    a.cursor += bytes;
  }

  /**
   * The lane is done with `a`: whatever it did not write goes back to the
   * front of the queue. For an unknown size, `completeSize` says the
   * response ended properly after that many bytes; without it the piece
   * starts over (nothing can be resumed).
   */
  release(a: Assignment, completeSize?: number): void {
    if (!this.active.delete(a)) return;
    if (this.sizes[a.target] === null) {
      if (completeSize !== undefined) {
        this.sizes[a.target] = completeSize;
        this.finishedUnknown.add(a.target);
      } else {
        this.queue.unshift({ target: a.target, start: 0, end: Infinity });
      }
      return;
    }
    if (a.cursor < a.end) this.queue.unshift({ target: a.target, start: a.cursor, end: a.end });
  }

  /** Forget every byte of a target (it failed verification) and queue it whole again. */
  reset(target: number): void {
    const size = this.sizes[target];
    (this.done[target] as Intervals).clear();
    if (size === null || size === undefined) return;
    if (size > 0) this.queue.push({ target, start: 0, end: size });
  }

  complete(target: number): boolean {
    const size = this.sizes[target];
    if (size === null || size === undefined) return false;
    if (this.finishedUnknown.has(target)) return true;
    return (this.done[target] as Intervals).complete(size);
  }

  /** Nothing queued and nothing in progress. */
  get idle(): boolean {
    return this.queue.length === 0 && this.active.size === 0;
  }

  /** Whether any lane is working on `target`. */
  busy(target: number): boolean {
    for (const a of this.active) if (a.target === target) return true;
    return this.queue.some((p) => p.target === target);
  }

  doneOf(target: number): Span[] {
    return (this.done[target] as Intervals).toJSON();
  }

  coveredOf(target: number): number {
    return (this.done[target] as Intervals).covered;
  }

  sizeOf(target: number): number | null {
    return this.sizes[target] ?? null;
  }

  private steal(): Piece | null {
    let victim: Assignment | null = null;
    let most = 0;
    for (const a of this.active) {
      if (a.end === Infinity) continue;
      const left = a.end - (a.cursor + a.inflight);
      if (left > most) {
        most = left;
        victim = a;
      }
    }
    if (!victim || most < 2 * this.minSteal) return null;
    const mid = victim.cursor + victim.inflight + Math.floor(most / 2);
    const piece = { target: victim.target, start: mid, end: victim.end };
    victim.end = mid;
    return piece;
  }
}
