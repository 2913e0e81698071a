// Authentication chosen from PROTOCOLINFO: NULL, SAFECOOKIE, COOKIE, HASHEDPASSWORD (plain Node).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TorControlConnection } from './connection';
import { readCookie } from './cookie';
import { command, hex } from './encode';
import {
  TorAuthError,
  TorConnectionClosedError,
  TorControlError,
  TorProtocolError,
  TorTimeoutError,
  TorUnreachableError,
  type AuthAttempt,
  type AuthMethod,
  type AuthProblem,
} from './errors';
import { parseKeyValues } from './kv-line';
import type { ControlPassword } from './password';
import { getProtocolInfo, type ProtocolInfo } from './protocolinfo';
import { endText } from './reply';

export interface Credentials {
  password?: ControlPassword;
  /**
   * Read the cookie here instead of where PROTOCOLINFO says (tor in another
   * container or VM names a path that is elsewhere from our side).
   */
  cookieFile?: string;
}

export interface AuthOptions {
  /** Already asked (tor answers PROTOCOLINFO only once before authentication). */
  protocolInfo?: ProtocolInfo;
  /**
   * Opens a fresh connection: tor closes the connection after a refused
   * AUTHCHALLENGE or AUTHENTICATE, so trying the next method needs a new one.
   */
  reconnect?: () => Promise<TorControlConnection>;
  /** Try only this method (tests and diagnostics); default: chosen from PROTOCOLINFO. */
  method?: AuthMethod;
  timeoutMs?: number;
}

export interface Authenticated {
  /** The authenticated connection: the one given, or a fresh one after a fallback. */
  connection: TorControlConnection;
  method: AuthMethod;
  protocolInfo: ProtocolInfo;
  /** Methods that failed before this one succeeded. */
  attempts: AuthAttempt[];
}

/**
 * NULL needs nothing. SAFECOOKIE before COOKIE because it proves the other
 * side knows the cookie before we reveal anything. A password last: the user
 * typed it for the case where nothing else works.
 */
export const METHOD_ORDER: readonly AuthMethod[] = ['NULL', 'SAFECOOKIE', 'COOKIE', 'HASHEDPASSWORD'];

const SERVER_TO_CONTROLLER = 'Tor safe cookie authentication server-to-controller hash';
const CONTROLLER_TO_SERVER = 'Tor safe cookie authentication controller-to-server hash';

export interface AuthPlan {
  methods: AuthMethod[];
  /** Offered methods we cannot use, with why (no password, no cookie path). */
  skipped: AuthAttempt[];
}

export function planAuthentication(info: ProtocolInfo, credentials: Credentials, forced?: AuthMethod): AuthPlan {
  const offered = info.methods;
  const skipped: AuthAttempt[] = [];
  if (forced && !offered.includes(forced)) {
    return {
      methods: [],
      skipped: [{ method: forced, problem: { kind: 'method-not-offered', method: forced, offered: allOffered(info) } }],
    };
  }
  const wanted = forced ? [forced] : METHOD_ORDER.filter((m) => offered.includes(m));
  const methods: AuthMethod[] = [];
  for (const method of wanted) {
    if ((method === 'COOKIE' || method === 'SAFECOOKIE') && !(credentials.cookieFile ?? info.cookieFile)) {
      skipped.push({ method, problem: { kind: 'no-cookie-path', method } });
    } else if (method === 'HASHEDPASSWORD' && !credentials.password) {
      skipped.push({ method, problem: { kind: 'password-needed' } });
    } else {
      methods.push(method);
    }
  }
  if (methods.length === 0 && skipped.length === 0) {
    skipped.push({ problem: { kind: 'no-usable-method', offered: allOffered(info) } });
  }
  return { methods, skipped };
}

function allOffered(info: ProtocolInfo): string[] {
  return [...info.methods, ...info.unknownMethods];
}

