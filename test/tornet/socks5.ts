// SOCKS5 client handshake for the test harness (plain Node): CONNECT by
// hostname (so .onion names reach tor), optional username/password which tor
// uses for stream isolation (IsolateSOCKSAuth), over TCP or a Unix socket.
import { connect, type Socket } from 'node:net';
import { SocksError } from './errors';

export type SocksEndpoint = { path: string } | { host: string; port: number };

export interface SocksConnectRequest {
  proxy: SocksEndpoint;
  /** Destination host name (e.g. "abc….onion") and port. */
  host: string;
  port: number;
  /** Any username/password: tor does not check them, it isolates streams by them. */
  username?: string;
  password?: string;
  timeoutMs?: number;
}

const NO_AUTH = 0x00;
const USER_PASS = 0x02;

/** Reads the socket in exact-size pieces during the handshake. */
class HandshakeReader {
  private buffered = Buffer.alloc(0);
  private waiter: { size: number; resolve: (b: Buffer) => void } | undefined;

  feed(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.release();
  }

  read(size: number): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiter = { size, resolve };
      this.release();
    });
  }

  rest(): Buffer {
    return this.buffered;
  }

  private release(): void {
    const w = this.waiter;
    if (!w || this.buffered.length < w.size) return;
    this.waiter = undefined;
    const piece = this.buffered.subarray(0, w.size);
    this.buffered = this.buffered.subarray(w.size);
    w.resolve(piece);
  }
}

function byteLength(label: string, value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > 255) throw new SocksError('protocol', `${label} longer than 255 bytes`);
  return bytes;
}

/** Opens a stream to host:port through the proxy; resolves with the connected, paused socket. */
export async function socks5Connect(req: SocksConnectRequest): Promise<Socket> {
  const target = `${req.host}:${req.port}`;
  const hostBytes = byteLength('host name', req.host);
  const withAuth = req.username !== undefined || req.password !== undefined;
  const user = byteLength('username', req.username ?? '');
  const pass = byteLength('password', req.password ?? '');

  const socket = 'path' in req.proxy ? connect(req.proxy.path) : connect(req.proxy.port, req.proxy.host);
  const reader = new HandshakeReader();
  const onData = (chunk: Buffer): void => reader.feed(chunk);
  socket.on('data', onData);

  // The handshake's reads wait for bytes; a dead socket or the timer ends it instead.
  let onError: (e: Error) => void = () => undefined;
  let onClose: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onError = (e) => reject(new SocksError('connect', `SOCKS proxy connection failed: ${e.message}`, undefined, { cause: e }));
    onClose = () => reject(new SocksError('protocol', `SOCKS proxy closed the connection during the handshake for ${target}`));
    timer = setTimeout(() => reject(new SocksError('timeout', `SOCKS handshake for ${target} timed out`)), req.timeoutMs ?? 120_000);
  });
  socket.on('error', onError);
  socket.on('close', onClose);

  const handshake = async (): Promise<void> => {
    socket.write(Buffer.from([0x05, 0x01, withAuth ? USER_PASS : NO_AUTH]));
    const choice = await reader.read(2);
    if (choice[0] !== 0x05) throw new SocksError('protocol', 'not a SOCKS5 proxy');
    if (choice[1] !== (withAuth ? USER_PASS : NO_AUTH)) {
      throw new SocksError('auth', `SOCKS proxy refused auth method ${withAuth ? 'username/password' : 'none'}`);
    }
    if (withAuth) {
      socket.write(Buffer.concat([Buffer.from([0x01, user.length]), user, Buffer.from([pass.length]), pass]));
      const auth = await reader.read(2);
      if (auth[1] !== 0x00) throw new SocksError('auth', 'SOCKS proxy rejected username/password');
    }
    const port = Buffer.alloc(2);
    port.writeUInt16BE(req.port);
    socket.write(Buffer.concat([Buffer.from([0x05, 0x01, 0x00, 0x03, hostBytes.length]), hostBytes, port]));
    const head = await reader.read(5);
    if (head[1] !== 0x00) throw SocksError.forReply(head[1] ?? -1, target);
    // Skip the bound address: its length depends on the address type.
    const atyp = head[3];
    const addressLength = atyp === 0x01 ? 4 : atyp === 0x04 ? 16 : atyp === 0x03 ? (head[4] ?? 0) + 1 : -1;
    if (addressLength < 0) throw new SocksError('protocol', `unknown address type ${atyp} in SOCKS reply`);
    await reader.read(addressLength - 1 + 2);
  };

  try {
    await Promise.race([handshake(), interrupted]);
  } catch (error) {
    socket.destroy();
    throw error instanceof SocksError ? error : new SocksError('protocol', String(error));
  } finally {
    clearTimeout(timer);
    interrupted.catch(() => undefined);
    socket.removeListener('data', onData);
    socket.removeListener('error', onError);
    socket.removeListener('close', onClose);
  }
  // Handshake done: hand over a paused plain socket (the caller resumes it once
  // its own listeners are on), keeping any early bytes.
  socket.pause();
  const rest = reader.rest();
  if (rest.length > 0) socket.unshift(rest);
  return socket;
}
