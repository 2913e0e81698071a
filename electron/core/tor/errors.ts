// Typed errors of the tor control layer, and secret masking (plain Node).
// Every error carries what a user-facing message needs; none carries a secret:
// commands and reply lines are masked before they are stored.
import { describeEndpoint, type Endpoint } from './endpoint';
import { endText, replySummary, type Reply } from './reply';
import type { Transport } from './bridges/bridge-line';

export type TorErrorKind =
  | 'control'
  | 'closed'
  | 'timeout'
  | 'protocol'
  | 'unreachable'
  | 'argument'
  | 'auth'
  | 'not-found'
  | 'launch'
  | 'bridge';

export abstract class TorError extends Error {
  abstract readonly kind: TorErrorKind;
}

const MASK = '*****';

/**
 * The command as it may be shown or logged: AUTHENTICATE's argument, ADD_ONION
 * key blobs (`ED25519-V3:<key>`) and ONION_CLIENT_AUTH_ADD private keys are
 * replaced. `NEW:...` and `ClientAuthV3=` (a public key) stay readable because
 * they are what a user needs to see to fix an onion-grater profile.
 */
export function maskCommand(line: string): string {
  const auth = /^(AUTHENTICATE)(\s+)\S.*$/is.exec(line);
  if (auth) return `${auth[1]}${auth[2]}${MASK}`;
  const add = /^(ADD_ONION\s+)([^\s:]+):(\S+)/i.exec(line);
  if (add && add[2]?.toUpperCase() !== 'NEW') {
    return `${add[1]}${add[2]}:${MASK}${line.slice(add[0].length)}`;
  }
  const clientAuth = /^(ONION_CLIENT_AUTH_ADD\s+\S+\s+)([^\s:]+):(\S+)/i.exec(line);
  if (clientAuth) return `${clientAuth[1]}${clientAuth[2]}:${MASK}${line.slice(clientAuth[0].length)}`;
  return line;
}

/** Reply text with private keys masked (ADD_ONION answers `PrivateKey=`, v2 `ClientAuth=`). */
export function maskReplyText(text: string): string {
  return text
    .replace(/(PrivateKey=)([^\s:]+):\S+/gi, `$1$2:${MASK}`)
    .replace(/(ClientAuth=)([^\s:]+):\S+/g, `$1$2:${MASK}`);
}

function commandName(command: string): string {
  return (/^\+?[A-Za-z_]+/.exec(command)?.[0] ?? '').toUpperCase();
}

/**
 * onion-grater answers a refused command with exactly `510 Command filtered`;
 * tor's own 510 is `Unrecognized command "X"`, which means something else
 * (a tor too old for the command), so the two are kept apart.
 */
export function isFilteredReply(reply: Reply): boolean {
  return reply.status === 510 && /^Command filtered\b/i.test(endText(reply));
}

/** Tor answered a command with a non-2xx status. */
export class TorControlError extends TorError {
  readonly kind = 'control' as const;
  /** The status code, e.g. 510, 515, 550, 552. */
  readonly code: number;
  /** The command with secrets masked. */
  readonly command: string;
  /** The command keyword, e.g. `ADD_ONION`. */
  readonly commandName: string;
  /** Every reply line as sent (`510 Command filtered`), secrets masked. */
  readonly reply: string[];
  /** The EndReplyLine's text, e.g. `Command filtered`. */
  readonly replyText: string;
  /** A filter (onion-grater) refused the command, as opposed to tor itself. */
  readonly filtered: boolean;

  constructor(command: string, reply: Reply) {
    const masked = maskCommand(command);
    const text = maskReplyText(endText(reply));
    super(`tor answered ${reply.status} ${text} to ${commandName(command) || 'a command'}`);
    this.name = 'TorControlError';
    this.code = reply.status;
    this.command = masked;
    this.commandName = commandName(command);
    this.reply = replySummary(reply).map(maskReplyText);
    this.replyText = text;
    this.filtered = isFilteredReply(reply);
  }
}

export function isFiltered(error: unknown): boolean {
  return error instanceof TorControlError && error.filtered;
}

export type ProtocolProblem =
  | 'bad-line'
  | 'mixed-status'
  | 'too-long'
  | 'bad-bytes'
  | 'unexpected-reply'
  | 'malformed';

/** The other side does not speak the control protocol as tor does. */
export class TorProtocolError extends TorError {
  readonly kind = 'protocol' as const;
  constructor(
    readonly problem: ProtocolProblem,
    readonly detail: string,
    /** The start of the offending line (masked, at most 80 characters). */
    readonly excerpt?: string,
  ) {
    super(`tor control protocol violation (${problem}): ${detail}`);
    this.name = 'TorProtocolError';
  }
}

export function excerptOf(text: string): string {
  const masked = maskReplyText(maskCommand(text));
  return masked.length > 80 ? `${masked.slice(0, 77)}...` : masked;
}

