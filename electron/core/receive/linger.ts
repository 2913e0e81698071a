// Answering an upload before its body has been read, so the visitor sees the answer (plain Node).
//
// A server that answers early and closes the connection while the browser is
// still sending makes the kernel reset it, and the reset can wipe the answer
// from the browser's buffers: the visitor sees "connection reset" instead of
// "file too large". So after answering we keep reading and discarding what
// the client still sends, the way nginx's lingering close does, for a bounded
// time; a client that is still sending then is cut off.
import type { IncomingMessage } from 'node:http';

export function discardRest(req: IncomingMessage, lingerMs: number): void {
  if (req.complete || req.destroyed) return;
  const timer = setTimeout(() => req.socket.destroy(), lingerMs);
  const done = (): void => clearTimeout(timer);
  req.once('end', done);
  req.once('close', done);
  req.on('data', () => undefined);
  req.resume();
}
