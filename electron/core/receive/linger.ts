// Answering an upload before its body has been read, so the visitor sees the answer (plain Node).
//
// A server that answers early and closes the connection while the browser is
// still sending makes the kernel reset it, and the reset can wipe the answer
// from the browser's buffers: the visitor sees "connection reset" instead of
// "file too large". So after answering we keep reading and discarding what
// the client still sends, the way nginx's lingering close does, for a bounded
// time; a client that is still sending then is cut off.
//
// Node's server stops tracking such a connection once the response is out
// (closeAllConnections no longer sees it), so the lingering connections are
// kept here and cut when the server closes: otherwise a refused upload whose
// sender goes on sending holds the process for the whole linger after Ctrl-C.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export class Linger {
  private readonly sockets = new Map<Socket, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly lingerMs: number) {}

  /** Read and drop the rest of `req`'s body, for at most lingerMs. */
  discardRest(req: IncomingMessage): void {
    if (req.complete || req.destroyed) return;
    const socket = req.socket;
    if (this.closed) {
      socket.destroy();
      return;
    }
    if (socket.destroyed || this.sockets.has(socket)) return;
    const timer = setTimeout(() => socket.destroy(), this.lingerMs);
    this.sockets.set(socket, timer);
    const done = (): void => {
      clearTimeout(timer);
      this.sockets.delete(socket);
    };
    req.once('end', done);
    socket.once('close', done);
    req.on('data', () => undefined);
    req.resume();
  }

  /** Connections still being read. */
  get size(): number {
    return this.sockets.size;
  }

  /** Cut every lingering connection now, and every later one at once: the server is closing. */
  closeAll(): void {
    this.closed = true;
    for (const [socket, timer] of this.sockets) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.sockets.clear();
  }
}
