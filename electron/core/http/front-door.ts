// The one HTTP entry of every mode (plain Node): listening, limits and
// timeouts, fairness between connections, Host checks, security headers, and
// an express app into which each mode mounts its router, alone at the root
// or beside others under a prefix ('/share', '/receive', ...) with a landing
// page at '/'.
//
// Nothing a request does may take the process down: a route that throws or
// rejects gets a 500 page (or, once bytes went out, a cut connection), and
// every response has an 'error' listener.
//
// WebSocket upgrades (chat) go through the same checks as requests: a slot
// from the same connection budget (held, so it is never dropped as idle),
// Host, and an Origin that must be this address's own. An upgraded socket
// leaves Node's HTTP timeouts behind (Node removes its timeout handling at
// the upgrade and the WebSocket library sets none): the mode's heartbeat is
// what notices a dead one. On close, each mode closes its sockets with a
// reason first; the door then drops whatever is left.
import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { translatorFor, type Translator } from '../../../i18n/messages';
import { DEFAULT_PORT_RANGE, listenInRange, type PortRange } from '../platform';
import { answerClientError, answerRaw } from './client-errors';
import { ConnectionGuard, type ConnectionCounts } from './connections';
import { hostProblem, isForeignOrigin } from './host-check';
import { landingPage } from './landing';
import { DEFAULT_LIMITS, deliveryGraceMs, type HttpLimits } from './limits';
import type { DoorContext, ModeApp } from './mode';
import { messagePage, redirect, sendPage, setPageContext, type PageContext } from './page';
import { applySecurityHeaders } from './security-headers';

export interface FrontDoorOptions {
  host: string;
  portRange?: PortRange;
  limits?: Partial<HttpLimits>;
  /** Refuse Host names other than IP literals, localhost and .onion (default true). */
  checkHost?: boolean;
  /** Words of the door's own pages (refusals, the landing page); default English. */
  translator?: Translator;
  /** Where a route's failure is logged for developers; default stderr. */
  logError?: (err: unknown) => void;
}

/** A front door being set up: modes are mounted, then it listens. */
export interface FrontDoor {
  readonly context: DoorContext;
  /** '' mounts the only mode at the root; '/name' mounts one of several. */
  mount(path: string, mode: ModeApp): void;
  /** Bind the first free port of the range and start answering. */
  listen(): Promise<ListeningDoor>;
}

export interface ListeningDoor {
  readonly host: string;
  readonly port: number;
  /** http://host:port (IPv6 in brackets), for local use and logs. */
  readonly localUrl: string;
  counts(): ConnectionCounts;
  /** Stop listening, drop every connection (running transfers included), then let each mode clean up. */
  close(): Promise<void>;
}

/** A mount path: '' or one lower-case segment. */
export class MountError extends Error {
  readonly kind = 'mount' as const;
  constructor(
    readonly path: string,
    readonly problem: 'bad-path' | 'taken' | 'root-and-prefix',
  ) {
    super(`cannot mount a mode at ${JSON.stringify(path)}: ${problem}`);
    this.name = 'MountError';
  }
}

// A client that sends something we will not read loses the connection, so it cannot keep a slot.
const CLOSE = { Connection: 'close' };
const noop = (): void => undefined;

