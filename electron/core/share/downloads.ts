// Download bookkeeping: ids, throttled progress, and when a download counts as complete (plain Node).
//
// "Complete" (what stop-after-first-download and the "Download complete"
// notification act on) means: one visitor has every byte of the file or
// archive, through one response or several (a download cut at 60 % and
// resumed from there, segments fetched in parallel), and the response that
// closed the last gap finished without error.
//
// Who is "one visitor"? Not an address: every visitor reaches us from the
// Tor daemon's address (loopback, or the Whonix-Gateway). Not a connection
// either: a resume comes on a new connection, usually over a new circuit. So
// we key on what the requests themselves say. First the representation (the
// ETag: the same bytes), then, within it, a chain of responses that continue
// one another:
// - a response from byte 0 starts a chain, unless a response of this
//   representation is still running (then it joins that chain: two parts of
//   one download under way, such as segments fetched in parallel);
// - a Range from byte N joins the chain that has delivered [0, N): a client
//   asks for N onwards only when it holds the bytes before N (browsers,
//   curl -C, wget -c resuming); else a chain still running, as above;
// - anything else (a lone range, a tool reading a zip's directory first)
//   starts a chain of its own, and can complete only with what it fetches
//   itself. So a range that reaches the end is never "complete" because of
//   bytes another visitor fetched earlier.
// Bytes of a cut-off response count up to what was handed to the socket: the
// visitor may have received a little less, but a real client resumes from
// what it actually has, so a chain is never closed by bytes it is missing.
// A complete chain is dropped, so the next download starts counting from
// zero. An archive whose size is unknown in advance (compressed) cannot be
// resumed: only a whole response counts.
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

/** The deliveries of one visitor's download of one representation (see the top of this file). */
interface Chain {
  readonly delivered: IntervalSet;
  /** Responses of this chain still being sent. */
  running: number;
}

/** Chains kept per representation; the oldest idle one goes first. */
const MAX_CHAINS = 64;

export interface TrackerOptions {
  emit: (event: ShareServerEvent) => void;
  progressIntervalMs?: number;
  now?: () => number;
}

export class DownloadTracker {
  private readonly emit: (event: ShareServerEvent) => void;
  private readonly progressIntervalMs: number;
  private readonly now: () => number;
  private readonly chains = new Map<string, Chain[]>();
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
    const chain = this.chainFor(plan, start);
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
        const complete = this.record(plan, chain, start, sent, true);
        if (complete && plan.wholeShare) this.completedWhole++;
        this.emit({ type: 'download-finished', id, complete, sent, bytes: start + sent });
      },
      cancel: (reason) => {
        if (done) return;
        done = true;
        this.running.delete(id);
        this.record(plan, chain, start, sent, false);
        // The true count, not the last throttled progress: a cancel may come before any.
        this.emit({ type: 'download-cancelled', id, reason, sent, bytes: start + sent });
      },
    };
  }

  /** The chain a response starting at `start` belongs to (see the top of this file). */
  private chainFor(plan: DownloadPlan, start: number): Chain {
    let list = this.chains.get(plan.key);
    if (!list) {
      list = [];
      this.chains.set(plan.key, list);
    }
    let chosen: Chain | undefined;
    if (start > 0) {
      // A resume: the chain whose bytes from 0 reach `start`, the closest fit first.
      for (const c of list) {
        const end = c.delivered.prefixEnd();
        if (end >= start && (chosen === undefined || end < chosen.delivered.prefixEnd())) chosen = c;
      }
    }
    // Part of a download under way: the newest chain with a response running.
    chosen ??= [...list].reverse().find((c) => c.running > 0);
    if (!chosen) {
      chosen = { delivered: new IntervalSet(), running: 0 };
      list.push(chosen);
      if (list.length > MAX_CHAINS) {
        const idle = list.findIndex((c) => c.running === 0);
        if (idle >= 0) list.splice(idle, 1);
      }
    }
    chosen.running++;
    return chosen;
  }

  /** Add what a response delivered to its chain; true when that completes the chain. */
  private record(plan: DownloadPlan, chain: Chain, start: number, sent: number, finished: boolean): boolean {
    chain.running--;
    chain.delivered.add(start, start + sent);
    const complete =
      finished && (plan.total === null ? plan.range === null : plan.total === 0 || chain.delivered.covers(0, plan.total));
    const list = this.chains.get(plan.key);
    if (list && (complete || (chain.running === 0 && chain.delivered.empty))) {
      const at = list.indexOf(chain);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.chains.delete(plan.key);
    }
    return complete;
  }
}
