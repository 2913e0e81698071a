// Typed errors of the private Tor network test harness (plain Node).

/** The startup (or restart) steps, in order; an error names the one that failed. */
export type TorNetStep =
  | 'prepare'
  | 'authority-keys'
  | 'spawn'
  | 'control-socket'
  | 'consensus'
  | 'bootstrap'
  | 'bridge'
  | 'onion-publish'
  | 'onion-fetch'
  | 'restart';

/** The last lines of one tor's log, attached to a failure. */
export interface NodeLogTail {
  node: string;
  tail: string;
}

/** A step of building, starting or restarting the network did not finish in time or broke. */
export class TorNetError extends Error {
  readonly kind = 'tornet-step-failed' as const;
  readonly step: TorNetStep;
  readonly detail: string;
  readonly logs: readonly NodeLogTail[];

  constructor(step: TorNetStep, detail: string, logs: readonly NodeLogTail[] = [], options?: { cause?: unknown }) {
    const tails = logs.map((l) => `\n--- last lines of ${l.node}'s tor log ---\n${l.tail}`).join('');
    super(`tornet: step "${step}" failed: ${detail}${tails}`, options);
    this.name = 'TorNetError';
    this.step = step;
    this.detail = detail;
    this.logs = logs;
  }
}

/** Why a control connection could not be used. */
export type ControlFailure = 'connect' | 'closed' | 'auth' | 'timeout' | 'bad-command';

export class ControlConnectionError extends Error {
  readonly kind = 'control-connection' as const;
  readonly failure: ControlFailure;

  constructor(failure: ControlFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ControlConnectionError';
    this.failure = failure;
  }
}

/** Tor answered a control command with a non-2xx status. */
export class ControlReplyError extends Error {
  readonly kind = 'control-reply' as const;
  /** Only the command keyword: full lines may carry keys (ADD_ONION, ONION_CLIENT_AUTH_ADD). */
  readonly keyword: string;
  readonly status: number;
  readonly text: string;

  constructor(keyword: string, status: number, text: string) {
    super(`tor control: ${keyword} answered ${status} ${text}`);
    this.name = 'ControlReplyError';
    this.keyword = keyword;
    this.status = status;
    this.text = text;
  }
}

/** What went wrong on the way through a SOCKS5 proxy. */
export type SocksFailure = 'connect' | 'protocol' | 'auth' | 'reply' | 'timeout';

/** Meanings of SOCKS5 reply codes (RFC 1928) and Tor's onion extensions (prop 304). */
const SOCKS_REPLIES: Readonly<Record<number, string>> = {
  1: 'general failure',
  2: 'not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
  0xf0: 'onion service descriptor not found',
  0xf1: 'onion service descriptor invalid',
  0xf2: 'onion service introduction failed',
  0xf3: 'onion service rendezvous failed',
  0xf4: 'onion service missing client authorization',
  0xf5: 'onion service wrong client authorization',
  0xf6: 'onion address invalid',
  0xf7: 'onion service introduction timed out',
};

export class SocksError extends Error {
  readonly kind = 'socks' as const;
  readonly failure: SocksFailure;
  /** The SOCKS5 reply code when failure is 'reply' (4 = host unreachable, 0xf0.. onion errors). */
  readonly reply: number | undefined;

  constructor(failure: SocksFailure, message: string, reply?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SocksError';
    this.failure = failure;
    this.reply = reply;
  }

  static forReply(reply: number, target: string): SocksError {
    const meaning = SOCKS_REPLIES[reply] ?? 'unknown reply';
    return new SocksError('reply', `SOCKS5 reply ${reply} (${meaning}) for ${target}`, reply);
  }
}

/** The HTTP exchange over an established SOCKS stream failed. */
export class HttpOverSocksError extends Error {
  readonly kind = 'http-over-socks' as const;
  readonly failure: 'timeout' | 'connection';

  constructor(failure: 'timeout' | 'connection', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpOverSocksError';
    this.failure = failure;
  }
}
