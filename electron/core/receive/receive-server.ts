// Receive mode on the front door: upload page, the upload route, events for the session (plain Node).
//
// URL space, under the path the mode is mounted at:
//   GET/HEAD /        the upload page
//   POST /upload      a submission; answered with what was received, or why not
//   GET /upload       303 back to the page (a reload after sending)
//
// Every refusal is a page with its status (413 sizes, 507 free space, 400
// otherwise), the parts of the refused upload are deleted, and the server
// goes on. Uploads over Tor can take hours, so the server has no overall
// request timeout; a client that stops sending is cut off by the idle
// timeout (HttpLimits.idleTimeoutMs) and its upload treated as aborted.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { Problem } from '../../contract';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { translatorFor, type Translator } from '../../../i18n/messages';
import type { ModeEvent } from '../session';
import type { PortRange } from '../platform';
import { serveAlone } from '../http/front-door';
import type { HttpLimits } from '../http/limits';
import type { DoorContext, ModeApp } from '../http/mode';
import { redirect, sendPage } from '../http/page';
import { pageCsp } from '../http/security-headers';
import { errnoCode } from '../share/errors';
import { parseRequestPath } from '../share/request-path';
import { freeBytes, type FreeBytes } from './disk-space';
import type { SubmissionListener, SubmissionOutcome } from './events';
import { Linger } from './linger';
import { receiveFolderWarnings } from './start-check';
import { receivedPage, receivePages, rejectedPage, uploadPage, UPLOAD_PATH } from './pages';
import { limitRejection, problemOfRejection, statusOf, UploadRejected } from './rejection';
import { ReceiveFolderError } from './submission-folder';
import { receiveSubmission, type ReceiveLimits, type SubmissionResult } from './submission';
import { declaredLength, framingAllowance, isCrossSite } from './upload-request';

export const DEFAULT_RECEIVE_LIMITS: ReceiveLimits = {
  maxFileSize: 0,
  maxTotalSize: 0,
  maxMessageLength: 10_000,
  minFreeSpace: 1024 ** 3,
  disableFiles: false,
  disableText: false,
  maxFiles: 1000,
};

export interface ReceiveModeOptions {
  /** Created (mode 0700) if missing. */
  receiveDir: string;
  limits?: Partial<ReceiveLimits>;
  /** Heading of the upload page; default "Send files". */
  title?: string;
  /** Transfers, one per submission, direction 'upload'. */
  onEvent?: (event: ModeEvent) => void;
  onSubmission?: SubmissionListener;
  /** The words of the mode's pages (default English). */
  translator?: Translator;
  progressIntervalMs?: number;
  /** How long to keep reading (and discarding) a refused upload's body so the visitor sees the page. */
  lingerMs?: number;
  /** statfs by default. */
  measureFree?: FreeBytes;
}

export interface ReceiveServerOptions extends ReceiveModeOptions {
  host: string;
  portRange?: PortRange;
  /** Refuse Host headers other than IP literals, localhost and .onion (default true). */
  checkHost?: boolean;
  httpLimits?: Partial<HttpLimits>;
}

/** Receive mode's controls, beside what every mode has. */
export interface ReceiveControls {
  /** Absolute path of the receive folder. */
  readonly receiveDir: string;
  /** false: new uploads get a "no longer accepting" page; running ones finish. */
  setAccepting(accepting: boolean): void;
  /** Uploads being received right now. */
  activeUploads(): number;
  /** What the folder showed at start (unfinished uploads, a disk below the floor); also sent to onEvent as warnings. */
  readonly warnings: readonly Problem[];
}

export type ReceiveMode = ModeApp & ReceiveControls;

export interface ReceiveServer extends ReceiveControls {
  readonly host: string;
  readonly port: number;
  readonly localUrl: string;
  /** Stops listening and cuts running uploads (their parts are deleted before this resolves). */
  close(): Promise<void>;
}

/** Options that cannot make a receive server. */
export class ReceiveServerConfigError extends Error {
  readonly kind = 'receive-server-config' as const;
  constructor(readonly problem: 'nothing-accepted') {
    super(`cannot start the receive server: ${problem}`);
    this.name = 'ReceiveServerConfigError';
  }
}

// Our pages carry no script; the one form posts to ourselves.
const CSP = pageCsp({ formAction: "'self'" });
// A client sending something we will not read loses the connection, so it cannot keep a slot.
const CLOSE = { Connection: 'close' };

