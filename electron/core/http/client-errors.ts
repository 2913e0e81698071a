// Answers written straight to a connection Node's HTTP parser gave up on:
// malformed, oversized or too slow requests, and CONNECT (plain Node).
import type { Duplex } from 'node:stream';
import { messagePage, renderPage, type MessageKey, type PageContext } from './page';
import { securityHeaderLines } from './security-headers';

// Time for a client to take the short answer before the connection is cut anyway.
const ANSWER_GRACE_MS = 2_000;

/** Answer with our headers and a page, then close the connection for good. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, ctx: PageContext): void {
  // A response already under way on this connection: writing would corrupt it.
  const busy = '_httpMessage' in socket && socket._httpMessage !== null && socket._httpMessage !== undefined;
  if (err.code === 'ECONNRESET' || !socket.writable || busy) {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') answerRaw(socket, 431, 'Request Header Fields Too Large', 'door.headersTooLarge', ctx);
  else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') answerRaw(socket, 408, 'Request Timeout', 'door.requestTimeout', ctx);
  else answerRaw(socket, 400, 'Bad Request', 'door.badRequest', ctx);
}

/**
 * Write a whole response and destroy the connection once it is written, or
 * after a grace period if the client does not read. Never only half-closed:
 * a client that keeps its side open would keep the slot as long as it likes.
 */
export function answerRaw(socket: Duplex, status: number, reason: string, key: MessageKey, ctx: PageContext, extraHeaders = ''): void {
  const body = Buffer.from(renderPage(messagePage(status, key, 'start'), ctx), 'utf8');
  const head =
    `HTTP/1.1 ${status} ${reason}\r\n${securityHeaderLines()}${extraHeaders}` +
    `Content-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const timer = setTimeout(() => socket.destroy(), ANSWER_GRACE_MS);
  timer.unref();
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]), () => {
    clearTimeout(timer);
    socket.destroy();
  });
}
