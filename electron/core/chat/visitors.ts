// Who is behind a request or a WebSocket (plain Node): each visitor's secret
// token, carried in a cookie, and whether they are still there.
//
// Every visitor arrives from the same address (the Tor daemon's), so the
// address says nothing; a random token per visitor does. It rides in a cookie
// rather than in the page's URLs or forms:
// - HttpOnly: no script, ours included, can read it;
// - SameSite=Strict: a page of another site cannot post into the room, or
//   open a socket to it, as the visitor (and the door checks Origin too);
// - it never shows in an address a visitor might copy and pass on (a token
//   in the URL would hand over their seat and name with it);
// - the no-JavaScript <iframe>, the forms and the WebSocket all carry it
//   without any of them knowing it, and Tor Browser keeps it only for the
//   session. Its name carries the room's id, so two rooms tried side by side
//   on one computer (cookies ignore ports) do not take each other's seats.
//
// Presence: a visitor with an open WebSocket is there until it closes; one
// without is there while its message list keeps asking (pageLeaveMs), and a
// WebSocket closed by the browser (a reload) leaves the seat open a few
// seconds for the next page. A socket that died is gone at once.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ChatLimits } from './limits';
import type { Room, Seat } from './room';
import { Signal } from './signal';

export interface Visitor {
  readonly token: string;
  readonly seat: Seat;
  sockets: number;
  /** When the visitor counts as gone without a word from it (ms since epoch); Infinity while a socket is open. */
  expiresAt: number;
  /** Saw that the room has closed (its list or page was answered after the close). */
  toldClosed: boolean;
  /** Had a WebSocket: when its seat runs out, it left (closed the tab); a page that stops asking timed out. */
  hadSocket: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class Visitors {
  private readonly byToken = new Map<string, Visitor>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly told = new Signal();

  constructor(
    private readonly room: Room,
    private readonly limits: Pick<ChatLimits, 'pageLeaveMs' | 'reconnectGraceMs'>,
    private readonly now: () => number,
  ) {
    this.cookieName = `oniondrop_chat_${room.id.slice(0, 8)}`;
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(limits.pageLeaveMs, limits.reconnectGraceMs) / 4));
    this.sweeper.unref();
  }

  readonly cookieName: string;

  /** A new seat for a newcomer; null when the room is full or closed. */
  arrive(): Visitor | null {
    const seat = this.room.join();
    if (seat === null) return null;
    const visitor: Visitor = { token: randomBytes(32).toString('base64url'), seat, sockets: 0, expiresAt: this.now() + this.limits.pageLeaveMs, toldClosed: false, hadSocket: false };
    this.byToken.set(visitor.token, visitor);
    return visitor;
  }

  /** The visitor whose cookie the request carries, if it still has a seat. */
  fromHeaders(headers: IncomingHttpHeaders): Visitor | null {
    const token = cookieValue(headers.cookie, this.cookieName);
    if (token === null || !TOKEN.test(token)) return null;
    return this.byToken.get(token) ?? null;
  }

  /** Set-Cookie for a visitor's token: session-only, unreadable by script, never sent from another site. */
  cookie(visitor: Visitor): string {
    return `${this.cookieName}=${visitor.token}; Path=/; HttpOnly; SameSite=Strict`;
  }

  /** The visitor's page or message list asked: still there. */
  seen(visitor: Visitor): void {
    if (visitor.sockets === 0) visitor.expiresAt = this.now() + this.limits.pageLeaveMs;
    if (!this.room.isOpen) this.toldClosed(visitor);
  }

  socketOpened(visitor: Visitor): void {
    visitor.sockets++;
    visitor.hadSocket = true;
    visitor.expiresAt = Infinity;
  }

  /** `dropped`: the connection died (no close from the browser, or no answer to the heartbeat). */
  socketClosed(visitor: Visitor, how: 'closed' | 'dropped'): void {
    visitor.sockets = Math.max(0, visitor.sockets - 1);
    if (visitor.sockets > 0) return;
    if (how === 'dropped') this.leave(visitor, 'dropped');
    else visitor.expiresAt = this.now() + this.limits.reconnectGraceMs;
  }

  toldClosed(visitor: Visitor): void {
    if (visitor.toldClosed) return;
    visitor.toldClosed = true;
    this.told.notify();
  }

  /**
   * Resolves once every visitor still there without a WebSocket has been
   * told that the room closed (its next reload shows it), or after `ms`.
   */
  allToldClosed(ms: number): Promise<void> {
    return this.told.until(() => ![...this.byToken.values()].some((v) => !v.toldClosed && v.sockets === 0 && v.expiresAt > this.now()), ms);
  }

  count(): number {
    return this.byToken.size;
  }

  /** Stops the presence timer; the room is dropped with everyone in it. */
  dispose(): void {
    clearInterval(this.sweeper);
    this.byToken.clear();
  }

  private leave(visitor: Visitor, why: 'left' | 'timeout' | 'dropped'): void {
    this.byToken.delete(visitor.token);
    this.room.leave(visitor.seat, why);
  }

  private sweep(): void {
    if (!this.room.isOpen) return;
    const now = this.now();
    for (const visitor of [...this.byToken.values()]) {
      if (visitor.sockets === 0 && visitor.expiresAt <= now) this.leave(visitor, visitor.hadSocket ? 'left' : 'timeout');
    }
  }
}

/** One cookie's value from a Cookie header; null when absent or given twice (which one would be the visitor's?). */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  let found: string | null = null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    if (found !== null) return null;
    found = part.slice(eq + 1).trim();
  }
  return found;
}
