// Chat mode on the front door (plain Node): the room's page, its message
// list and forms for browsers without JavaScript, its script and stylesheet,
// the WebSocket for browsers with it, and the host's own seat.
//
// URL space, under the path the mode is mounted at:
//   GET  /          the room (a newcomer gets a seat and its cookie)
//   GET  /messages  the message list, for the page's <iframe>; reloads itself
//   POST /send      a message (form field "text"); 303 back to the room
//   POST /name      a new name (form field "name"); 303 back to the room
//   GET  /chat.js   the script that makes the page live
//   GET  /chat.css  the pages' stylesheet
//   upgrade /socket the WebSocket (see socket-transport.ts)
//
// Nothing a visitor says is written anywhere: not to disk, not to a log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { ChatEntry, ChatSendResult, ChatView } from '../../contract';
import { translatorFor, type Translator } from '../../../i18n/messages';
import type { DoorContext, ModeApp } from '../http/mode';
import { messagePage, redirect, sendPage, STYLE_HASH } from '../http/page';
import { pageCsp } from '../http/security-headers';
import { isCrossSite } from '../receive/upload-request';
import type { ModeEvent } from '../session';
import { parseRequestPath } from '../share/request-path';
import { DEFAULT_CHAT_LIMITS, type ChatLimits } from './limits';
import { memberOf, Room, type RoomCounts } from './room';
import { SocketTransport } from './socket-transport';
import { messagesPage, PATHS, FIELDS, roomPage, type RefusalWhat, type RoomPageModel } from './visitor-pages';
import { VISITOR_SCRIPT } from './visitor-script';
import { VISITOR_STYLE } from './visitor-style';
import { Visitors, type Visitor } from './visitors';

export interface ChatModeOptions {
  /** Heading of the room's page; default "Chat" in the visitor's words. */
  title?: string;
  /** The host's name in the room; null or '' for a random two-word one. */
  hostName?: string | null;
  /** Newcomers also see what was said before they came. */
  history: boolean;
  /** The words of the mode's pages (default English). */
  translator?: Translator;
  limits?: Partial<ChatLimits>;
  /** Every entry of the room, as it happens (the session passes them to the host's window or terminal). */
  onEvent?: (event: ModeEvent) => void;
  /** The clock of rate limits and presence; Date.now by default. */
  now?: () => number;
}

/** The host's seat in the room: the same for the window and the terminal. */
export interface ChatSeat {
  readonly roomId: string;
  say(text: string): ChatSendResult;
  view(): ChatView;
  /** Everything the room still holds, oldest first (the host has been there from the start). */
  log(): ChatEntry[];
}

export interface ChatCounts extends RoomCounts {
  /** Visitors known by their token (with or without a socket). */
  tokens: number;
  sockets: number;
}

export interface ChatControls {
  /** The host's seat (what the session hands the window and the terminal). */
  readonly chat: ChatSeat;
  /**
   * Closes the room and gives the visitors still there a moment to see it:
   * WebSockets get a close frame with the reason, and each visitor without
   * JavaScript one more reload of its list, which then says so. Bounded by
   * one reload interval and a few seconds.
   */
  windDown(): Promise<void>;
  counts(): ChatCounts;
}

export type ChatMode = ModeApp & ChatControls;

/** Beyond one reload interval, for a reload over Tor to arrive and be answered. */
const CLOSED_GRACE_MS = 4000;
/** Sockets above the visitors cap: a few visitors with a second tab. */
const EXTRA_SOCKETS = 50;
// A client sending something we will not read loses the connection, so it cannot keep a slot.
const CLOSE = { Connection: 'close' };

