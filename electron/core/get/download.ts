// A whole download: lanes on circuits of their own fetching ranges, checkpoints that make it resumable, verification, final names (plain Node).
//
// The rules that keep it safe:
// - Bytes go to "<name>.oniondrop-part" files in folders this download made;
//   a file gets its final name only after it was verified, and never one that
//   exists ("name (2)" then).
// - The state beside the download lists only byte ranges that were flushed to
//   disk before it was written: ranges are noted, the part files are synced,
//   then the state is replaced atomically. So after kill -9 a new run fetches
//   what is missing and nothing it already had.
// - A run against a share whose ETag changed is refused (or starts over when
//   asked); a changed file during the run ends it.
// - Failures are retried on a fresh circuit with growing pauses, and after
//   `maxFailures` failures in a row without progress the download stops with
//   a problem, resumable.
import { readdir, lstat, rmdir, stat, access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Problem } from '../../contract';
import type { Manifest } from '../manifest';
import { errnoCode } from '../share/errors';
import { Backoff, type BackoffOptions } from '../tor/backoff';
import { createPart, finalizePart, PART_SUFFIX, removeQuietly, writeFailed } from './disk';
import { GetError } from './errors';
import type { FileState, GetEvent, GetFileView, GetResult, GetTotals, Verification } from './events';
import { gaveUp } from './failures';
import { fetchAssignment, type StallRule } from './fetch';
import { Lane } from './lane';
import { chooseMode, planLayout, type PlannedTarget } from './layout';
import type { ShareConnection } from './remote';
import { Scheduler } from './scheduler';
import { lockDownload, readState, removeState, statePath, writeState, type GetState, type TargetState } from './state';
import { checkZip, sha256Of } from './verify';

export const MIN_STREAMS = 1;
export const MAX_STREAMS = 16;
export const DEFAULT_STREAMS = 4;
/** Requests each lane keeps in flight on its circuit (see DownloadRun.lane). */
export const REQUESTS_PER_LANE = 2;

export interface DownloadTuning {
  /** How often the state is written (after syncing the part files). Default 2 s. */
  checkpointMs: number;
  /** Also after this many bytes fetched since the last one, so a fast download killed loses little. Default 8 MiB. */
  checkpointBytes: number;
  /** Progress events at most this often. Default 250 ms. */
  progressIntervalMs: number;
  /** A response slower than this is ended. Default: under 64 KiB in 30 s. */
  stall: StallRule;
  /** Pauses between a lane's failed requests. Default 1 s doubling to 30 s. */
  backoff: Partial<BackoffOptions>;
  /** Failures in a row without progress before giving up. Default 12. */
  maxFailures: number;
  /** A failed response that still delivered this much counts as progress. Default 1 MiB. */
  progressResetBytes: number;
  /** How long, in all, to wait for hashes the share has not computed yet. Default 120 s. */
  hashWaitMs: number;
  /** How often the manifest is asked again meanwhile. Default 5 s. */
  hashPollMs: number;
  /** Longest Retry-After obeyed. Default 120 s. */
  maxRetryAfterMs: number;
  minPiece?: number;
  minSteal?: number;
}

export const DEFAULT_TUNING: Readonly<DownloadTuning> = {
  checkpointMs: 2_000,
  checkpointBytes: 8 * 1024 * 1024,
  progressIntervalMs: 250,
  stall: { windowMs: 30_000, minBytes: 64 * 1024 },
  backoff: { initialMs: 1_000, maxMs: 30_000, factor: 2 },
  maxFailures: 12,
  progressResetBytes: 1024 * 1024,
  hashWaitMs: 120_000,
  hashPollMs: 5_000,
  maxRetryAfterMs: 120_000,
};

export interface DownloadOptions {
  destination: string;
  /** Parallel lanes (circuits), 1 to 16. Default 4; 1 when the share serves one download at a time. */
  streams?: number;
  /** 'auto': files one by one when the share offers them, else its archive. 'archive': the archive. */
  prefer?: 'auto' | 'archive';
  /** The share changed since an earlier, unfinished run into this folder: start over instead of refusing. */
  restart?: boolean;
  onEvent?: (event: GetEvent) => void;
  tuning?: Partial<DownloadTuning>;
}

export interface Download {
  /** Never rejects: failures are a `failed` result with its Problem. */
  readonly done: Promise<GetResult>;
  /** Stops every request (the state is written); resume() goes on. */
  pause(): void;
  resume(): void;
  /** Stops for good. Keeps what is on disk for a later run, unless `discard`: then removes the parts, the state and empty folders it made. */
  cancel(options?: { discard?: boolean }): void;
}

