// One request of a download: a byte range of one file (or the archive) into its part file, checked header by header (plain Node).
//
// Nothing the server says is taken on trust: a 206 must carry exactly the
// range asked for and the size the manifest gives, an ETag other than the
// manifest's means the share changed (If-Range makes the server say so with
// a 200), and a byte beyond the range ends the download. A response that
// slows to less than `minBytes` per `windowMs` is ended as stalled. Bytes
// are written where they belong as they arrive; the scheduler learns of
// each write, so another lane may take over the rest of this range at any
// moment, and this one then stops where the other begins.
import type { IncomingMessage } from 'node:http';
import type { Problem } from '../../contract';
import { REFUSAL_HEADER, refusalOf } from '../manifest/format';
import { GetError } from './errors';
import { classifyError, retryAfterMs, StallError, type Failure } from './failures';
import type { Lane } from './lane';
import type { Assignment, Scheduler } from './scheduler';

export interface FetchTarget {
  /** Path in the share (or the archive's name), for problems. */
  name: string;
  url: string;
  etag: string;
  /** null: unknown (compressed archive): fetched whole, without ranges. */
  size: number | null;
}

export interface StallRule {
  windowMs: number;
  minBytes: number;
}

export interface FetchContext {
  lane: Lane;
  target: FetchTarget;
  assignment: Assignment;
  scheduler: Scheduler;
  /** Writes at `position` of the part file; throws GetError (get-write). */
  write(position: number, data: Buffer): Promise<void>;
  /** Aborted on pause, cancel, or a fatal problem elsewhere. */
  signal: AbortSignal;
  stall: StallRule;
  /** The share serves one download at a time: a 410 means it ended, not that a file changed. */
  oneDownloadAtATime: boolean;
  onBytes(bytes: number): void;
  /** Cap of a Retry-After the server asks for. */
  maxRetryAfterMs: number;
}

export type FetchEnd =
  /** The assignment is complete (for an unknown size: the whole body, `size` bytes). */
  | { kind: 'done'; size: number }
  /** Stopped early on purpose (pause, cancel, another problem); no failure. */
  | { kind: 'stopped' }
  | { kind: 'failed'; failure: Failure; delivered: number };

class Aborted extends Error {}

const fatal = (problem: Problem): FetchEnd => ({ kind: 'failed', failure: { kind: 'fatal', problem }, delivered: 0 });

