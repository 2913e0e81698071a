// Chat visitors for tests, over real sockets on loopback (plain Node): one
// that uses the page without JavaScript (GET the room, POST the forms, read
// the self-reloading message list) and one that uses the WebSocket the
// page's script opens; both keep the cookie a browser would.
import { request, type IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import type { ChatEntry } from '../../../electron/contract';
import { createChatMode, type ChatLimits, type ChatMode, type ChatModeOptions, type ServerFrame, type VisitorEntry } from '../../../electron/core/chat';
import { serveAlone, type Alone } from '../../../electron/core/http/front-door';
import type { HttpLimits } from '../../../electron/core/http/limits';
import type { ModeEvent } from '../../../electron/core/session';
import { until } from '../../helpers/local';

export { until };

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Room {
  mode: ChatMode & Alone;
  /** http://127.0.0.1:port (the room at the root). */
  url: string;
  port: number;
  /** What the host's seat received, in order. */
  hostEntries: ChatEntry[];
  /** Every string the front door logged. */
  logged: string[];
}

const rooms: Room[] = [];

export async function openRoom(options: Partial<ChatModeOptions> = {}, limits: Partial<ChatLimits> = {}, httpLimits: Partial<HttpLimits> = {}): Promise<Room> {
  const hostEntries: ChatEntry[] = [];
  const logged: string[] = [];
  const onEvent = (e: ModeEvent): void => {
    if (e.type === 'chat') hostEntries.push(e.entry);
  };
  const mode = await serveAlone({ host: '127.0.0.1', limits: httpLimits, logError: (err) => logged.push(String(err)) }, (door) =>
    createChatMode({ history: false, ...options, limits, onEvent }, door),
  );
  const room = { mode, url: mode.localUrl, port: mode.port, hostEntries, logged };
  rooms.push(room);
  return room;
}

export async function closeRooms(): Promise<void> {
  await Promise.all(rooms.splice(0).map((r) => r.mode.close()));
}

/** One HTTP request with a cookie header, as a browser would send it. */
export function httpRequest(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The lines of a message list page, as a reader sees them (markup stripped, entities read). */
export function listLines(html: string): string[] {
  const list = /<ol class="chat-log">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => decode((m[1] ?? '').replace(/<[^>]+>/g, '')));
}

function decode(text: string): string {
  return text.replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)));
}

/** A visitor with JavaScript off: the page, the forms, the message list. */
export class PageVisitor {
  cookie = '';
  name = '';

  constructor(private readonly room: Pick<Room, 'port'>, private readonly base = '') {}

  /** Opens the room page; the first time, it gives a seat and a cookie. */
  async open(): Promise<Reply> {
    const reply = await httpRequest(this.room.port, 'GET', `${this.base}/`, this.headers());
    const set = reply.headers['set-cookie']?.[0];
    if (set) this.cookie = set.split(';')[0] ?? '';
    this.name = decode(/<bdi class="chat-you">([^<]*)<\/bdi>/.exec(reply.body)?.[1] ?? this.name);
    return reply;
  }

  messagesPage(): Promise<Reply> {
    return httpRequest(this.room.port, 'GET', `${this.base}/messages`, this.headers());
  }

  async lines(): Promise<string[]> {
    return listLines((await this.messagesPage()).body);
  }

  say(text: string): Promise<Reply> {
    return this.post('/send', `text=${encodeURIComponent(text)}`);
  }

  rename(name: string): Promise<Reply> {
    return this.post('/name', `name=${encodeURIComponent(name)}`);
  }

  post(path: string, form: string, extra: Record<string, string> = {}): Promise<Reply> {
    return httpRequest(this.room.port, 'POST', `${this.base}${path}`, { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded', ...extra }, form);
  }

  private headers(): Record<string, string> {
    return this.cookie ? { Cookie: this.cookie } : {};
  }
}

/** A visitor whose browser runs the script: the page for a seat, then the WebSocket. */
export class SocketVisitor {
  readonly frames: ServerFrame[] = [];
  /** Every entry received, hello's included, in order. */
  readonly entries: VisitorEntry[] = [];
  closed: { code: number; reason: string } | null = null;
  ws!: WebSocket;
  page!: PageVisitor;
  you = '';
  private ref = 0;
  private readonly answers = new Map<number, (frame: ServerFrame) => void>();

  constructor(private readonly room: Pick<Room, 'port'>, private readonly base = '') {}

  /**
   * Loads the page (seat, cookie), then opens the socket and waits for hello.
   * `options` go to the ws client; `origin` null sends none, as a client that is not a browser.
   */
  async connect(options: WebSocket.ClientOptions = {}, origin: string | null = `http://127.0.0.1:${this.room.port}`): Promise<this> {
    this.page = new PageVisitor(this.room, this.base);
    await this.page.open();
    this.ws = new WebSocket(`ws://127.0.0.1:${this.room.port}${this.base}/socket`, {
      headers: { Cookie: this.page.cookie, ...(origin === null ? {} : { Origin: origin }) },
      perMessageDeflate: false,
      ...options,
    });
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as ServerFrame;
      this.frames.push(frame);
      if (frame.t === 'hello') {
        this.you = frame.you.id;
        this.entries.push(...frame.entries);
      } else if (frame.t === 'entries') this.entries.push(...frame.entries);
      else {
        this.answers.get(frame.ref)?.(frame);
        this.answers.delete(frame.ref);
      }
    });
    this.ws.on('close', (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString() };
    });
    await until(() => this.frames.some((f) => f.t === 'hello') || this.closed !== null, 20_000);
    return this;
  }

  /** Sends a message; resolves with the server's answer. */
  say(text: string): Promise<ServerFrame> {
    return this.send({ t: 'say', text });
  }

  rename(name: string): Promise<ServerFrame> {
    return this.send({ t: 'rename', name });
  }

  send(frame: Record<string, unknown>): Promise<ServerFrame> {
    const ref = ++this.ref;
    return new Promise((resolve) => {
      this.answers.set(ref, resolve);
      this.ws.send(JSON.stringify({ ...frame, ref }));
    });
  }

  messages(): string[] {
    return this.entries.flatMap((e) => (e.kind === 'message' ? [`${e.from.name}: ${e.text}`] : []));
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
    });
  }
}

/** "name: text" of the message entries, in order. */
export function spoken(entries: readonly (ChatEntry | VisitorEntry)[]): string[] {
  return entries.flatMap((e) => (e.kind === 'message' ? [`${e.from.name}: ${e.text}`] : []));
}
