// The room over WebSockets (plain Node, the `ws` library): the live path for
// visitors whose browser runs the page's script.
//
// - One heartbeat for all sockets: each is pinged every heartbeatMs, and one
//   that has not answered the previous ping is dropped, so a visitor whose
//   circuit died is shown as gone within two beats.
// - New entries go out batched, once per turn of the event loop, as one frame
//   serialised once for everyone.
// - A visitor that does not read has at most maxQueuedBytes (and one more
//   batch) waiting for it; then it is dropped, so nobody's slowness costs the
//   room memory.
// - A frame that is not ours (binary, not JSON, another shape, larger than
//   maxFrameBytes, broken UTF-8) closes that one socket; the room goes on.
//   So does a run of maxRefusalsInARow refusals: a flood, not a person.
// - Closing the room closes every socket with code 4000 "room-closed", which
//   the script shows in the visitor's words.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ChatEntry } from '../../contract';
import type { ChatLimits } from './limits';
import { Signal } from './signal';
import { memberOf, type Room } from './room';
import type { Visitor, Visitors } from './visitors';
import { CLOSE, parseClientFrame, visitorEntry, type ServerFrame } from './wire';

/** How long a closing socket may take to answer our close frame before it is cut. */
const CLOSE_WAIT_MS = 2000;

interface Connection {
  readonly ws: WebSocket;
  readonly visitor: Visitor;
  /** Answered the last ping. */
  alive: boolean;
  /** The seq of the last entry it was sent. */
  sentSeq: number;
  /** Dropped by us (dead, flooding, malformed, too slow): its visitor is gone at once. */
  dropped: boolean;
}

type Close = (typeof CLOSE)[keyof typeof CLOSE];

const noop = (): void => undefined;

export class SocketTransport {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;
  private pending: ChatEntry[] = [];
  private flushing = false;
  private readonly socketClosed = new Signal();

  constructor(
    private readonly room: Room,
    private readonly visitors: Visitors,
    private readonly limits: ChatLimits,
    /** Sockets at most, over every visitor (the door holds a slot for each). */
    private readonly maxSockets: number,
  ) {
    // No compression: it costs memory per socket and lets a visitor make the server inflate.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
    room.onEntry((entry) => this.queue(entry));
    room.onClose(() => this.closeAll(CLOSE.roomClosed));
    this.heartbeat = setInterval(() => this.beat(), limits.heartbeatMs);
    this.heartbeat.unref();
  }

  /** A WebSocket handshake the front door let through (Host, Origin, a held slot). */
  upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const visitor = this.visitors.fromHeaders(req.headers);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', noop);
      // Refusals go as close frames with a reason, which the script can put into words.
      if (!this.room.isOpen) return this.refuse(ws, CLOSE.roomClosed);
      if (visitor === null) return this.refuse(ws, CLOSE.noSeat);
      if (this.connections.size >= this.maxSockets || visitor.sockets >= this.limits.socketsPerVisitor) return this.refuse(ws, CLOSE.busy);
      this.attach(ws, visitor);
    });
  }

  /** Open sockets. */
  count(): number {
    return this.connections.size;
  }

  /** Resolves once every socket has closed, or after `ms` (the rest are cut then). */
  drained(ms: number): Promise<void> {
    return this.socketClosed.until(
      () => this.connections.size === 0,
      ms,
      () => {
        for (const c of this.connections) c.ws.terminate();
      },
    );
  }

  /** Every socket closed with a reason (the door is closing without the room having closed). */
  closeAll(close: Close): void {
    for (const c of this.connections) {
      // The close frame tells them: nobody waits for this visitor's list to say it.
      if (close === CLOSE.roomClosed) this.visitors.toldClosed(c.visitor);
      this.shut(c, close, false);
    }
  }

  dispose(): void {
    clearInterval(this.heartbeat);
    for (const c of this.connections) c.ws.terminate();
  }

  private attach(ws: WebSocket, visitor: Visitor): void {
    const seat = visitor.seat;
    const conn: Connection = { ws, visitor, alive: true, sentSeq: this.room.lastSeq, dropped: false };
    this.connections.add(conn);
    this.visitors.socketOpened(visitor);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(conn, data, isBinary));
    ws.on('close', (code: number) => {
      this.connections.delete(conn);
      // 1006: the connection ended without a close frame, as a dead circuit does.
      this.visitors.socketClosed(visitor, conn.dropped || code === 1006 ? 'dropped' : 'closed');
      this.socketClosed.notify();
    });
    const entries = this.room.visibleTo(seat).map(visitorEntry);
    this.send(conn, { t: 'hello', you: memberOf(seat), history: this.room.history, members: this.room.members(), entries });
  }

  private onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn.dropped || conn.ws.readyState !== conn.ws.OPEN) return;
    const frame = isBinary ? null : parseClientFrame(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(toBuffers(data)).toString('utf8'));
    if (frame === null) return this.shut(conn, CLOSE.malformed, true);
    const seat = conn.visitor.seat;
    const result = frame.t === 'say' ? this.room.say(seat, frame.text) : this.room.rename(seat, frame.name);
    this.send(conn, result.ok ? { t: 'ok', ref: frame.ref } : { t: 'refused', ref: frame.ref, refusal: result.refusal });
    if (!result.ok && seat.refusalsInARow >= this.limits.maxRefusalsInARow) this.shut(conn, CLOSE.flood, true);
  }

  /**
   * Judged before sending: what still waits from earlier sends is what a
   * reader failed to take. One large batch to a reader that keeps up is fine.
   */
  private send(conn: Connection, frame: ServerFrame | string): void {
    if (conn.dropped || conn.ws.readyState !== conn.ws.OPEN) return;
    if (conn.ws.bufferedAmount > this.limits.maxQueuedBytes) {
      conn.dropped = true;
      conn.ws.terminate();
      return;
    }
    conn.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  private queue(entry: ChatEntry): void {
    this.pending.push(entry);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    const batch = this.pending;
    this.pending = [];
    const last = batch.at(-1);
    if (last === undefined) return;
    // Nearly every socket needs the whole batch: one JSON text for all of them.
    const texts = new Map<number, string>();
    for (const conn of this.connections) {
      const from = batch.findIndex((e) => e.seq > conn.sentSeq);
      if (from < 0) continue;
      let text = texts.get(from);
      if (text === undefined) {
        text = JSON.stringify({ t: 'entries', entries: batch.slice(from).map(visitorEntry) } satisfies ServerFrame);
        texts.set(from, text);
      }
      conn.sentSeq = last.seq;
      this.send(conn, text);
    }
  }

  private beat(): void {
    for (const conn of this.connections) {
      if (!conn.alive) {
        conn.dropped = true;
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }

  /** Close with a reason; a socket that does not answer our close frame is cut after a short wait. */
  private shut(conn: Connection, close: Close, drop: boolean): void {
    if (drop) conn.dropped = true;
    conn.ws.close(close.code, close.reason);
    setTimeout(() => conn.ws.terminate(), CLOSE_WAIT_MS).unref();
  }

  private refuse(ws: WebSocket, close: Close): void {
    ws.close(close.code, close.reason);
    setTimeout(() => ws.terminate(), CLOSE_WAIT_MS).unref();
  }
}

function toBuffers(data: RawData): Buffer[] {
  if (Array.isArray(data)) return data;
  return [Buffer.from(data as ArrayBuffer)];
}
