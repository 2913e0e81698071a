// HTTP/1.1 through a SOCKS5 proxy for the test harness (plain Node): what a
// downloader does when it fetches from an onion. Supports stream isolation
// credentials, Range requests, uploads, streaming, and cutting the download
// after N bytes (to test resume).
import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { sleep } from './deadline';
import { HttpOverSocksError, SocksError } from './errors';
import { socks5Connect, type SocksEndpoint } from './socks5';

export interface SocksHttpRequest {
  /** e.g. "http://<56 chars>.onion/download". Only http: (onion services carry their own encryption). */
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** Request body (for uploads); a stream is piped. */
  body?: Buffer | Readable;
  /** SOCKS credentials: tor puts streams with different credentials on different circuits. */
  username?: string;
  password?: string;
  /** Adds "Range: bytes=start-end" (end inclusive, open-ended when omitted). */
  range?: { start: number; end?: number };
  /** fetchThroughSocks only: cut the connection once this many body bytes arrived. */
  abortAfterBytes?: number;
  /** Bound for the whole exchange (default 120 s). */
  timeoutMs?: number;
  /**
   * Keep retrying SOCKS-level failures (e.g. reply 4 right after ADD_ONION)
   * every `everyMs` (default 1000) for up to `forMs`. HTTP answers are never retried.
   */
  retry?: { forMs: number; everyMs?: number };
}

export interface SocksHttpTimings {
  /** SOCKS handshake done (the onion circuit is up), counted from the call. */
  connectedMs: number;
  firstByteMs: number;
  totalMs: number;
  /** How many SOCKS attempts it took (1 = first try). */
  attempts: number;
}

export interface SocksHttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** True when abortAfterBytes cut the download (body then has exactly that many bytes). */
  aborted: boolean;
  timings: SocksHttpTimings;
}

export interface SocksHttpStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The response body as it arrives. */
  body: IncomingMessage;
  /** Cuts the connection (as a downloader losing its network would). */
  destroy(): void;
  timings: Omit<SocksHttpTimings, 'totalMs'>;
}

function targetOf(url: string): { host: string; port: number; path: string } {
  const u = new URL(url);
  if (u.protocol !== 'http:') throw new HttpOverSocksError('connection', `only http: URLs are supported, got ${u.protocol}`);
  return { host: u.hostname, port: u.port ? Number(u.port) : 80, path: `${u.pathname}${u.search}` };
}

async function connectWithRetry(proxy: SocksEndpoint, req: SocksHttpRequest, host: string, port: number, timeoutMs: number): Promise<{ socket: Socket; attempts: number }> {
  const retryUntil = Date.now() + (req.retry?.forMs ?? 0);
  for (let attempts = 1; ; attempts++) {
    try {
      const socket = await socks5Connect({ proxy, host, port, username: req.username, password: req.password, timeoutMs });
      return { socket, attempts };
    } catch (error) {
      const retryable = error instanceof SocksError && (error.failure === 'reply' || error.failure === 'protocol');
      if (!retryable || Date.now() + (req.retry?.everyMs ?? 1_000) > retryUntil) throw error;
      await sleep(req.retry?.everyMs ?? 1_000);
    }
  }
}

/** Opens the request and resolves once the response head is in; the body streams. */
export async function openThroughSocks(proxy: SocksEndpoint, req: SocksHttpRequest): Promise<SocksHttpStream> {
  const started = Date.now();
  const timeoutMs = req.timeoutMs ?? 120_000;
  const { host, port, path } = targetOf(req.url);
  const { socket, attempts } = await connectWithRetry(proxy, req, host, port, timeoutMs);
  const connectedMs = Date.now() - started;

  const headers: Record<string, string> = { ...req.headers };
  if (req.range) headers.Range = `bytes=${req.range.start}-${req.range.end ?? ''}`;
  if (Buffer.isBuffer(req.body)) headers['Content-Length'] = String(req.body.length);

  return new Promise<SocksHttpStream>((resolve, reject) => {
    const timer = setTimeout(() => {
      outgoing.destroy(new HttpOverSocksError('timeout', `no response from ${host} within ${timeoutMs} ms`));
    }, timeoutMs);
    const outgoing = request(
      { host, port, path, method: req.method ?? 'GET', headers, createConnection: () => socket },
      (res) => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: res,
          destroy: () => {
            res.destroy();
            socket.destroy();
          },
          timings: { connectedMs, firstByteMs: Date.now() - started, attempts },
        });
      },
    );
    outgoing.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error instanceof HttpOverSocksError ? error : new HttpOverSocksError('connection', `HTTP over SOCKS to ${host} failed: ${error.message}`, { cause: error }));
    });
    socket.resume();
    if (req.body === undefined) outgoing.end();
    else if (Buffer.isBuffer(req.body)) outgoing.end(req.body);
    else req.body.pipe(outgoing);
  });
}

/** Fetches the whole response body into memory (or the first abortAfterBytes bytes). */
export async function fetchThroughSocks(proxy: SocksEndpoint, req: SocksHttpRequest): Promise<SocksHttpResponse> {
  const started = Date.now();
  const timeoutMs = req.timeoutMs ?? 120_000;
  const opened = await openThroughSocks(proxy, req);
  const limit = req.abortAfterBytes;
  const chunks: Buffer[] = [];
  let received = 0;
  const aborted = await new Promise<boolean>((resolve, reject) => {
    const timer = setTimeout(() => {
      opened.destroy();
      reject(new HttpOverSocksError('timeout', `body from ${req.url} not complete within ${timeoutMs} ms (${received} bytes)`));
    }, Math.max(1, timeoutMs - (Date.now() - started)));
    opened.body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (limit !== undefined && received >= limit) {
        clearTimeout(timer);
        opened.destroy();
        resolve(true);
      }
    });
    opened.body.once('end', () => {
      clearTimeout(timer);
      resolve(false);
    });
    opened.body.on('error', (error) => {
      clearTimeout(timer);
      reject(new HttpOverSocksError('connection', `body from ${req.url} broke after ${received} bytes: ${error.message}`, { cause: error }));
    });
  });
  const all = Buffer.concat(chunks);
  return {
    status: opened.status,
    headers: opened.headers,
    body: aborted && limit !== undefined ? all.subarray(0, limit) : all,
    aborted,
    timings: { ...opened.timings, totalMs: Date.now() - started },
  };
}