/** No answer within the command's time limit; the connection is closed after it. */
export class TorTimeoutError extends TorError {
  readonly kind = 'timeout' as const;
  readonly command: string;
  constructor(
    command: string,
    readonly timeoutMs: number,
    readonly endpoint: string,
  ) {
    super(`no answer from tor at ${endpoint} to ${commandName(command) || 'a command'} within ${timeoutMs} ms`);
    this.name = 'TorTimeoutError';
    this.command = maskCommand(command);
  }
}

/** `local`: we closed it; `remote`: the other side did; the rest: we closed it because of that. */
export type CloseReason = 'local' | 'remote' | 'error' | 'timeout' | 'protocol';

export interface SocketErrorInfo {
  code?: string;
  message: string;
}

export class TorConnectionClosedError extends TorError {
  readonly kind = 'closed' as const;
  constructor(
    readonly reason: CloseReason,
    /** Endpoint label, e.g. `unix:/run/tor/control`. */
    readonly endpoint: string,
    /** The connection ended in the middle of a reply. */
    readonly midReply: boolean,
    override readonly cause?: TorProtocolError | TorTimeoutError | SocketErrorInfo,
    /** The (masked) command that was waiting, when this error answers one. */
    readonly command?: string,
  ) {
    super(
      `tor control connection to ${endpoint} closed (${reason}${midReply ? ', mid-reply' : ''})` +
        (command ? ` while waiting for ${commandName(command)}` : ''),
    );
    this.name = 'TorConnectionClosedError';
  }

  forCommand(command: string): TorConnectionClosedError {
    return new TorConnectionClosedError(this.reason, this.endpoint, this.midReply, this.cause, maskCommand(command));
  }
}

export type UnreachableHint = 'not-running' | 'nothing-listening' | 'permission' | 'timeout' | 'other';

/** Could not connect at all. `code` is the errno name (ENOENT, ECONNREFUSED, EACCES, ...). */
export class TorUnreachableError extends TorError {
  readonly kind = 'unreachable' as const;
  readonly label: string;
  readonly hint: UnreachableHint;
  constructor(
    readonly endpoint: Endpoint,
    readonly code: string,
    readonly syscall?: string,
  ) {
    const label = describeEndpoint(endpoint);
    super(`cannot connect to tor at ${label} (${code})`);
    this.name = 'TorUnreachableError';
    this.label = label;
    this.hint =
      code === 'ENOENT'
        ? 'not-running'
        : code === 'ECONNREFUSED'
          ? 'nothing-listening'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission'
            : code === 'ETIMEDOUT'
              ? 'timeout'
              : 'other';
  }
}

export type ArgumentProblem = 'line-break' | 'nul' | 'empty' | 'bad-keyword' | 'bad-token' | 'not-hex' | 'bad-quoting';

/**
 * An argument that cannot be sent safely. Carries the argument's name, never
 * its value (it may be a password or a key).
 */
export class TorArgumentError extends TorError {
  readonly kind = 'argument' as const;
  constructor(
    readonly problem: ArgumentProblem,
    readonly what: string,
  ) {
    super(`refusing to send ${what}: ${problem}`);
    this.name = 'TorArgumentError';
  }
}

export type AuthMethod = 'NULL' | 'HASHEDPASSWORD' | 'COOKIE' | 'SAFECOOKIE';

/** What usually fixes an unreadable cookie file. */
export type CookieHint = 'debian-tor-group' | 'permissions' | 'missing' | 'not-a-file' | 'other';

export type AuthProblem =
  | { kind: 'password-needed' }
  | { kind: 'wrong-password'; reply: string }
  | { kind: 'cookie-unreadable'; path: string; errno: string; hint: CookieHint; fix: string }
  | { kind: 'cookie-size'; path: string; size: number }
  | { kind: 'cookie-rejected'; path: string; method: 'COOKIE' | 'SAFECOOKIE'; reply: string }
  | { kind: 'no-cookie-path'; method: 'COOKIE' | 'SAFECOOKIE' }
  | { kind: 'server-hash-mismatch'; path: string }
  | { kind: 'challenge-refused'; code: number; filtered: boolean; reply: string }
  | { kind: 'challenge-malformed'; detail: string }
  | { kind: 'rejected'; method: AuthMethod; code: number; filtered: boolean; reply: string }
  | { kind: 'protocolinfo-refused'; code: number; filtered: boolean; reply: string }
  | { kind: 'method-not-offered'; method: AuthMethod; offered: string[] }
  | { kind: 'no-usable-method'; offered: string[] }
  | { kind: 'connection'; error: TorConnectionClosedError | TorTimeoutError | TorProtocolError | TorUnreachableError };

export interface AuthAttempt {
  /** Undefined for problems found before any method was tried. */
  method?: AuthMethod;
  problem: AuthProblem;
}

