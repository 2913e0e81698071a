// Running the get client against the fake share in tests (plain Node).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { connectShare, GetError, startDownload, type DownloadOptions, type GetEvent, type GetResult, type ShareConnection } from '../../../electron/core/get';
import type { DownloadTuning } from '../../../electron/core/get';
import { fakeOnion, startSocksRecorder, type FakeShare, type SocksRecorder } from './fake-share';

/** Quick retries and short windows: a test waits milliseconds where a user waits seconds. */
export const FAST: Partial<DownloadTuning> = {
  checkpointMs: 100,
  progressIntervalMs: 50,
  stall: { windowMs: 1_000, minBytes: 1024 },
  backoff: { initialMs: 10, maxMs: 40 },
  maxFailures: 5,
  hashWaitMs: 300,
  hashPollMs: 50,
  maxRetryAfterMs: 50,
  minPiece: 64 * 1024,
  minSteal: 32 * 1024,
};

export const onion = fakeOnion();

export interface Run {
  result: GetResult;
  events: GetEvent[];
  connection: ShareConnection | null;
}

/** Connects through the recording SOCKS server and downloads into `destination`. */
export async function download(
  socks: SocksRecorder,
  destination: string,
  options: Partial<DownloadOptions> & { connectAttempts?: number } = {},
): Promise<Run> {
  const events: GetEvent[] = [];
  let connection: ShareConnection | null = null;
  try {
    connection = await connectShare({
      address: onion,
      route: { kind: 'tor', socks: socks.endpoint },
      tuning: { attempts: options.connectAttempts ?? 2, retryDelayMs: 10, responseTimeoutMs: 5_000 },
    });
  } catch (error) {
    if (error instanceof GetError) return { result: { kind: 'failed', problem: error.problem, resumable: false, bytesFetched: 0 }, events, connection };
    throw error;
  }
  const run = startDownload(connection, {
    destination,
    streams: 4,
    ...options,
    tuning: { ...FAST, ...options.tuning },
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  const result = await run.done;
  await connection.close();
  return { result, events, connection };
}

export async function socksFor(share: FakeShare): Promise<SocksRecorder> {
  return startSocksRecorder(() => share.port);
}

/** SHA-256 of bytes, hex: compared instead of the bytes (deep equality of megabytes is slow, and its diff unreadable). */
export function digest(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file under `dir`, relative, with the SHA-256 of its bytes (dotfiles included). */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = digest(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Names only, sorted, folders with a trailing slash. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out.push(`${relative(dir, p)}/`);
        walk(p);
      } else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