function header(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Everything wrong with the response's status and headers, before any byte is written; null when it may be read. */
function judgeHead(ctx: FetchContext, res: IncomingMessage, from: number, to: number): FetchEnd | null {
  const { target } = ctx;
  const status = res.statusCode ?? 0;
  const etag = header(res, 'etag');
  const changed: Problem = { kind: 'get-share-changed', name: target.name, resuming: false };
  const bad = (reason: Extract<Problem, { kind: 'get-bad-response' }>['reason'], detail: string): FetchEnd =>
    fatal({ kind: 'get-bad-response', name: target.name, reason, detail });
  if (status === 206 || status === 200) {
    if (etag !== undefined && etag !== target.etag) return fatal(changed);
    const lengthHeader = header(res, 'content-length');
    const length = lengthHeader === undefined ? null : Number(lengthHeader);
    if (target.size === null) return status === 200 ? null : bad('status', String(status));
    if (status === 200) {
      // The server ignored the range (If-Range did not match, yet the ETag does): only a request for all of it may be answered so.
      if (etag === undefined) return fatal(changed);
      if (from !== 0 || to !== target.size) return bad('no-ranges', '');
      if (length !== null && length !== target.size) return bad('size', String(length));
      return null;
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(res, 'content-range') ?? '');
    if (!range) return bad('range', header(res, 'content-range') ?? '');
    if (range[3] !== String(target.size)) return bad('size', range[3] ?? '');
    if (Number(range[1]) !== from || Number(range[2]) !== to - 1) return bad('range', `${range[1]}-${range[2]}`);
    if (length !== null && length > to - from) return bad('extra-bytes', String(length));
    if (length !== null && length < to - from) return bad('range', String(length));
    return null;
  }
  if (status === 416) return bad('size', header(res, 'content-range') ?? '');
  if (status === 404) return fatal({ kind: 'get-refused', reason: 'gone', status });
  if (status === 410) {
    // The share says which 410 this is; an OnionDrop that does not is read by its setting.
    const refusal = refusalOf(res.headers[REFUSAL_HEADER.toLowerCase()]);
    const ended = refusal === null ? ctx.oneDownloadAtATime : refusal === 'share-ended';
    return fatal(ended ? { kind: 'get-refused', reason: 'ended', status } : changed);
  }
  if (status === 503) {
    return { kind: 'failed', failure: { kind: 'retry', reason: 'busy', retryAfterMs: retryAfterMs(res.headers['retry-after'], ctx.maxRetryAfterMs), socks: null }, delivered: 0 };
  }
  if (status >= 500) return { kind: 'failed', failure: { kind: 'retry', reason: 'server-error', retryAfterMs: null, socks: null }, delivered: 0 };
  return bad('status', String(status));
}

export async function fetchAssignment(ctx: FetchContext): Promise<FetchEnd> {
  const { lane, target, assignment: a, scheduler, signal } = ctx;
  if (signal.aborted) return { kind: 'stopped' };
  const from = a.cursor;
  const to = a.end;
  const headers: Record<string, string> = target.size === null ? {} : { Range: `bytes=${from}-${to - 1}`, 'If-Range': target.etag };
  const { req, response } = lane.get(target.url, headers);
  const onAbort = (): void => void req.destroy(new Aborted('stopped'));
  signal.addEventListener('abort', onAbort);
  let delivered = 0;
  let windowBytes = 0;
  let stalled = false;
  let watchdog: NodeJS.Timeout | undefined;
  try {
    let res: IncomingMessage;
    try {
      res = await response;
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      return { kind: 'failed', failure: classifyError(error), delivered: 0 };
    }
    const verdict = judgeHead(ctx, res, from, to);
    if (verdict) {
      // A refusal's page is small; read it so the connection stays usable. Anything else: drop it.
      if (verdict.kind === 'failed' && verdict.failure.kind === 'retry') res.resume();
      else req.destroy();
      return verdict;
    }
    watchdog = setInterval(() => {
      if (windowBytes < ctx.stall.minBytes) {
        stalled = true;
        req.destroy(new StallError());
      }
      windowBytes = 0;
    }, ctx.stall.windowMs);
    for await (const chunk of res as AsyncIterable<Buffer>) {
      let data = chunk;
      const allowed = a.end - a.cursor;
      let stolen = false;
      if (data.length > allowed) {
        // Another lane owns the bytes from a.end on; anything past the range asked for is the server's fault.
        if (a.end >= to) {
          req.destroy();
          return fatal({ kind: 'get-bad-response', name: target.name, reason: 'extra-bytes', detail: String(delivered + data.length) });
        }
        data = data.subarray(0, allowed);
        stolen = true;
      }
      if (data.length > 0) {
        a.inflight = data.length;
        try {
          await ctx.write(a.cursor, data);
        } finally {
          a.inflight = 0;
        }
        scheduler.wrote(a, data.length);
        delivered += data.length;
        windowBytes += data.length;
        ctx.onBytes(data.length);
      }
      if (stolen || (a.cursor >= a.end && a.end < to)) {
        // The rest of this response belongs to the lane that took it over.
        req.destroy();
        return { kind: 'done', size: a.cursor };
      }
    }
    if (target.size === null) {
      return res.complete ? { kind: 'done', size: a.cursor } : { kind: 'failed', failure: classifyError(new Error('cut off')), delivered };
    }
    if (a.cursor >= a.end) return { kind: 'done', size: a.cursor };
    return { kind: 'failed', failure: classifyError(stalled ? new StallError() : new Error('response ended early')), delivered };
  } catch (error) {
    if (error instanceof GetError) {
      req.destroy();
      return fatal(error.problem);
    }
    if (signal.aborted) return { kind: 'stopped' };
    // The response's own error says only "aborted" when the watchdog ended it.
    return { kind: 'failed', failure: classifyError(stalled ? new StallError() : error), delivered };
  } finally {
    clearInterval(watchdog);
    signal.removeEventListener('abort', onAbort);
  }
}