export function openFrontDoor(options: FrontDoorOptions): FrontDoor {
  const requested: Partial<HttpLimits> = options.limits ?? {};
  const translator = options.translator ?? translatorFor('en');
  const doorPages: PageContext = { tr: translator, base: '' };
  const checkHost = options.checkHost ?? true;
  const logError = options.logError ?? ((err: unknown) => process.stderr.write(`oniondrop: a request failed: ${describe(err)}\n`));
  const mounts: { path: string; mode: ModeApp }[] = [];
  const idled = new WeakSet<Socket>();
  let closing = false;

  const context: DoorContext = {
    closing: () => closing,
    // The connection as the request saw it: a response's own socket is detached once it finishes.
    stalled: (res) => idled.has(res.req.socket),
    deliveryGraceMs: deliveryGraceMs({ ...DEFAULT_LIMITS, ...requested }),
  };

  function mount(path: string, mode: ModeApp): void {
    if (path !== '' && !/^\/[a-z0-9][a-z0-9-]*$/.test(path)) throw new MountError(path, 'bad-path');
    if (mounts.some((m) => m.path === path)) throw new MountError(path, 'taken');
    if (mounts.some((m) => (m.path === '') !== (path === ''))) throw new MountError(path, 'root-and-prefix');
    mounts.push({ path, mode });
  }

  function buildApp(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.set('query parser', false);
    app.set('case sensitive routing', true);
    app.set('strict routing', true);
    // Express's last-resort handler must never print a stack trace to a visitor.
    app.set('env', 'production');

    app.use((req: Request, res: Response, next: NextFunction) => {
      const problem = hostProblem(req, checkHost);
      if (problem === null) return next();
      sendPage(req, res, messagePage(problem === 'foreign' ? 421 : 400, problem === 'foreign' ? 'door.misdirected' : 'door.badRequest', 'start'), CLOSE);
    });

    const several = mounts.length > 1 || mounts.some((m) => m.path !== '');
    if (several) {
      app.get('/', (req: Request, res: Response) => {
        sendPage(req, res, landingPage(mounts.map((m) => ({ href: `${m.path}/`, ...m.mode.describe() }))));
      });
    }
    for (const { path, mode } of mounts) {
      const enter = (req: Request, res: Response, next: NextFunction): void => {
        const others = several ? mounts.filter((m) => m.mode !== mode).map((m) => ({ href: `${m.path}/`, label: m.mode.describe().label })) : undefined;
        setPageContext(res, { tr: mode.translator, base: req.baseUrl, others });
        res.setHeader('Content-Security-Policy', mode.csp);
        // "/share" without its slash: relative links on the mode's pages would resolve against "/".
        const bare = req.baseUrl !== '' && !req.originalUrl.split('?')[0]?.endsWith('/') && /^\/(\?|$)/.test(req.url);
        if (bare) return redirect(req, res, 308, `${req.baseUrl}${req.url}`);
        next();
      };
      if (path === '') app.use(enter, mode.router);
      else app.use(path, enter, mode.router);
    }

    app.use((req: Request, res: Response) => {
      if (req.method === 'GET' || req.method === 'HEAD') sendPage(req, res, messagePage(404, 'door.notFound', 'start'));
      else sendPage(req, res, messagePage(405, 'door.methodNotAllowed', 'start'), { Allow: 'GET, HEAD', ...CLOSE });
    });

    // Express 5 routes a thrown or rejected handler here.
    app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      logError(err);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Whatever the route had set (a download's headers) does not describe the error page.
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      applySecurityHeaders(res);
      sendPage(req, res, messagePage(500, 'door.serverError', 'start'), CLOSE);
    });
    return app;
  }

  /** The mode a connection upgrade is for, and the path below its mount point; null when none takes it. */
  function upgradeTarget(url: string | undefined): { upgrade: NonNullable<ModeApp['upgrade']>; path: string } | null {
    const path = (url ?? '').split('?')[0] ?? '';
    for (const { path: at, mode } of mounts) {
      const { upgrade } = mode;
      if (upgrade === undefined) continue;
      if (at === '') return { upgrade, path };
      if (path.startsWith(`${at}/`)) return { upgrade, path: path.slice(at.length) };
    }
    return null;
  }

  async function listen(): Promise<ListeningDoor> {
    const longRequests = mounts.some((m) => m.mode.longRequests);
    const merged: HttpLimits = { ...DEFAULT_LIMITS, ...(longRequests ? { requestTimeoutMs: 0 } : {}), ...requested };
    const held = mounts.reduce((n, m) => n + (m.mode.heldConnections ?? 0), 0);
    const limits: HttpLimits = { ...merged, maxConnections: merged.maxConnections + held };
    const app = buildApp();
    const guard = new ConnectionGuard(limits);
    const server = createServer({
      maxHeaderSize: limits.maxHeaderSize,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
      // No request smuggling games: one Transfer-Encoding/Content-Length reading only.
      insecureHTTPParser: false,
      joinDuplicateHeaders: false,
      // Node's own missing-Host answer would skip our headers; the door checks Host.
      requireHostHeader: false,
    });
    server.timeout = limits.idleTimeoutMs;

    const handle = (req: IncomingMessage, res: ServerResponse): void => {
      // Before anything else: a request over the connection's pipelining cap costs nothing more.
      if (!guard.admit(req, res)) return;
      res.on('error', noop);
      // Set first, so even an answer written deep inside a route carries them.
      applySecurityHeaders(res);
      setPageContext(res, doorPages);
      // A request pipelined behind another is answered when its turn comes,
      // not read ahead: queued answers would hold memory and open files for
      // a client that may never read them. And only once the read that
      // brought it is parsed: a connection dropped for pipelining too much
      // in that same read gets no work done for it at all.
      const answer = (): void => {
        if (!req.socket.destroyed) app(req, res);
      };
      if (res.socket !== null) setImmediate(answer);
      else res.once('socket', answer);
    };
    server.on('connection', (socket: Socket) => guard.accept(socket));
    server.on('request', handle);
    // "Expect: 100-continue": the route decides (receive refuses a too large upload before its body is sent).
    server.on('checkContinue', handle);
    // With a 'timeout' listener Node leaves the socket open; we drop it ourselves
    // and remember why, so a cut-off download is reported as stalled.
    server.on('timeout', (socket: Socket) => {
      idled.add(socket);
      socket.destroy();
    });
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, doorPages));
    // CONNECT is not for us; without a listener Node would just drop the socket silently.
    server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
      answerRaw(socket, 405, 'Method Not Allowed', 'door.methodNotAllowed', doorPages, 'Allow: GET, HEAD\r\n');
    });

    // Upgraded sockets are not the HTTP server's any more: closeAllConnections() does not see them.
    const upgraded = new Set<Socket>();
    // Only when a mode takes upgrades: with a listener, Node hands every request
    // that carries an Upgrade header here, and an address without such a mode
    // should answer those (h2c probes) as plain requests, as before.
    if (mounts.some((m) => m.mode.upgrade !== undefined)) {
      server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
        // Node took its own error handling off the socket at the upgrade.
        socket.on('error', noop);
        if (closing || !guard.hold(socket)) return void socket.destroy();
        const problem = hostProblem(req, checkHost);
        if (problem !== null) {
          const foreign = problem === 'foreign';
          return answerRaw(socket, foreign ? 421 : 400, foreign ? 'Misdirected Request' : 'Bad Request', foreign ? 'door.misdirected' : 'door.badRequest', doorPages);
        }
        // Browsers upgrade to nothing but WebSocket; anything else here is not for us.
        if ((req.headers.upgrade ?? '').trim().toLowerCase() !== 'websocket') return answerRaw(socket, 400, 'Bad Request', 'door.badRequest', doorPages);
        if (isForeignOrigin(req)) return answerRaw(socket, 403, 'Forbidden', 'door.foreignOrigin', doorPages);
        const target = upgradeTarget(req.url);
        if (target === null) return answerRaw(socket, 404, 'Not Found', 'door.notFound', doorPages);
        upgraded.add(socket);
        socket.once('close', () => upgraded.delete(socket));
        try {
          if (!target.upgrade(req, socket, head, target.path)) answerRaw(socket, 404, 'Not Found', 'door.notFound', doorPages);
        } catch (err) {
          logError(err);
          socket.destroy();
        }
      });
    }

    const port = await listenInRange(server, options.host, options.portRange ?? DEFAULT_PORT_RANGE);
    let closed: Promise<void> | null = null;
    return {
      host: options.host,
      port,
      localUrl: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
      counts: () => guard.counts(),
      close: () => {
        closed ??= (async () => {
          closing = true;
          // Long-lived connections first, each closed with its reason; then the rest, whatever is left, dropped.
          await Promise.all(mounts.map((m) => m.mode.closing?.().catch(logError)));
          for (const socket of upgraded) socket.destroy();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await Promise.all(mounts.map((m) => m.mode.closed()));
        })();
        return closed;
      },
    };
  }

  return { context, mount, listen };
}

/** Where a mode alone on its address listens, and how it stops. */
export type Alone = Pick<ListeningDoor, 'host' | 'port' | 'localUrl' | 'close'>;

/** One mode alone on its own address, the usual case: the mode made for a door of its own, listening. */
export async function serveAlone<M extends ModeApp>(options: FrontDoorOptions, create: (door: DoorContext) => M | Promise<M>): Promise<M & Alone> {
  const door = openFrontDoor(options);
  const mode = await create(door.context);
  door.mount('', mode);
  const { host, port, localUrl, close } = await door.listen();
  return { ...mode, host, port, localUrl, close };
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