/** Which problem to show when every method failed: the one the user can act on. */
const PRIORITY: AuthProblem['kind'][] = [
  'server-hash-mismatch',
  'wrong-password',
  'cookie-unreadable',
  'cookie-size',
  'cookie-rejected',
  'challenge-malformed',
  'challenge-refused',
  'rejected',
  'protocolinfo-refused',
  'password-needed',
  'no-cookie-path',
  'method-not-offered',
  'connection',
  'no-usable-method',
];

export function mostUsefulProblem(attempts: AuthAttempt[]): AuthProblem {
  for (const kind of PRIORITY) {
    const found = attempts.find((a) => a.problem.kind === kind);
    if (found) return found.problem;
  }
  return { kind: 'no-usable-method', offered: [] };
}

/** Problems found locally, before anything went over the connection. */
const NOTHING_SENT: AuthProblem['kind'][] = ['cookie-unreadable', 'cookie-size', 'password-needed', 'no-cookie-path'];

type ConnectionError = TorConnectionClosedError | TorTimeoutError | TorProtocolError | TorUnreachableError;

function isConnectionError(error: unknown): error is ConnectionError {
  return (
    error instanceof TorConnectionClosedError ||
    error instanceof TorTimeoutError ||
    error instanceof TorProtocolError ||
    error instanceof TorUnreachableError
  );
}

/**
 * Authenticates `conn`. On failure every connection it used is closed and it
 * rejects with TorAuthError, whose `problem` is the most useful of the
 * attempts. A SAFECOOKIE server hash that does not verify stops everything at
 * once: the peer does not know the cookie, so no other method (least of all
 * COOKIE, which would hand it the cookie) is tried.
 */
export async function authenticate(
  conn: TorControlConnection,
  credentials: Credentials = {},
  options: AuthOptions = {},
): Promise<Authenticated> {
  let current = conn;
  const fail = async (problem: AuthProblem, attempts: AuthAttempt[]): Promise<never> => {
    await current.close();
    throw new TorAuthError(problem, attempts, conn.label);
  };

  let info: ProtocolInfo;
  try {
    info = options.protocolInfo ?? (await getProtocolInfo(current, options.timeoutMs));
  } catch (error) {
    if (isConnectionError(error)) return fail({ kind: 'connection', error }, []);
    if (error instanceof TorControlError) {
      const problem: AuthProblem = {
        kind: 'protocolinfo-refused',
        code: error.code,
        filtered: error.filtered,
        reply: error.replyText,
      };
      return fail(problem, [{ problem }]);
    }
    throw error;
  }

  const plan = planAuthentication(info, credentials, options.method);
  const attempts: AuthAttempt[] = [...plan.skipped];
  for (const method of plan.methods) {
    if (current.closed) {
      if (!options.reconnect) break;
      try {
        current = await options.reconnect();
      } catch (error) {
        if (isConnectionError(error)) {
          attempts.push({ method, problem: { kind: 'connection', error } });
          break;
        }
        throw error;
      }
    }
    let problem: AuthProblem | undefined;
    try {
      problem = await runMethod(current, method, info, credentials, options.timeoutMs);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      problem = { kind: 'connection', error };
    }
    if (!problem) return { connection: current, method, protocolInfo: info, attempts };
    attempts.push({ method, problem });
    if (problem.kind === 'server-hash-mismatch' || problem.kind === 'challenge-malformed') {
      return fail(problem, attempts);
    }
    // Tor closes the connection after a refused AUTHCHALLENGE or AUTHENTICATE,
    // possibly a moment after its answer arrives; a fresh connection avoids
    // racing that close. Problems found before sending anything keep it.
    if (options.reconnect && !NOTHING_SENT.includes(problem.kind)) await current.close();
  }
  return fail(mostUsefulProblem(attempts), attempts);
}

function sendOptions(timeoutMs: number | undefined): { timeoutMs?: number } {
  return timeoutMs === undefined ? {} : { timeoutMs };
}

