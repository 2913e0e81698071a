// Pumps a body into a response, counting bytes and reporting how it ended (plain Node).
// A response that cannot be completed correctly is destroyed, never ended:
// with Content-Length set, the visitor's client then sees a truncated
// transfer (and can resume) instead of a short file that looks whole.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { finished } from 'node:stream/promises';
import type { Body } from './body';
import type { DownloadHandle } from './downloads';
import { errnoCode, isSourceChangedError } from './errors';
import type { CancelReason } from './events';

/** The body produced more or fewer bytes than the headers promised. */
export class BodyLengthError extends Error {
  readonly kind = 'body-length' as const;
  constructor(
    readonly expected: number,
    readonly produced: number,
  ) {
    super(`body source produced ${produced} bytes, ${expected} were promised`);
    this.name = 'BodyLengthError';
  }
}

// How a write to a socket the visitor closed fails.
const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

export interface SendBodyContext {
  /** True once the server is shutting down (cancellations are then 'server-closed'). */
  closing: () => boolean;
  /** True if the socket was dropped for idling. */
  stalled: (res: ServerResponse) => boolean;
  /** How long to wait after the last byte for the connection to show it was read (see deliveredCleanly). */
  deliveryGraceMs: number;
}

export async function sendBody(
  res: ServerResponse,
  body: Body,
  expectedLength: number | null,
  download: DownloadHandle,
  ctx: SendBodyContext,
): Promise<void> {
  let produced = 0;
  // The connection, taken from the request: res.socket is null while this
  // response waits behind another on the same connection (pipelining), and
  // Node detaches it from the response when the response finishes.
  const socket = res.req.socket;
  try {
    // Leaving this loop early (an error) makes for-await close the body, which
    // closes its files.
    for await (const chunk of body) {
      produced += chunk.length;
      if (expectedLength !== null && produced > expectedLength) throw new BodyLengthError(expectedLength, produced);
      await written(res, socket, chunk);
      download.sent(chunk.length);
    }
    if (expectedLength !== null && produced !== expectedLength) throw new BodyLengthError(expectedLength, produced);
    res.end();
    await finished(res);
  } catch (err) {
    const reason = reasonFor(err, res, ctx);
    // A client that has every byte it was promised may close the connection
    // before our own end-of-body bookkeeping has run; a clean close then is
    // success, not an abort.
    const allSent = expectedLength !== null && produced === expectedLength;
    if (!(reason === 'client-gone' && allSent && socket.errored === null)) {
      // Closes the socket without the final bytes.
      res.destroy();
      download.cancel(reason);
      return;
    }
  }
  const delivered = await deliveredCleanly(socket, ctx.deliveryGraceMs);
  if (ctx.closing()) download.cancel('server-closed');
  else if (delivered) download.finish();
  else download.cancel('client-gone');
}

/**
 * Resolves once the socket has taken `chunk` (so the body may reuse its
 * buffer), rejects if the connection closes first. One chunk in flight per
 * response is enough: the body reads its next chunk meanwhile. The connection
 * is watched too: a response still queued behind another (pipelining) gets
 * neither a write callback nor a 'close' when the client leaves.
 */
function written(res: ServerResponse, connection: Socket, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = (): void => {
      stopWatching();
      reject(Object.assign(new Error('connection closed during the response'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    const stopWatching = (): void => {
      res.off('close', onClose);
      connection.off('close', onClose);
    };
    if (connection.destroyed) {
      onClose();
      return;
    }
    res.once('close', onClose);
    connection.once('close', onClose);
    res.write(chunk, (err) => {
      stopWatching();
      if (err) reject(err);
      else resolve();
    });
  });
}

/**
 * "Finished" only means the last byte went into the kernel's send buffer,
 * which on loopback (to tor, or to a local client) can hold megabytes the
 * visitor never gets. So wait for a sign of how the connection ends: the
 * client asking for more on it, or closing it cleanly, means it read
 * everything; a reset means it went away with our bytes unread (the kernel
 * resets a connection closed with unread data). No sign within the grace
 * period (a kept-alive idle connection) counts as delivered. A connection we
 * close ourselves (Connection: close) gives no sign either way.
 */
function deliveredCleanly(socket: Socket, graceMs: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(socket.errored === null);
  return new Promise((resolve) => {
    const settle = (delivered: boolean): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      resolve(delivered);
    };
    const onData = (): void => settle(true);
    const onError = (): void => settle(false);
    const onClose = (hadError: boolean): void => settle(!hadError);
    const timer = setTimeout(() => settle(true), graceMs);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}


function reasonFor(err: unknown, res: ServerResponse, ctx: SendBodyContext): CancelReason {
  if (ctx.closing()) return 'server-closed';
  if (ctx.stalled(res)) return 'stalled';
  if (isSourceChangedError(err)) return 'file-changed';
  if (err instanceof BodyLengthError) return 'read-failed';
  return CLIENT_GONE.has(errnoCode(err)) ? 'client-gone' : 'read-failed';
}