interface Target extends PlannedTarget {
  state: FileState;
  verification: Verification | null;
  /** Bytes of the current attempt, for a target of unknown size. */
  streamed: number;
  /** Written to since the last sync. */
  dirty: boolean;
  opening: Promise<NonNullable<PlannedTarget['handle']>> | null;
  finalizing: boolean;
}

/** Resolves waiters whenever something may have changed (work released, a stop). */
class Notifier {
  private waiters: Array<() => void> = [];
  wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal.addEventListener('abort', done);
    });
  }
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

async function checkDestination(path: string): Promise<void> {
  try {
    const st = await stat(path);
    if (!st.isDirectory()) throw new GetError({ kind: 'get-destination', path, reason: 'not-folder' });
    await access(path, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (error instanceof GetError) throw error;
    const code = errnoCode(error);
    throw new GetError({ kind: 'get-destination', path, reason: code === 'ENOENT' ? 'missing' : code === 'ENOTDIR' ? 'not-folder' : 'not-writable' });
  }
}

export function startDownload(connection: ShareConnection, options: DownloadOptions): Download {
  const streams = options.streams ?? DEFAULT_STREAMS;
  if (!Number.isInteger(streams) || streams < MIN_STREAMS || streams > MAX_STREAMS) {
    throw new RangeError(`streams must be ${MIN_STREAMS} to ${MAX_STREAMS}`);
  }
  const run = new DownloadRun(connection, options, streams);
  return {
    done: run.start(),
    pause: () => run.pause(),
    resume: () => run.resume(),
    cancel: (o) => run.cancel(o?.discard ?? false),
  };
}

class DownloadRun {
  private readonly destination: string;
  private readonly tuning: DownloadTuning;
  private manifest: Manifest;
  private targets: Target[] = [];
  private folders: Record<string, string> = {};
  private mode: GetState['mode'] = 'files';
  private scheduler: Scheduler | null = null;
  private lanesWanted: number;
  /** Aborted by cancel() or a fatal problem: everything stops. */
  private readonly stopping = new AbortController();
  /** The lanes of the current stretch between pauses. */
  private session: AbortController | null = null;
  private paused = false;
  private resumed = new Notifier();
  private readonly changed = new Notifier();
  private failure: Problem | null = null;
  private cancelled: { discard: boolean } | null = null;
  private stateWritten = false;
  private failuresInARow = 0;
  private activeLanes = 0;
  private bytesFetched = 0;
  private readonly samples: Array<[number, number]> = [];
  private readonly changedFiles = new Set<number>();
  private finalizeChain: Promise<void> = Promise.resolve();
  private checkpointChain: Promise<void> = Promise.resolve();
  /** Bytes fetched since a checkpoint was last asked for by size. */
  private sinceCheckpoint = 0;
  private hashDeadline: number | null = null;
  private lastRefresh = 0;

  constructor(
    private readonly connection: ShareConnection,
    private readonly options: DownloadOptions,
    streams: number,
  ) {
    this.destination = resolve(options.destination);
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.manifest = connection.manifest;
    this.lanesWanted = this.manifest.oneDownloadAtATime ? 1 : streams;
  }

  pause(): void {
    if (this.paused || this.stopping.signal.aborted) return;
    this.paused = true;
    this.session?.abort();
    this.emit({ type: 'paused' });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.emit({ type: 'resumed' });
    this.resumed.notify();
  }

  cancel(discard: boolean): void {
    if (this.cancelled || this.failure) return;
    this.cancelled = { discard };
    this.stop();
  }

  async start(): Promise<GetResult> {
    let unlock: (() => Promise<void>) | null = null;
    let ticker: NodeJS.Timeout | undefined;
    let checkpoints: NodeJS.Timeout | undefined;
    try {
      await checkDestination(this.destination);
      unlock = await lockDownload(this.destination, this.connection.address.serviceId);
      await this.prepare();
      ticker = setInterval(() => this.emitProgress(), this.tuning.progressIntervalMs);
      checkpoints = setInterval(() => void this.checkpoint().catch((error: unknown) => this.fail(error)), this.tuning.checkpointMs);
      await this.runLanes();
      await this.finalizeChain;
    } catch (error) {
      this.fail(error);
    } finally {
      clearInterval(ticker);
      clearInterval(checkpoints);
    }
    const result = await this.finish();
    await unlock?.();
    return result;
  }

  // --- setup ------------------------------------------------------------

  private async prepare(): Promise<void> {
    const { serviceId } = this.connection.address;
    let previous = await readState(this.destination, serviceId);
    const mode = chooseMode(this.manifest, this.options.prefer ?? 'auto');
    if (previous && (previous.etag !== this.manifest.etag || previous.mode !== mode)) {
      if (!this.options.restart) throw new GetError({ kind: 'get-share-changed', name: null, resuming: true });
      await this.discardState(previous);
      previous = null;
    }
    const layout = await planLayout(this.destination, this.manifest, mode, previous);
    this.mode = layout.mode;
    this.folders = layout.folders;
    this.targets = layout.targets.map((t) => ({
      ...t,
      state: t.savedAs !== null ? 'done' : 'waiting',
      verification: null,
      streamed: 0,
      dirty: false,
      opening: null,
      finalizing: false,
    }));
    const pending = this.targets.filter((t) => t.savedAs === null);
    this.scheduler = new Scheduler(
      this.targets.map((t) => ({ size: t.savedAs !== null ? 0 : t.size, done: t.done })),
      { streams: this.lanesWanted, minPiece: this.tuning.minPiece, minSteal: this.tuning.minSteal },
    );
    if (pending.some((t) => t.size === null)) this.lanesWanted = 1;
    // Before any byte: the folders made, so a rerun finds them.
    await this.checkpoint();
    const resumedBytes = pending.reduce((sum, t) => sum + this.doneOf(t), 0);
    this.emit({
      type: 'start',
      mode: this.mode,
      destination: this.destination,
      statePath: statePath(this.destination, serviceId),
      streams: this.lanesWanted,
      files: this.targets.map((t) => this.view(t)),
      resumedBytes,
      totals: this.totals(),
    });
    // Empty files and files whose last bytes arrived just before an interruption.
    for (const t of pending) if (this.scheduler.complete(t.id)) this.queueFinalize(t);
  }

  // --- lanes ------------------------------------------------------------

  private async runLanes(): Promise<void> {
    const scheduler = this.scheduler as Scheduler;
    while (!this.stopping.signal.aborted) {
      if (this.paused) {
        await this.checkpoint();
        await this.resumed.wait(this.stopping.signal);
        continue;
      }
      if (scheduler.idle) break;
      const session = new AbortController();
      this.session = session;
      const lanes = Array.from({ length: this.lanesWanted }, (_, i) => this.lane(i, session.signal));
      await Promise.all(lanes);
      this.session = null;
    }
  }

  /**
   * One lane: a circuit of its own, on which `REQUESTS_PER_LANE` requests run
   * at once, so the circuit does not idle for a round trip between one file
   * (or range) and the next. Measured in bench/get.mjs: with one request at a
   * time, 200 files of 512 KiB over one circuit took 0.85-0.94 of curl's time
   * for the same bytes as one zip. A share serving one download at a time gets
   * one request at a time.
   */
  private async lane(index: number, signal: AbortSignal): Promise<void> {
    const stop = AbortSignal.any([signal, this.stopping.signal]);
    const depth = this.manifest.oneDownloadAtATime ? 1 : REQUESTS_PER_LANE;
    const lane = new Lane(index + 1, this.connection.route, this.connection.address.host, this.connection.responseTimeoutMs, depth);
    const inFlight = { count: 0 };
    try {
      await Promise.all(Array.from({ length: depth }, () => this.laneWorker(index, lane, inFlight, stop)));
    } finally {
      lane.close();
      this.changed.notify();
    }
  }

  private async laneWorker(index: number, lane: Lane, inFlight: { count: number }, stop: AbortSignal): Promise<void> {
    const scheduler = this.scheduler as Scheduler;
    const backoff = new Backoff(this.tuning.backoff);
    while (!stop.aborted) {
      const a = scheduler.take(index);
      if (!a) {
        if (scheduler.idle) break;
        await this.changed.wait(stop);
        continue;
      }
      const t = this.targets[a.target] as Target;
      let handle: NonNullable<Target['handle']>;
      try {
        handle = await this.openPart(t);
      } catch (error) {
        scheduler.release(a);
        this.fail(error);
        break;
      }
      if (t.size === null) t.streamed = 0;
      this.setState(t, 'downloading');
      if (inFlight.count++ === 0) this.activeLanes++;
      const circuit = lane.circuits;
      const end = await fetchAssignment({
        lane,
        target: { name: t.name, url: t.url, etag: t.etag, size: t.size },
        assignment: a,
        scheduler,
        write: (position, data) => this.write(t, handle, position, data),
        signal: stop,
        stall: this.tuning.stall,
        oneDownloadAtATime: this.manifest.oneDownloadAtATime,
        maxRetryAfterMs: this.tuning.maxRetryAfterMs,
        onBytes: (n) => {
          this.bytesFetched += n;
          this.sinceCheckpoint += n;
          if (this.sinceCheckpoint >= this.tuning.checkpointBytes) {
            this.sinceCheckpoint = 0;
            void this.checkpoint().catch((error: unknown) => this.fail(error));
          }
          if (t.size === null) t.streamed += n;
          this.changedFiles.add(t.id);
        },
      });
      if (--inFlight.count === 0) this.activeLanes--;
      if (end.kind === 'done') {
        scheduler.release(a, t.size === null ? end.size : undefined);
        if (t.size === null) t.size = end.size;
        backoff.reset();
        this.failuresInARow = 0;
      } else if (end.kind === 'stopped') {
        scheduler.release(a);
      } else {
        scheduler.release(a);
        const { failure } = end;
        if (failure.kind === 'fatal') {
          this.fail(new GetError(failure.problem));
          break;
        }
        if (end.delivered >= this.tuning.progressResetBytes) {
          backoff.reset();
          this.failuresInARow = 0;
        }
        this.failuresInARow++;
        if (this.failuresInARow >= this.tuning.maxFailures) {
          this.fail(new GetError(gaveUp(t.name, this.failuresInARow, failure.reason, failure.socks)));
          break;
        }
        const delayMs = Math.max(backoff.next(), failure.retryAfterMs ?? 0);
        // The lane's other request saw the same circuit fail, most likely: one renewal for both.
        lane.renew(circuit);
        this.emit({ type: 'retry', stream: lane.id, failures: this.failuresInARow, delayMs, reason: failure.reason });
        this.changed.notify();
        await sleep(delayMs, stop);
      }
      if (!scheduler.busy(t.id) && scheduler.complete(t.id)) this.queueFinalize(t);
      else if (!scheduler.busy(t.id) && t.state === 'downloading') this.setState(t, 'waiting');
      this.changed.notify();
    }
  }

  private async openPart(t: Target): Promise<NonNullable<Target['handle']>> {
    if (t.handle) return t.handle;
    t.opening ??= (async () => {
      const dir = join(this.destination, t.dir);
      const { name, handle } = await createPart(dir, t.localName);
      t.part = `${t.dir}${name}`;
      t.handle = handle;
      // A part file made straight in the destination folder is noted at once, so
      // an interruption never leaves one there that no state names.
      if (t.dir === '') await this.checkpoint();
      return handle;
    })().finally(() => {
      t.opening = null;
    });
    return t.opening;
  }

  private async write(t: Target, handle: NonNullable<Target['handle']>, position: number, data: Buffer): Promise<void> {
    let offset = 0;
    try {
      while (offset < data.length) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset, position + offset);
        offset += bytesWritten;
      }
    } catch (error) {
      throw writeFailed(join(this.destination, t.part ?? t.localName), error);
    }
    t.dirty = true;
  }

  // --- finishing files ----------------------------------------------------

  private queueFinalize(t: Target): void {
    if (t.finalizing || t.savedAs !== null) return;
    t.finalizing = true;
    this.finalizeChain = this.finalizeChain.then(async () => {
      if (this.stopping.signal.aborted) return;
      try {
        await this.finalize(t);
      } catch (error) {
        this.fail(error);
      }
    });
  }

  private async finalize(t: Target): Promise<void> {
    const handle = await this.openPart(t);
    const size = t.size ?? 0;
    this.setState(t, 'verifying');
    try {
      await handle.datasync();
    } catch (error) {
      throw writeFailed(join(this.destination, t.part ?? ''), error);
    }
    let verification: Verification;
    if (this.mode === 'archive') {
      const { files, folders } = this.manifest;
      const check = await checkZip(handle, size, files && folders ? { files, folders } : null);
      if (!check.ok) return this.rejectFile(t, 'crc32');
      verification = { method: 'crc32', entries: check.entries };
    } else {
      const actual = await sha256Of(handle, size);
      const expected = t.sha256 ?? (await this.waitForHash(t));
      if (this.stopping.signal.aborted) return;
      if (expected !== null && expected !== actual) return this.rejectFile(t, 'sha256');
      verification = expected !== null ? { method: 'sha256', sha256: actual } : { method: 'none', sha256: actual };
    }
    // Out of reach of a checkpoint first: it must not sync a handle being closed.
    t.handle = null;
    await handle.close();
    const partName = (t.part ?? '').slice(t.dir.length);
    const saved = await finalizePart(join(this.destination, t.dir), partName, t.localName, t.mtime);
    t.savedAs = `${t.dir}${saved}`;
    t.part = null;
    t.verification = verification;
    this.setState(t, 'done');
    await this.checkpoint();
    this.emit({ type: 'file-done', file: this.view(t) });
  }

  /** Verification failed: the part is deleted (a rerun fetches it anew) and the download ends. */
  private async rejectFile(t: Target, method: 'sha256' | 'crc32'): Promise<void> {
    const handle = t.handle;
    t.handle = null;
    await handle?.close().catch(() => undefined);
    if (t.part) await removeQuietly(join(this.destination, t.part));
    t.part = null;
    this.setState(t, 'waiting');
    await this.checkpoint();
    throw new GetError({ kind: 'get-verify', name: t.name, method });
  }

  /** Asks the share for its manifest again until it knows the file's hash, within one overall deadline. */
  private async waitForHash(t: Target): Promise<string | null> {
    this.hashDeadline ??= Date.now() + this.tuning.hashWaitMs;
    let told = false;
    while (t.sha256 === null && Date.now() < this.hashDeadline && !this.stopping.signal.aborted) {
      const wait = this.lastRefresh + this.tuning.hashPollMs - Date.now();
      if (wait > 0) {
        if (!told) this.emit({ type: 'waiting-for-hash', file: this.view(t) });
        told = true;
        await sleep(Math.min(wait, this.hashDeadline - Date.now()), this.stopping.signal);
        continue;
      }
      this.lastRefresh = Date.now();
      let fresh: Manifest;
      try {
        fresh = await this.connection.refresh();
      } catch (error) {
        if (error instanceof GetError && error.problem.kind !== 'get-onion' && error.problem.kind !== 'get-gave-up') throw error;
        continue;
      }
      if (fresh.etag !== this.manifest.etag) throw new GetError({ kind: 'get-share-changed', name: t.name, resuming: false });
      const hashes = new Map((fresh.files ?? []).map((f) => [f.path, f.sha256]));
      for (const other of this.targets) other.sha256 ??= hashes.get(other.key) ?? null;
    }
    return t.sha256;
  }

  // --- state ------------------------------------------------------------

  /** Notes the ranges, syncs the part files, then replaces the state: never a range the disk might not have. */
  private checkpoint(): Promise<void> {
    const next = this.checkpointChain.then(async () => {
      const scheduler = this.scheduler;
      const targets: Record<string, TargetState> = {};
      for (const t of this.targets) {
        if (t.part === null && t.savedAs === null) continue;
        const done = t.part !== null && scheduler && t.size !== null ? scheduler.doneOf(t.id) : [];
        targets[t.key] = { part: t.part, done: done.map(([s, e]) => [s, e] as const), savedAs: t.savedAs };
      }
      for (const t of this.targets) {
        if (!t.handle || !t.dirty) continue;
        t.dirty = false;
        try {
          await t.handle.datasync();
        } catch (error) {
          throw writeFailed(join(this.destination, t.part ?? ''), error);
        }
      }
      writeState(this.destination, { serviceId: this.connection.address.serviceId, etag: this.manifest.etag, mode: this.mode, folders: this.folders, targets });
      this.stateWritten = true;
    });
    // A failed checkpoint must not stop the next one from running.
    this.checkpointChain = next.catch(() => undefined);
    return next;
  }

  /** Removes an earlier run's parts and state (the share changed and the user asked to start over). */
  private async discardState(previous: GetState): Promise<void> {
    for (const t of Object.values(previous.targets)) if (t.part) await removeQuietly(join(this.destination, t.part));
    await this.removeEmptyFolders(previous.folders);
    await removeState(this.destination, previous.serviceId);
  }

  private async removeEmptyFolders(folders: Record<string, string>): Promise<void> {
    const deepestFirst = Object.values(folders).sort((a, b) => b.length - a.length);
    for (const f of deepestFirst) await rmdir(join(this.destination, f)).catch(() => undefined);
  }

  /** Part files of ours that no state names (an interruption right after one was made): only in folders this download made. */
  private async removeStrayParts(): Promise<void> {
    for (const folder of Object.values(this.folders)) {
      const dir = join(this.destination, folder);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (!name.endsWith(PART_SUFFIX)) continue;
        const st = await lstat(join(dir, name)).catch(() => null);
        if (st?.isFile() && st.uid === process.geteuid?.()) await removeQuietly(join(dir, name));
      }
    }
  }

  // --- ending -----------------------------------------------------------

  private stop(): void {
    this.stopping.abort();
    this.session?.abort();
    this.changed.notify();
    this.resumed.notify();
  }

  private fail(error: unknown): void {
    if (this.failure || this.cancelled) return;
    if (error instanceof GetError) this.failure = error.problem;
    else if (error instanceof Error && 'code' in error) this.failure = { kind: 'get-write', path: this.destination, code: errnoCode(error) };
    else this.failure = { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
    this.stop();
  }

  private async finish(): Promise<GetResult> {
    await this.finalizeChain;
    const complete = !this.failure && !this.cancelled && this.targets.length > 0 && this.targets.every((t) => t.savedAs !== null);
    const emptyShare = !this.failure && !this.cancelled && this.targets.length === 0 && this.scheduler !== null;
    if (complete || emptyShare) {
      this.emitProgress();
      await this.removeStrayParts();
      await removeState(this.destination, this.connection.address.serviceId);
      return { kind: 'complete', destination: this.destination, files: this.targets.map((t) => this.view(t)), bytesFetched: this.bytesFetched };
    }
    if (this.scheduler) {
      try {
        await this.checkpoint();
      } catch {
        // The problem already reported is the one that matters.
      }
    }
    for (const t of this.targets) {
      const handle = t.handle;
      t.handle = null;
      await handle?.close().catch(() => undefined);
    }
    if (this.cancelled?.discard) {
      for (const t of this.targets) if (t.part) await removeQuietly(join(this.destination, t.part));
      await this.removeEmptyFolders(this.folders);
      await removeState(this.destination, this.connection.address.serviceId);
      return { kind: 'cancelled', resumable: false, bytesFetched: this.bytesFetched };
    }
    if (this.cancelled) return { kind: 'cancelled', resumable: this.stateWritten, bytesFetched: this.bytesFetched };
    const problem = this.failure ?? { kind: 'internal', message: 'the download stopped without finishing' };
    const resumable = this.stateWritten && problem.kind !== 'get-share-changed';
    return { kind: 'failed', problem, resumable, bytesFetched: this.bytesFetched };
  }

  // --- progress ---------------------------------------------------------

  private doneOf(t: Target): number {
    if (t.savedAs !== null) return t.size ?? 0;
    if (t.size === null) return t.streamed;
    return this.scheduler?.coveredOf(t.id) ?? 0;
  }

  private view(t: Target): GetFileView {
    return { id: t.id, path: t.name, size: t.size, done: this.doneOf(t), state: t.state, savedAs: t.savedAs, verification: t.verification };
  }

  private setState(t: Target, state: FileState): void {
    if (t.state === state) return;
    t.state = state;
    this.changedFiles.add(t.id);
  }

  private totals(): GetTotals {
    const now = Date.now();
    this.samples.push([now, this.bytesFetched]);
    while (this.samples.length > 2 && now - (this.samples[0] as [number, number])[0] > 5_000) this.samples.shift();
    const [t0, b0] = this.samples[0] as [number, number];
    const rate = now > t0 ? ((this.bytesFetched - b0) * 1000) / (now - t0) : 0;
    let doneBytes = 0;
    let totalBytes: number | null = 0;
    for (const t of this.targets) {
      doneBytes += this.doneOf(t);
      totalBytes = t.size === null || totalBytes === null ? null : totalBytes + t.size;
    }
    const etaSeconds = totalBytes !== null && rate > 0 ? Math.ceil((totalBytes - doneBytes) / rate) : null;
    return { doneBytes, totalBytes, rate, etaSeconds, activeStreams: this.activeLanes };
  }

  private emitProgress(): void {
    const files = [...this.changedFiles].map((id) => this.view(this.targets[id] as Target));
    this.changedFiles.clear();
    this.emit({ type: 'progress', totals: this.totals(), files });
  }

  private emit(event: GetEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's bug must not break the download.
    }
  }
}