/** Resolves undefined on success, or the problem; connection-level errors are thrown. */
async function runMethod(
  conn: TorControlConnection,
  method: AuthMethod,
  info: ProtocolInfo,
  credentials: Credentials,
  timeoutMs: number | undefined,
): Promise<AuthProblem | undefined> {
  const opts = sendOptions(timeoutMs);
  const tryAuthenticate = async (arg: string | undefined): Promise<TorControlError | undefined> => {
    try {
      await conn.send(arg === undefined ? 'AUTHENTICATE' : command('AUTHENTICATE', arg), opts);
      return undefined;
    } catch (error) {
      if (error instanceof TorControlError) return error;
      throw error;
    }
  };
  const rejected = (e: TorControlError): AuthProblem => ({
    kind: 'rejected',
    method,
    code: e.code,
    filtered: e.filtered,
    reply: e.replyText,
  });

  if (method === 'NULL') {
    const e = await tryAuthenticate(undefined);
    return e ? rejected(e) : undefined;
  }

  if (method === 'HASHEDPASSWORD') {
    const password = credentials.password;
    if (!password) return { kind: 'password-needed' };
    const e = await tryAuthenticate(password.toAuthenticateArgument());
    if (!e) return undefined;
    return e.code === 515 ? { kind: 'wrong-password', reply: e.replyText } : rejected(e);
  }

  const path = (credentials.cookieFile ?? info.cookieFile) as string;
  const read = await readCookie(path);
  if (!read.ok) return read.problem;
  const cookie = read.cookie;

  if (method === 'COOKIE') {
    const e = await tryAuthenticate(hex(cookie));
    if (!e) return undefined;
    return e.code === 515 ? { kind: 'cookie-rejected', path, method, reply: e.replyText } : rejected(e);
  }

  // SAFECOOKIE (control-spec 3.24)
  const clientNonce = randomBytes(32);
  let challengeText: string;
  try {
    const reply = await conn.send(command('AUTHCHALLENGE', 'SAFECOOKIE', hex(clientNonce)), opts);
    challengeText = endText(reply);
  } catch (error) {
    if (error instanceof TorControlError) {
      return { kind: 'challenge-refused', code: error.code, filtered: error.filtered, reply: error.replyText };
    }
    throw error;
  }
  const parsed = parseChallenge(challengeText);
  if ('detail' in parsed) return { kind: 'challenge-malformed', detail: parsed.detail };
  const material = Buffer.concat([cookie, clientNonce, parsed.serverNonce]);
  const expected = createHmac('sha256', SERVER_TO_CONTROLLER).update(material).digest();
  if (!timingSafeEqual(expected, parsed.serverHash)) {
    return { kind: 'server-hash-mismatch', path };
  }
  const clientHash = createHmac('sha256', CONTROLLER_TO_SERVER).update(material).digest();
  const e = await tryAuthenticate(hex(clientHash));
  if (!e) return undefined;
  return e.code === 515 ? { kind: 'cookie-rejected', path, method, reply: e.replyText } : rejected(e);
}

function parseChallenge(text: string): { serverHash: Buffer; serverNonce: Buffer } | { detail: string } {
  let kv;
  try {
    kv = parseKeyValues(text);
  } catch {
    return { detail: 'unreadable AUTHCHALLENGE answer' };
  }
  if (kv.positional[0] !== 'AUTHCHALLENGE') return { detail: 'the answer is not an AUTHCHALLENGE reply' };
  const hash = kv.values.get('SERVERHASH') ?? '';
  const nonce = kv.values.get('SERVERNONCE') ?? '';
  // 32 bytes each, hex (control-spec 3.24: 64*64HEXDIG).
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return { detail: 'SERVERHASH is not 32 bytes of hex' };
  if (!/^[0-9a-fA-F]{64}$/.test(nonce)) return { detail: 'SERVERNONCE is not 32 bytes of hex' };
  return { serverHash: Buffer.from(hash, 'hex'), serverNonce: Buffer.from(nonce, 'hex') };
}