async function prepareFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new ReceiveFolderError(dir, errnoCode(err));
  }
}

/** Receive mode's routes and controls, for mounting on a front door. */
export async function createReceiveMode(options: ReceiveModeOptions, door: DoorContext): Promise<ReceiveMode> {
  const limits: ReceiveLimits = { ...DEFAULT_RECEIVE_LIMITS, ...options.limits };
  if (limits.disableFiles && limits.disableText) throw new ReceiveServerConfigError('nothing-accepted');
  const receiveDir = resolve(options.receiveDir);
  await prepareFolder(receiveDir);
  const measureFree = options.measureFree ?? freeBytes;
  // Before the first upload can start, so only what an earlier run left is counted.
  const warnings = await receiveFolderWarnings(receiveDir, limits.minFreeSpace, measureFree);
  const progressEvery = options.progressIntervalMs ?? 250;
  const linger = new Linger(options.lingerMs ?? 30_000);
  const title = options.title?.trim() || null;
  const translator = options.translator ?? translatorFor('en');

  const emit = (event: ModeEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not break an upload in progress.
    }
  };
  const record = (r: Parameters<SubmissionListener>[0]): void => {
    try {
      options.onSubmission?.(r);
    } catch {
      // As above.
    }
  };

  let accepting = true;
  const closing = (): boolean => door.closing();
  let active = 0;
  const inflight = new Set<Promise<void>>();

  /** Refusals decided from the request head. */
  async function precheck(req: IncomingMessage): Promise<UploadRejected | null> {
    if (!accepting || closing()) return new UploadRejected({ kind: 'not-accepting' });
    if (isCrossSite(req.headers)) return new UploadRejected({ kind: 'cross-site' });
    if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) {
      return new UploadRejected({ kind: 'malformed', detail: 'content-type' });
    }
    const declared = declaredLength(req.headers);
    if (declared !== null && limits.maxTotalSize > 0) {
      if (declared > limits.maxTotalSize + framingAllowance(limits.maxFiles, limits.maxMessageLength)) {
        return limitRejection('total-size', limits.maxTotalSize);
      }
    }
    if (limits.minFreeSpace > 0) {
      let free: number;
      try {
        free = await measureFree(receiveDir);
      } catch (err) {
        return new UploadRejected({ kind: 'write-failed', code: errnoCode(err) });
      }
      if (free - (declared ?? 0) < limits.minFreeSpace) return limitRejection('free-space', limits.minFreeSpace);
    }
    return null;
  }

  function report(id: string, startedAt: number, result: SubmissionResult, outcome: SubmissionOutcome, problem: ModeEventProblem): void {
    record({
      id,
      startedAt,
      endedAt: Date.now(),
      folder: result.folder,
      files: result.files,
      message: result.message,
      outcome,
      problem,
    });
  }

  /** A refusal before any part was read: events only when a limit said no (the owner may want to raise it). */
  function refuseEarly(req: IncomingMessage, res: ServerResponse, rejection: UploadRejected): void {
    const problem = problemOfRejection(rejection.reason);
    if (problem) {
      const id = randomUUID();
      const startedAt = Date.now();
      emit({ type: 'transfer-started', id, direction: 'upload', name: '', total: declaredLength(req.headers), bytes: 0 });
      emit({ type: 'transfer-cancelled', id, problem, bytes: 0 });
      report(id, startedAt, { folder: null, files: [], message: null, end: { kind: 'rejected', rejection } }, 'rejected', problem);
    }
    const page = rejectedPage(statusOf(rejection.reason), rejection, [], null);
    // A client still waiting for "100 Continue" never sends the body: close now.
    if (awaitsContinue(req)) send(req, res, page, CLOSE);
    else {
      send(req, res, page);
      linger.discardRest(req);
    }
  }

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const early = await precheck(req);
    if (early) return refuseEarly(req, res, early);
    // "Expect: 100-continue" (curl, for large uploads): the body comes once we say so.
    if (awaitsContinue(req)) res.writeContinue();
    const id = randomUUID();
    const startedAt = Date.now();
    const total = declaredLength(req.headers);
    let started = false;
    let bodyBytes = 0;
    let lastProgress = 0;
    const result = await receiveSubmission(req, {
      receiveDir,
      limits,
      measureFree,
      hooks: {
        started: (name) => {
          started = true;
          lastProgress = Date.now();
          emit({ type: 'transfer-started', id, direction: 'upload', name, total, bytes: bodyBytes });
        },
        progress: (bytes) => {
          bodyBytes = bytes;
          if (!started || Date.now() - lastProgress < progressEvery) return;
          lastProgress = Date.now();
          emit({ type: 'transfer-progress', id, bytes, total });
        },
        abortReason: () => (closing() ? 'server-closed' : door.stalled(res) ? 'stalled' : 'client-gone'),
      },
    });

    const end = result.end;
    if (end.kind === 'received') {
      emit({ type: 'transfer-finished', id, complete: true, wholeShare: false, bytes: bodyBytes });
      report(id, startedAt, result, 'received', null);
      send(req, res, receivedPage(result.files, result.message));
      return;
    }
    if (end.kind === 'aborted') {
      if (started) {
        emit({ type: 'transfer-cancelled', id, problem: null, bytes: bodyBytes });
        report(id, startedAt, result, 'aborted', null);
      }
      res.destroy();
      return;
    }
    const problem = problemOfRejection(end.rejection.reason);
    if (!started && problem) {
      emit({ type: 'transfer-started', id, direction: 'upload', name: end.rejection.fileName ?? '', total, bytes: bodyBytes });
      started = true;
    }
    if (started) {
      emit({ type: 'transfer-cancelled', id, problem, bytes: bodyBytes });
      report(id, startedAt, result, 'rejected', problem);
    }
    send(req, res, rejectedPage(statusOf(end.rejection.reason), end.rejection, result.files, result.message));
    linger.discardRest(req);
  }

  // Strict and case-sensitive, as the paths were before: "/upload/" and "/Upload" are not the upload route.
  const router = Router({ strict: true, caseSensitive: true });
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (parseRequestPath(req.url).ok) return next();
    send(req, res, receivePages.badRequest(), CLOSE);
  });
  router.get('/', (req: Request, res: Response) => {
    send(req, res, uploadPage({ title, limits, accepting: accepting && !closing() }));
  });
  router.all('/', (req: Request, res: Response) => send(req, res, receivePages.methodNotAllowed(), { Allow: 'GET, HEAD', ...CLOSE }));
  router.post(UPLOAD_PATH, (req: Request, res: Response) => track(upload(req, res)));
  // A reload after sending: back to the form.
  router.get(UPLOAD_PATH, (req: Request, res: Response) => redirect(req, res, 303, `${req.baseUrl}/`));
  router.all(UPLOAD_PATH, (req: Request, res: Response) => send(req, res, receivePages.methodNotAllowed(), { Allow: 'POST', ...CLOSE }));
  router.use((req: Request, res: Response) => {
    const read = req.method === 'GET' || req.method === 'HEAD';
    send(req, res, receivePages.notFound(), read ? {} : CLOSE);
  });

  async function track(work: Promise<void>): Promise<void> {
    active++;
    inflight.add(work);
    try {
      await work;
    } finally {
      active--;
      inflight.delete(work);
    }
  }

  for (const problem of warnings) emit({ type: 'warning', problem });
  return {
    router,
    translator,
    csp: CSP,
    // No overall request timeout: an upload over Tor may take hours. A client
    // that stops sending is cut off by the idle timeout instead.
    longRequests: true,
    describe: () => ({ label: translator.t('pages.receive.describe.label'), hint: translator.t('pages.receive.describe.hint') }),
    receiveDir,
    setAccepting: (value) => {
      accepting = value;
    },
    activeUploads: () => active,
    activeTransfers: () => active,
    warnings,
    // The door dropped every connection: wait for the cut uploads to delete their parts.
    closed: async () => {
      linger.closeAll();
      await Promise.allSettled([...inflight]);
    },
  };
}

/** Receive mode alone on its own listener. */
export async function startReceiveServer(options: ReceiveServerOptions): Promise<ReceiveServer> {
  const { host, portRange, checkHost, translator } = options;
  return serveAlone({ host, portRange, checkHost, translator, limits: options.httpLimits }, (context) => createReceiveMode(options, context));
}

/** The client sent "Expect: 100-continue" and waits for our go before sending the body. */
function awaitsContinue(req: IncomingMessage): boolean {
  return req.headers.expect?.toLowerCase() === '100-continue';
}

type ModeEventProblem = Extract<ModeEvent, { type: 'transfer-cancelled' }>['problem'];

const send = sendPage;
