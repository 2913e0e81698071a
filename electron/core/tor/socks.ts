// A SOCKS5 CONNECT client for tor's SocksPort, over a Unix socket or TCP (plain Node).
// It always authenticates with a username/password (RFC 1929): tor's
// IsolateSOCKSAuth (on by default) then keeps the app's streams on circuits
// of their own, apart from every other program using the same tor. Written
// here rather than taken from the `socks` package because that package
// reports tor's extended onion-service replies (0xF0-0xF7) only as text.
import { randomBytes } from 'node:crypto';
import { createConnection, type Socket } from 'node:net';
import { describeEndpoint, isUnixEndpoint, type SocksEndpoint } from './endpoint';

export interface SocksIsolation {
  /** 1-255 bytes. Tor isolates streams by (username, password). */
  username: string;
  password: string;
}

/** A fresh isolation pair: one per share, so two shares never share a circuit. */
export function newSocksIsolation(prefix = 'oniondrop'): SocksIsolation {
  return { username: `${prefix}-${randomBytes(8).toString('hex')}`, password: randomBytes(16).toString('hex') };
}

export type SocksReplyName =
  | 'general-failure'
  | 'not-allowed'
  | 'network-unreachable'
  | 'host-unreachable'
  | 'connection-refused'
  | 'ttl-expired'
  | 'command-not-supported'
  | 'address-type-not-supported'
  | 'onion-descriptor-not-found'
  | 'onion-descriptor-invalid'
  | 'onion-introduction-failed'
  | 'onion-rendezvous-failed'
  | 'onion-client-auth-missing'
  | 'onion-client-auth-wrong'
  | 'onion-address-invalid'
  | 'onion-introduction-timed-out'
  | 'unknown';

/**
 * RFC 1928 6, and tor's extended errors for onion services (proposal 304,
 * sent when the SocksPort has the ExtendedErrors flag).
 */
const REPLIES: Record<number, { name: SocksReplyName; text: string }> = {
  0x01: { name: 'general-failure', text: 'general SOCKS server failure' },
  0x02: { name: 'not-allowed', text: 'connection not allowed by ruleset' },
  0x03: { name: 'network-unreachable', text: 'network unreachable' },
  0x04: { name: 'host-unreachable', text: 'host unreachable' },
  0x05: { name: 'connection-refused', text: 'connection refused' },
  0x06: { name: 'ttl-expired', text: 'TTL expired' },
  0x07: { name: 'command-not-supported', text: 'command not supported' },
  0x08: { name: 'address-type-not-supported', text: 'address type not supported' },
  0xf0: { name: 'onion-descriptor-not-found', text: 'onion service descriptor can not be found' },
  0xf1: { name: 'onion-descriptor-invalid', text: 'onion service descriptor is invalid' },
  0xf2: { name: 'onion-introduction-failed', text: 'onion service introduction failed' },
  0xf3: { name: 'onion-rendezvous-failed', text: 'onion service rendezvous failed' },
  0xf4: { name: 'onion-client-auth-missing', text: 'onion service needs client authorization' },
  0xf5: { name: 'onion-client-auth-wrong', text: 'onion service client authorization is wrong' },
  0xf6: { name: 'onion-address-invalid', text: 'onion address is invalid' },
  0xf7: { name: 'onion-introduction-timed-out', text: 'onion service introduction timed out' },
};

export function describeSocksReply(code: number): { name: SocksReplyName; text: string } {
  return REPLIES[code] ?? { name: 'unknown', text: `unknown SOCKS reply 0x${code.toString(16).padStart(2, '0')}` };
}

export type SocksProblem =
  /** Could not connect to the SOCKS port at all. */
  | 'unreachable'
  /** The other side does not answer like a SOCKS5 server. */
  | 'not-socks5'
  /** The server does not accept username/password authentication. */
  | 'auth-method-refused'
  /** The server refused the username/password. */
  | 'auth-refused'
  /** The server answered CONNECT with an error (see `reply`). */
  | 'reply'
  /** The connection closed during the handshake. */
  | 'closed'
  | 'timeout'
  /** Host name or isolation credentials cannot be sent (too long, not ASCII). */
  | 'bad-request';

export class SocksError extends Error {
  readonly kind = 'socks' as const;
  constructor(
    readonly problem: SocksProblem,
    /** `unix:/run/tor/socks` or `127.0.0.1:9050`. */
    readonly proxy: string,
    /** For `reply`: the reply code and what it means. */
    readonly reply: { code: number; name: SocksReplyName; text: string } | null = null,
    /** For `unreachable`: the errno name (ENOENT, ECONNREFUSED ...). */
    readonly code: string | null = null,
  ) {
    super(
      problem === 'reply' && reply
        ? `tor's SOCKS port ${proxy} answered: ${reply.text}`
        : `SOCKS handshake with ${proxy} failed (${problem}${code ? ` ${code}` : ''})`,
    );
    this.name = 'SocksError';
  }
}

export interface SocksConnectOptions {
  proxy: SocksEndpoint;
  /** A host name (e.g. `<id>.onion`), sent for tor to resolve. */
  host: string;
  port: number;
  isolation: SocksIsolation;
  /** For the whole handshake, CONNECT reply included. Default 120 s (tor may try several introduction points). */
  timeoutMs?: number;
  /** Aborting ends the handshake with a `timeout` problem (the caller's own deadline). */
  signal?: AbortSignal;
}

const VERSION = 0x05;
const METHOD_USERPASS = 0x02;
const METHOD_NONE_ACCEPTABLE = 0xff;
const USERPASS_VERSION = 0x01;
const CMD_CONNECT = 0x01;
const ATYP_IPV4 = 0x01;
const ATYP_DOMAIN = 0x03;
const ATYP_IPV6 = 0x04;