export function describeAuthProblem(p: AuthProblem): string {
  switch (p.kind) {
    case 'password-needed':
      return 'tor asks for a control password and none is set (tor.control_password or TOR_CONTROL_PASSWD)';
    case 'wrong-password':
      return 'tor refused the control password';
    case 'cookie-unreadable':
      return `cannot read tor's cookie file ${p.path} (${p.errno}): ${p.fix}`;
    case 'cookie-size':
      return `${p.path} is ${p.size} bytes, not a 32-byte tor cookie`;
    case 'cookie-rejected':
      return `tor refused the cookie from ${p.path}; it may belong to another tor (set tor.cookie_file)`;
    case 'no-cookie-path':
      return 'tor offers cookie authentication but does not say where the cookie is';
    case 'server-hash-mismatch':
      return `the control port's SAFECOOKIE proof does not match the cookie in ${p.path}: that cookie belongs to another tor, or this is not tor. Nothing was sent`;
    case 'challenge-refused':
      return p.filtered ? 'AUTHCHALLENGE was filtered' : `tor refused AUTHCHALLENGE (${p.code} ${p.reply})`;
    case 'challenge-malformed':
      return `malformed AUTHCHALLENGE answer: ${p.detail}`;
    case 'rejected':
      return `tor refused ${p.method} authentication (${p.code} ${p.reply})`;
    case 'protocolinfo-refused':
      return p.filtered ? 'PROTOCOLINFO was filtered' : `tor refused PROTOCOLINFO (${p.code} ${p.reply})`;
    case 'method-not-offered':
      return `tor does not offer ${p.method} (it offers ${p.offered.join(', ') || 'nothing'})`;
    case 'no-usable-method':
      return `no supported authentication method (tor offers ${p.offered.join(', ') || 'nothing'})`;
    case 'connection':
      return p.error.message;
  }
}

export class TorAuthError extends TorError {
  readonly kind = 'auth' as const;
  constructor(
    /** The problem to show; the most useful one when several methods failed. */
    readonly problem: AuthProblem,
    /** Every method tried (or skipped) and why it failed, in order. */
    readonly attempts: AuthAttempt[],
    readonly endpoint: string,
  ) {
    super(`authentication to tor at ${endpoint} failed: ${describeAuthProblem(problem)}`);
    this.name = 'TorAuthError';
  }
}

export type LaunchProblem = 'not-installed' | 'exited' | 'timeout' | 'folder' | 'socket-path-too-long' | 'bad-option';

/** Our own tor could not be started. `log` is the tail of tor's output. */
export class TorLaunchError extends TorError {
  readonly kind = 'launch' as const;
  constructor(
    readonly problem: LaunchProblem,
    readonly detail: string,
    readonly log: string[] = [],
  ) {
    super(`could not start tor (${problem}): ${detail}`);
    this.name = 'TorLaunchError';
  }
}

export type BridgeProblem =
  /** No program for this transport on PATH; `package` is the Debian package that has one. */
  | { kind: 'program-missing'; transport: Transport; programs: readonly string[]; package: string }
  /** tor.bridges = custom, but tor.bridge_lines holds no bridge. */
  | { kind: 'no-lines' }
  /** Bootstrap through the bridges has not moved for `seconds`; tor's own words when it gave some. */
  | {
      kind: 'stalled';
      transport: Transport | null;
      progress: number;
      summary: string;
      warning: string | null;
      host: string | null;
      seconds: number;
    };

/** Our own tor cannot use its bridges. */
export class TorBridgeError extends TorError {
  readonly kind = 'bridge' as const;
  constructor(readonly problem: BridgeProblem) {
    super(`bridges: ${describeBridgeProblem(problem)}`);
    this.name = 'TorBridgeError';
  }
}

/** For logs and `oniondrop tor-check` (the window words it through the catalogue). */
export function describeBridgeProblem(p: BridgeProblem): string {
  switch (p.kind) {
    case 'program-missing':
      return `${p.transport} bridges need ${p.programs.join(' or ')}, not found on PATH (Debian package: ${p.package})`;
    case 'no-lines':
      return 'custom bridges are chosen, but tor.bridge_lines holds no bridge';
    case 'stalled':
      return (
        `bootstrap stuck at ${p.progress}% (${p.summary}) for ${p.seconds} s` +
        (p.warning ? `: ${p.warning}${p.host ? ` (${p.host})` : ''}` : '')
      );
  }
}

/** Every error the control layer produces, as a union to narrow on `kind`. */
export type KnownTorError =
  | TorControlError
  | TorConnectionClosedError
  | TorTimeoutError
  | TorProtocolError
  | TorUnreachableError
  | TorArgumentError
  | TorAuthError
  | TorLaunchError
  | TorBridgeError;

export function isKnownTorError(error: unknown): error is KnownTorError {
  return (
    error instanceof TorControlError ||
    error instanceof TorConnectionClosedError ||
    error instanceof TorTimeoutError ||
    error instanceof TorProtocolError ||
    error instanceof TorUnreachableError ||
    error instanceof TorArgumentError ||
    error instanceof TorAuthError ||
    error instanceof TorLaunchError ||
    error instanceof TorBridgeError
  );
}
