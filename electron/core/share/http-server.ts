// The HTTP server under every mode: limits, timeouts, malformed requests, closing (plain Node).
//
// Timeouts, as Node 20 applies them:
// - headersTimeout: the whole request head must arrive within it (a client
//   trickling header bytes, slow loris, is cut off with 408).
// - requestTimeout: covers receiving the request only, not sending the
//   response (checked: a response taking longer is not cut), so long
//   downloads over Tor are safe with a short value. We accept no bodies.
// - idle timeout (socket timeout): no byte read or written for that long. A
//   reader that stops reading fills the socket buffers, our writes stop
//   completing and the socket goes idle; an honest slow download keeps
//   moving and is never cut.
// - keepAliveTimeout: how long an idle kept-alive connection stays open.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { listenInRange, DEFAULT_PORT_RANGE, type PortRange } from '../platform';
import { applySecurityHeaders, securityHeaderLines } from './security-headers';

export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxHeaderSize: number;
  maxConnections: number;
  /** How often Node checks headersTimeout/requestTimeout; bounds their precision. */
  checkIntervalMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 10_000,
  maxHeaderSize: 16 * 1024,
  maxConnections: 100,
  checkIntervalMs: 1_000,
};

export interface HttpServerOptions {
  host: string;
  portRange?: PortRange;
  limits?: Partial<HttpLimits>;
}

export interface RunningHttpServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** Responses whose socket was dropped for idling. */
  stalled(res: ServerResponse): boolean;
  /** Stop listening and drop every connection, running downloads included. */
  close(): Promise<void>;
}

export async function startHttpServer(handler: RequestListener, options: HttpServerOptions): Promise<RunningHttpServer> {
  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderSize,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
      // No request smuggling games: one Transfer-Encoding/Content-Length reading only.
      insecureHTTPParser: false,
      joinDuplicateHeaders: false,
      // Node's own missing-Host answer would skip our headers; the app checks Host.
      requireHostHeader: false,
    },
    (req: IncomingMessage, res: ServerResponse) => {
      // Set first, so even an answer written deep inside a framework carries them.
      applySecurityHeaders(res);
      handler(req, res);
    },
  );
  server.maxConnections = limits.maxConnections;
  server.timeout = limits.idleTimeoutMs;
  const idled = new WeakSet<Socket>();
  // With a 'timeout' listener Node leaves the socket open; we drop it ourselves
  // and remember why, so a cut-off download is reported as stalled.
  server.on('timeout', (socket: Socket) => {
    idled.add(socket);
    socket.destroy();
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket));
  // CONNECT is not for us; without a listener Node would just drop the socket silently.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    writeRaw(socket, 405, 'Method Not Allowed', 'Allow: GET, HEAD\r\n');
  });

  const port = await listenInRange(server, options.host, options.portRange ?? DEFAULT_PORT_RANGE);
  let closing: Promise<void> | null = null;
  return {
    server,
    host: options.host,
    port,
    stalled: (res) => res.socket !== null && idled.has(res.socket),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Malformed, oversized or too slow requests: answer with our headers, then close. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // A response already under way on this socket: writing would corrupt it.
  const busy = '_httpMessage' in socket && socket._httpMessage !== null && socket._httpMessage !== undefined;
  if (err.code === 'ECONNRESET' || !socket.writable || busy) {
    socket.destroy();
    return;
  }
  const [status, text] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout']
        : [400, 'Bad Request'];
  writeRaw(socket, status, text);
}

function writeRaw(socket: Duplex, status: number, text: string, extra = ''): void {
  const body = `${status} ${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\n${securityHeaderLines()}${extra}` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