function fieldBytes(value: string): Buffer | undefined {
  const bytes = Buffer.from(value, 'utf8');
  return bytes.length >= 1 && bytes.length <= 255 ? bytes : undefined;
}

/** Reads exact byte counts off the socket during the handshake. */
class HandshakeReader {
  private buffered = Buffer.alloc(0);
  private waiting: { n: number; resolve: (b: Buffer) => void; reject: (e: SocksError) => void } | undefined;
  private failure: SocksError | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.serve();
  };
  private readonly onEnd = (): void => this.fail(new SocksError('closed', this.proxy));

  constructor(
    private readonly socket: Socket,
    private readonly proxy: string,
  ) {
    socket.on('data', this.onData);
    socket.on('close', this.onEnd);
    socket.on('end', this.onEnd);
  }

  read(n: number): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { n, resolve, reject };
      this.serve();
    });
  }

  fail(error: SocksError): void {
    if (this.failure) return;
    this.failure = error;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(error);
  }

  /** Stops reading; bytes that arrived after the handshake go back to the socket. */
  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onEnd);
    this.socket.off('end', this.onEnd);
    this.socket.pause();
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
    this.buffered = Buffer.alloc(0);
  }

  private serve(): void {
    const w = this.waiting;
    if (!w || this.buffered.length < w.n) return;
    this.waiting = undefined;
    const out = this.buffered.subarray(0, w.n);
    this.buffered = this.buffered.subarray(w.n);
    w.resolve(Buffer.from(out));
  }
}

/** Connects to the SOCKS port itself; the connect counts against the same timeout and abort as the handshake. */
function openSocket(proxy: SocksEndpoint, label: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = isUnixEndpoint(proxy)
      ? createConnection({ path: proxy.path })
      : createConnection({ host: proxy.host, port: proxy.port });
    const settle = (error: SocksError | null): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', giveUp);
      socket.off('error', onError);
      socket.off('connect', onConnect);
      if (error === null) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const onError = (error: NodeJS.ErrnoException): void => settle(new SocksError('unreachable', label, null, error.code ?? 'EUNKNOWN'));
    const onConnect = (): void => settle(null);
    // A host that drops packets would otherwise leave us to the kernel's connect timeout (minutes).
    const giveUp = (): void => settle(new SocksError('timeout', label));
    const timer = setTimeout(giveUp, timeoutMs);
    signal?.addEventListener('abort', giveUp);
    socket.once('error', onError);
    socket.once('connect', onConnect);
  });
}

/**
 * Connects to `host:port` through the SOCKS port and resolves with the
 * socket, ready for the application's bytes (paused; attach a reader or call
 * resume). Rejects with SocksError; the socket is destroyed then.
 */
export async function socksConnect(options: SocksConnectOptions): Promise<Socket> {
  const label = describeEndpoint(options.proxy);
  const host = Buffer.from(options.host, 'ascii');
  const username = fieldBytes(options.isolation.username);
  const password = fieldBytes(options.isolation.password);
  if (
    host.length < 1 ||
    host.length > 255 ||
    !/^[\x21-\x7e]+$/.test(options.host) ||
    !Number.isInteger(options.port) ||
    options.port < 1 ||
    options.port > 65535 ||
    !username ||
    !password
  ) {
    throw new SocksError('bad-request', label);
  }

  const timeoutMs = options.timeoutMs ?? 120_000;
  if (options.signal?.aborted) throw new SocksError('timeout', label);
  const started = Date.now();
  const socket = await openSocket(options.proxy, label, timeoutMs, options.signal);
  socket.on('error', () => undefined); // reported through 'close' as `closed`
  const reader = new HandshakeReader(socket, label);
  const giveUp = (): void => reader.fail(new SocksError('timeout', label));
  const timer = setTimeout(giveUp, Math.max(0, timeoutMs - (Date.now() - started)));
  options.signal?.addEventListener('abort', giveUp);
  if (options.signal?.aborted) giveUp();
  try {
    // Offer username/password only: without it tor would not isolate us.
    socket.write(Buffer.from([VERSION, 1, METHOD_USERPASS]));
    const choice = await reader.read(2);
    if (choice[0] !== VERSION) throw new SocksError('not-socks5', label);
    if (choice[1] === METHOD_NONE_ACCEPTABLE || choice[1] !== METHOD_USERPASS) {
      throw new SocksError('auth-method-refused', label);
    }
    socket.write(
      Buffer.concat([
        Buffer.from([USERPASS_VERSION, username.length]),
        username,
        Buffer.from([password.length]),
        password,
      ]),
    );
    const auth = await reader.read(2);
    if (auth[1] !== 0x00) throw new SocksError('auth-refused', label);

    const port = Buffer.alloc(2);
    port.writeUInt16BE(options.port);
    socket.write(Buffer.concat([Buffer.from([VERSION, CMD_CONNECT, 0x00, ATYP_DOMAIN, host.length]), host, port]));
    const head = await reader.read(4);
    if (head[0] !== VERSION) throw new SocksError('not-socks5', label);
    const code = head[1] as number;
    if (code !== 0x00) throw new SocksError('reply', label, { code, ...describeSocksReply(code) });
    // The bound address: skipped, but read so that no byte of it reaches the application.
    const atyp = head[3];
    const addrLength =
      atyp === ATYP_IPV4 ? 4 : atyp === ATYP_IPV6 ? 16 : atyp === ATYP_DOMAIN ? ((await reader.read(1))[0] as number) : -1;
    if (addrLength < 0) throw new SocksError('not-socks5', label);
    await reader.read(addrLength + 2);
    reader.detach();
    return socket;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', giveUp);
  }
}