/** The room page: its script and socket, its <iframe>, its forms; nothing else. */
function roomCsp(host: string | undefined): string {
  // The Host header passed the door's check (an IP literal, localhost or an onion name); anything odd falls back to 'self'.
  const socket = host !== undefined && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `ws://${host}` : "'self'";
  return [
    "default-src 'none'",
    `style-src ${STYLE_HASH} 'self'`,
    "script-src 'self'",
    `connect-src ${socket}`,
    "frame-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The message list: shown only inside the room page of this address. */
const FRAME_CSP = ["default-src 'none'", `style-src ${STYLE_HASH} 'self'`, "form-action 'none'", "frame-ancestors 'self'", "base-uri 'none'"].join('; ');

export async function createChatMode(options: ChatModeOptions, door: DoorContext): Promise<ChatMode> {
  const limits: ChatLimits = { ...DEFAULT_CHAT_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const translator = options.translator ?? translatorFor('en');
  const title = options.title?.trim() || null;
  const room = new Room({ hostName: options.hostName ?? null, history: options.history, limits, now });
  const visitors = new Visitors(room, limits, now);
  const maxSockets = limits.maxVisitors + EXTRA_SOCKETS;
  const sockets = new SocketTransport(room, visitors, limits, maxSockets);
  let accepting = true;

  const stopEvents = room.onEntry((entry) => {
    try {
      options.onEvent?.({ type: 'chat', roomId: room.id, entry });
    } catch {
      // A listener's bug must not break the room.
    }
  });

  const pageModel = (visitor: Visitor | null, state: RoomPageModel['state']): RoomPageModel => ({
    title,
    history: room.history,
    limits,
    you: visitor?.seat.name ?? null,
    state,
  });

  function sendRoom(req: IncomingMessage, res: ServerResponse, model: RoomPageModel): void {
    res.setHeader('Content-Security-Policy', roomCsp(req.headers.host));
    sendPage(req, res, roomPage(model));
  }

  function showRoom(req: Request, res: Response): void {
    if (req.method === 'HEAD') return sendRoom(req, res, pageModel(null, room.isOpen ? 'open' : 'closed'));
    let visitor = visitors.fromHeaders(req.headers);
    if (!room.isOpen) {
      if (visitor) visitors.toldClosed(visitor);
      return sendRoom(req, res, pageModel(visitor, 'closed'));
    }
    if (visitor === null && accepting && !door.closing()) {
      visitor = visitors.arrive();
      if (visitor) res.setHeader('Set-Cookie', visitors.cookie(visitor));
    }
    if (visitor === null) return sendRoom(req, res, pageModel(null, accepting ? 'full' : 'closed'));
    visitors.seen(visitor);
    sendRoom(req, res, pageModel(visitor, 'open'));
  }

  function showMessages(req: Request, res: Response): void {
    const visitor = visitors.fromHeaders(req.headers);
    if (visitor) visitors.seen(visitor);
    const shown = visitor ? room.visibleTo(visitor.seat, 0, limits.pageEntries + 1) : null;
    const cut = shown !== null && shown.length > limits.pageEntries;
    res.setHeader('Content-Security-Policy', FRAME_CSP);
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    sendPage(
      req,
      res,
      messagesPage({
        entries: cut ? (shown?.slice(1) ?? null) : shown,
        you: visitor?.seat.id ?? null,
        state: room.isOpen ? 'open' : 'closed',
        refreshSeconds: limits.refreshSeconds,
        cut,
      }),
    );
  }

  /** A message or a new name from the forms: back to the room when taken, the room with why when not. */
  async function post(req: Request, res: Response, what: RefusalWhat): Promise<void> {
    if (isCrossSite(req.headers)) return sendPage(req, res, messagePage(403, 'chat.crossSite', 'start'), CLOSE);
    const form = await readForm(req, limits.maxFormBytes);
    if (form === 'too-large') return sendPage(req, res, messagePage(413, 'chat.tooLarge', 'start'), CLOSE);
    if (form === 'not-form') return sendPage(req, res, messagePage(400, 'chat.badRequest', 'start'), CLOSE);
    const visitor = visitors.fromHeaders(req.headers);
    // No seat (it ran out, or cookies are off): the room page gives one.
    if (visitor === null) return redirect(req, res, 303, `${req.baseUrl}/`);
    visitors.seen(visitor);
    const typed = form.get(what === 'say' ? FIELDS.text : FIELDS.name) ?? '';
    const result = what === 'say' ? room.say(visitor.seat, typed) : room.rename(visitor.seat, typed);
    if (result.ok) return redirect(req, res, 303, `${req.baseUrl}/`);
    if (result.refusal.reason === 'closed') return sendRoom(req, res, pageModel(visitor, 'closed'));
    sendRoom(req, res, { ...pageModel(visitor, 'open'), refused: { what, refusal: result.refusal, typed } });
  }

  const sendFile = (type: string, text: string) => (req: Request, res: Response) => {
    const body = Buffer.from(text, 'utf8');
    res.statusCode = 200;
    res.setHeader('Content-Type', `${type}; charset=utf-8`);
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const router = Router({ strict: true, caseSensitive: true });
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (parseRequestPath(req.url).ok) return next();
    sendPage(req, res, messagePage(400, 'chat.badRequest', 'start'), CLOSE);
  });
  router.get('/', showRoom);
  router.get(PATHS.messages, showMessages);
  router.post(PATHS.send, (req: Request, res: Response) => post(req, res, 'say'));
  router.post(PATHS.name, (req: Request, res: Response) => post(req, res, 'rename'));
  // A reload after posting: back to the room.
  router.get([PATHS.send, PATHS.name], (req: Request, res: Response) => redirect(req, res, 303, `${req.baseUrl}/`));
  router.get(PATHS.script, sendFile('text/javascript', VISITOR_SCRIPT));
  router.get(PATHS.style, sendFile('text/css', VISITOR_STYLE));
  router.use((req: Request, res: Response) => {
    const read = req.method === 'GET' || req.method === 'HEAD';
    sendPage(req, res, messagePage(read ? 404 : 405, read ? 'chat.notFound' : 'chat.methodNotAllowed', 'start'), read ? {} : CLOSE);
  });

  const seat: ChatSeat = {
    roomId: room.id,
    say: (text) => {
      const result = room.say(room.host, text);
      return result.ok ? { ok: true } : { ok: false, refusal: result.refusal };
    },
    view: () => ({ roomId: room.id, you: memberOf(room.host), members: room.members(), history: room.history }),
    log: () => room.visibleTo(room.host),
  };

  return {
    router,
    translator,
    csp: pageCsp(),
    longRequests: false,
    heldConnections: maxSockets,
    describe: () => ({ label: translator.t('pages.chat.describe.label'), hint: translator.t('pages.chat.describe.hint') }),
    setAccepting: (value) => {
      accepting = value;
    },
    // A conversation is not a transfer: nothing to let finish before an auto-stop.
    activeTransfers: () => 0,
    upgrade: (req, socket, head, path) => {
      if (path !== PATHS.socket) return false;
      sockets.upgrade(req, socket, head);
      return true;
    },
    closing: async () => {
      room.close();
      await sockets.drained(1000);
    },
    closed: async () => {
      stopEvents();
      sockets.dispose();
      visitors.dispose();
    },
    chat: seat,
    windDown: async () => {
      room.close();
      await Promise.all([visitors.allToldClosed(limits.refreshSeconds * 1000 + CLOSED_GRACE_MS), sockets.drained(CLOSED_GRACE_MS)]);
    },
    counts: () => ({ ...room.counts(), tokens: visitors.count(), sockets: sockets.count() }),
  };
}

/** A small urlencoded form, read whole; larger than `max` bytes or another type is refused unread. */
async function readForm(req: IncomingMessage, max: number): Promise<URLSearchParams | 'too-large' | 'not-form'> {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return 'not-form';
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return 'too-large';
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
