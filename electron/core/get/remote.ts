// Connecting to a share: lend tor the key of a private share, then read its manifest (plain Node).
//
// The manifest is the one request made before the download starts: it shows
// the user what the share holds (names, sizes) and gives the client the URLs,
// validators and hashes. Tor often fails the first connection to a fresh
// onion (no descriptor yet), so it is asked a few times, on a fresh circuit
// each time.
import type { IncomingMessage } from 'node:http';
import type { Problem } from '../../contract';
import { MANIFEST_PATH, MAX_MANIFEST_BYTES, REFUSAL_HEADER, refusalOf, parseManifest, type Manifest, type ManifestProblem } from '../manifest';
import type { ClientAuthControl } from '../tor/reachability';
import type { SocksError } from '../tor/socks';
import type { ShareAddress } from './address';
import { GetError } from './errors';
import { classifyError, gaveUp, type RetryReason } from './failures';
import { DEFAULT_RESPONSE_TIMEOUT_MS, Lane, type Route } from './lane';
import { lendClientKey, type LentKey } from './tor-access';

export interface ConnectTuning {
  /** Tries of the manifest request. Default 4. */
  attempts: number;
  /** Between tries. Default 5 s. */
  retryDelayMs: number;
  responseTimeoutMs: number;
}

export const DEFAULT_CONNECT_TUNING: Readonly<ConnectTuning> = {
  attempts: 4,
  retryDelayMs: 5_000,
  responseTimeoutMs: DEFAULT_RESPONSE_TIMEOUT_MS,
};

export interface ConnectOptions {
  address: ShareAddress;
  route: Route;
  /** A private share's key, lent to the tor behind `route` for as long as the connection lasts. */
  clientKey?: { key: string; control: ClientAuthControl; whonix: boolean } | null;
  tuning?: Partial<ConnectTuning>;
}

export interface ShareConnection {
  readonly address: ShareAddress;
  readonly route: Route;
  /** The manifest read when connecting. */
  readonly manifest: Manifest;
  readonly responseTimeoutMs: number;
  /** Reads the manifest again (hashes computed since); throws GetError. */
  refresh(): Promise<Manifest>;
  /** Takes the lent key back. */
  close(): Promise<void>;
}

function manifestProblem(p: ManifestProblem): Problem {
  switch (p.reason) {
    case 'not-json':
    case 'not-manifest':
      return { kind: 'get-manifest', reason: 'not-oniondrop', where: '', path: '' };
    case 'newer-version':
      return { kind: 'get-manifest', reason: 'newer-version', where: '', path: '' };
    case 'too-large':
      return { kind: 'get-manifest', reason: 'too-large', where: '', path: '' };
    case 'invalid':
      return { kind: 'get-manifest', reason: 'invalid', where: p.where, path: '' };
    case 'unsafe-path':
      return { kind: 'get-manifest', reason: 'unsafe-path', where: p.where, path: p.path };
  }
}

type Attempt = { ok: true; manifest: Manifest } | { ok: false; fatal: Problem } | { ok: false; retry: RetryReason; socks: SocksError | null };

async function readBody(res: IncomingMessage, limit: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      res.destroy();
      return null;
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

async function attemptManifest(lane: Lane): Promise<Attempt> {
  const { response } = lane.get(MANIFEST_PATH, { Accept: 'application/json' });
  let res: IncomingMessage;
  try {
    res = await response;
  } catch (error) {
    const failure = classifyError(error);
    return failure.kind === 'fatal' ? { ok: false, fatal: failure.problem } : { ok: false, retry: failure.reason, socks: failure.socks };
  }
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    res.resume();
    if (status === 404 || status === 421) return { ok: false, fatal: { kind: 'get-manifest', reason: 'not-oniondrop', where: '', path: '' } };
    if (status === 410) {
      const changed = refusalOf(res.headers[REFUSAL_HEADER.toLowerCase()]) === 'share-changed';
      return { ok: false, fatal: changed ? { kind: 'get-share-changed', name: '', resuming: false } : { kind: 'get-refused', reason: 'ended', status } };
    }
    if (status === 503) return { ok: false, fatal: { kind: 'get-refused', reason: res.headers['retry-after'] ? 'busy' : 'closing', status } };
    if (status >= 500) return { ok: false, retry: 'server-error', socks: null };
    return { ok: false, fatal: { kind: 'get-manifest', reason: 'not-oniondrop', where: '', path: '' } };
  }
  const declared = Number(res.headers['content-length'] ?? 0);
  if (declared > MAX_MANIFEST_BYTES) {
    res.destroy();
    return { ok: false, fatal: { kind: 'get-manifest', reason: 'too-large', where: '', path: '' } };
  }
  let body: Buffer | null;
  try {
    body = await readBody(res, MAX_MANIFEST_BYTES);
  } catch {
    return { ok: false, retry: 'cut-off', socks: null };
  }
  if (body === null) return { ok: false, fatal: { kind: 'get-manifest', reason: 'too-large', where: '', path: '' } };
  const parsed = parseManifest(body);
  return parsed.ok ? { ok: true, manifest: parsed.manifest } : { ok: false, fatal: manifestProblem(parsed.problem) };
}

/** Reads the manifest, trying `attempts` times on fresh circuits; throws GetError. */
export async function fetchManifest(lane: Lane, tuning: ConnectTuning): Promise<Manifest> {
  let last: { reason: RetryReason; socks: SocksError | null } = { reason: 'timeout', socks: null };
  for (let n = 1; n <= tuning.attempts; n++) {
    const attempt = await attemptManifest(lane);
    if (attempt.ok) return attempt.manifest;
    if ('fatal' in attempt) throw new GetError(attempt.fatal);
    last = { reason: attempt.retry, socks: attempt.socks };
    lane.renew();
    if (n < tuning.attempts) await new Promise((resolve) => setTimeout(resolve, tuning.retryDelayMs));
  }
  throw new GetError(gaveUp('manifest.json', tuning.attempts, last.reason, last.socks));
}

export async function connectShare(options: ConnectOptions): Promise<ShareConnection> {
  const tuning: ConnectTuning = { ...DEFAULT_CONNECT_TUNING, ...options.tuning };
  const { address, route } = options;
  let lent: LentKey | null = null;
  if (options.clientKey) {
    const { control, key, whonix } = options.clientKey;
    lent = await lendClientKey(control, address.serviceId, key, whonix);
  }
  // The manifest gets a lane of its own: its circuit is never one a download lane uses.
  const lane = new Lane(0, route, address.host, tuning.responseTimeoutMs);
  try {
    const manifest = await fetchManifest(lane, tuning);
    return {
      address,
      route,
      manifest,
      responseTimeoutMs: tuning.responseTimeoutMs,
      refresh: () => fetchManifest(lane, tuning),
      close: async () => {
        lane.close();
        await lent?.release();
      },
    };
  } catch (error) {
    lane.close();
    await lent?.release();
    throw error;
  }
}
