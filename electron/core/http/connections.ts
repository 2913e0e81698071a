// Fairness between connections (plain Node): a budget for connections that
// hold a slot without a request in progress, and a cap on pipelined requests.
//
// Every visitor arrives from the Tor daemon's address, so a greedy client
// cannot be told apart by address; what it can do is open many connections
// and send nothing (or a byte now and then), or pipeline thousands of
// requests on one connection without reading the answers. A connection with
// no request in progress is "waiting": at most maxWaitingConnections of them
// are kept, the oldest making room for a newcomer, so a visitor who connects
// and sends a request always gets a slot. A connection that queues more than
// maxPipelined requests is dropped: no browser does that.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpLimits } from './limits';

export interface ConnectionCounts {
  open: number;
  /** Connections with no request in progress. */
  waiting: number;
  /** Requests received and not yet answered, over every connection. */
  queued: number;
}

interface Entry {
  queued: number;
  closed: boolean;
  /** Upgraded (a WebSocket): busy for good, never waiting again. */
  held: boolean;
}

export class ConnectionGuard {
  private readonly open = new Map<Socket, Entry>();
  /** Oldest first: a Set iterates in insertion order, and wait() re-inserts. */
  private readonly waiting = new Set<Socket>();
  private queued = 0;

  constructor(private readonly limits: Pick<HttpLimits, 'maxConnections' | 'maxWaitingConnections' | 'maxPipelined'>) {}

  /** A new connection: make room for it, or refuse it when every slot is busy with a request. */
  accept(socket: Socket): void {
    const entry: Entry = { queued: 0, closed: false, held: false };
    this.open.set(socket, entry);
    socket.once('close', () => this.forget(socket));
    if (this.open.size > this.limits.maxConnections) {
      const oldest = this.oldestWaiting();
      if (oldest === null) {
        this.drop(socket);
        return;
      }
      this.drop(oldest);
    }
    this.wait(socket);
  }

  /**
   * A request head arrived on its connection. False: the connection was
   * dropped (it queued too many requests, or was dropped before); the
   * request must not be answered.
   */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    const socket = req.socket;
    const entry = this.open.get(socket);
    if (entry === undefined || entry.closed) return false;
    this.waiting.delete(socket);
    if (entry.queued >= this.limits.maxPipelined) {
      this.drop(socket);
      return false;
    }
    entry.queued++;
    this.queued++;
    res.once('close', () => {
      if (entry.closed) return;
      entry.queued--;
      this.queued--;
      if (entry.queued === 0 && !entry.held && !socket.destroyed) this.wait(socket);
    });
    return true;
  }

  /**
   * The connection was upgraded (a WebSocket): it keeps its slot as a busy
   * one until it closes, so the waiting budget never drops it for "idling"
   * between frames. False: the connection was dropped before; do not use it.
   */
  hold(socket: Socket): boolean {
    const entry = this.open.get(socket);
    if (entry === undefined || entry.closed) return false;
    entry.held = true;
    this.waiting.delete(socket);
    return true;
  }

  counts(): ConnectionCounts {
    return { open: this.open.size, waiting: this.waiting.size, queued: this.queued };
  }

  private wait(socket: Socket): void {
    this.waiting.delete(socket);
    this.waiting.add(socket);
    while (this.waiting.size > this.limits.maxWaitingConnections) {
      const oldest = this.oldestWaiting();
      if (oldest === null) break;
      this.drop(oldest);
    }
  }

  private oldestWaiting(): Socket | null {
    for (const socket of this.waiting) return socket;
    return null;
  }

  /** Destroyed, not half-closed: a half-closed connection keeps its slot as long as the client likes. */
  private drop(socket: Socket): void {
    this.forget(socket);
    socket.destroy();
  }

  private forget(socket: Socket): void {
    const entry = this.open.get(socket);
    if (entry === undefined) return;
    entry.closed = true;
    this.queued -= entry.queued;
    this.open.delete(socket);
    this.waiting.delete(socket);
  }
}
