// Download bookkeeping: ids, throttled progress, and when a download counts as complete (plain Node).
//
// "Complete" (what stop-after-first-download acts on) means: the bytes that
// responses for the same representation (same ETag) have delivered, put
// together, cover the whole file or archive, and the response that closes the
// last gap finished without error. So a download that was cut at 60 % and
// resumed with a Range request from 60 % counts once the resumed part
// finishes; a client fetching segments in parallel counts when its last
// segment finishes; a cancelled or partial response alone never counts.
// Bytes of a cut-off response count up to what was handed to the socket: the
// visitor may have received a little less, but a real client resumes from
// what it actually has, so the union is never closed by bytes it is missing.
// When the representation is complete its record is cleared, so the next
// download of it starts counting from zero. An archive whose size is unknown
// in advance (compressed) cannot be resumed: only a whole response counts.
import { randomUUID } from 'node:crypto';
import type { CancelReason, DownloadWhat, ShareServerEvent } from './events';
import { IntervalSet } from './interval-set';
import type { ByteRange } from './ranges';

export interface DownloadPlan {
  what: DownloadWhat;
  name: string;
  relPath: string | null;
  wholeShare: boolean;
  /** ETag of the representation: responses with the same key add up. */
  key: string;
  /** Whole size, null when not known in advance. */
  total: number | null;
  /** The range this response sends; null for the whole body. */
  range: ByteRange | null;
}

export interface DownloadHandle {
  readonly id: string;
  /** More bytes were handed to the response. */
  sent(bytes: number): void;
  /** The response finished without error. */
  finish(): void;
  cancel(reason: CancelReason): void;
}

export interface TrackerOptions {
  emit: (event: ShareServerEvent) => void;
  progressIntervalMs?: number;
  now?: () => number;
}

export class DownloadTracker {
  private readonly emit: (event: ShareServerEvent) => void;
  private readonly progressIntervalMs: number;
  private readonly now: () => number;
  private readonly delivered = new Map<string, IntervalSet>();
  private readonly running = new Map<string, DownloadPlan>();
  private completedWhole = 0;

  constructor(options: TrackerOptions) {
    this.emit = options.emit;
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  /** Downloads whose response is still being sent. */
  active(filter?: (plan: DownloadPlan) => boolean): number {
    let n = 0;
    for (const plan of this.running.values()) if (!filter || filter(plan)) n++;
    return n;
  }

  /** Complete downloads of the whole share so far. */
  get completedWholeShare(): number {
    return this.completedWhole;
  }

  begin(plan: DownloadPlan): DownloadHandle {
    const id = randomUUID();
    const start = plan.range ? plan.range.start : 0;
    const end = plan.range ? plan.range.end : plan.total === null ? null : plan.total - 1;
    this.running.set(id, plan);
    this.emit({
      type: 'download-started',
      id,
      what: plan.what,
      name: plan.name,
      relPath: plan.relPath,
      wholeShare: plan.wholeShare,
      total: plan.total,
      rangeStart: start,
      rangeEnd: end,
    });
    let sent = 0;
    let lastProgress = this.now();
    let done = false;
    const progress = (): void => {
      lastProgress = this.now();
      this.emit({ type: 'download-progress', id, bytes: start + sent, sent, total: plan.total });
    };
    return {
      id,
      sent: (bytes) => {
        if (done) return;
        sent += bytes;
        if (this.now() - lastProgress >= this.progressIntervalMs) progress();
      },
      finish: () => {
        if (done) return;
        done = true;
        this.running.delete(id);
        progress();
        const complete = this.record(plan, start, sent, true);
        if (complete && plan.wholeShare) this.completedWhole++;
        this.emit({ type: 'download-finished', id, complete, sent });
      },
      cancel: (reason) => {
        if (done) return;
        done = true;
        this.running.delete(id);
        this.record(plan, start, sent, false);
        this.emit({ type: 'download-cancelled', id, reason, sent });
      },
    };
  }

  /** Add what a response delivered; true when that completes the representation. */
  private record(plan: DownloadPlan, start: number, sent: number, finished: boolean): boolean {
    if (plan.total === null) return finished && plan.range === null;
    if (plan.total === 0) return finished;
    let set = this.delivered.get(plan.key);
    if (!set) {
      set = new IntervalSet();
      this.delivered.set(plan.key, set);
    }
    set.add(start, start + sent);
    if (!finished || !set.covers(0, plan.total)) return false;
    this.delivered.delete(plan.key);
    return true;
  }
}
