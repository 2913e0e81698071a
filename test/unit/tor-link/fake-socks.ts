// Test helper (plain Node): a tiny SOCKS5 server on a Unix socket or TCP that
// records what clients send (offered methods, username/password, CONNECT
// target) and answers as scripted, for the reply codes a real tor will not
// produce on demand.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SocksRequestSeen {
  methods: number[];
  username: string | null;
  password: string | null;
  host: string | null;
  port: number | null;
  /** The HTTP request sent over the stream (with `respondHttp`). */
  request: string | null;
}

export type SocksBehaviour =
  /**
   * Answer CONNECT with this reply code. On 0: with `respondHttp`, answer the
   * HTTP request with it; otherwise write `afterConnect` in the same write as
   * the reply and close.
   */
  | { kind: 'reply'; code: number; afterConnect?: string; respondHttp?: string }
  /** Refuse every offered method (0xFF). */
  | { kind: 'no-method' }
  /** Refuse the username/password. */
  | { kind: 'auth-fails' }
  /** Answer like something that is not SOCKS5. */
  | { kind: 'not-socks' }
  /** Close after the greeting. */
  | { kind: 'close-after-greeting' }
  /** Never answer the CONNECT. */
  | { kind: 'silent' };

export interface FakeSocks {
  endpoint: { path: string } | { host: string; port: number };
  seen: SocksRequestSeen[];
  /** What each next connection does; the last one repeats. */
  script: SocksBehaviour[];
  close(): Promise<void>;
}

export async function startFakeSocks(script: SocksBehaviour[], tcp = false): Promise<FakeSocks> {
  const dir = mkdtempSync(join(tmpdir(), 'oniondrop-socks-'));
  const seen: SocksRequestSeen[] = [];
  const sockets = new Set<Socket>();
  let n = 0;
  const state: FakeSocks = { endpoint: { path: join(dir, 'socks') }, seen, script, close: async () => undefined };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const behaviour = state.script[Math.min(n, state.script.length - 1)] ?? { kind: 'reply', code: 0 };
    n += 1;
    const record: SocksRequestSeen = { methods: [], username: null, password: null, host: null, port: null, request: null };
    seen.push(record);
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'connect' | 'done' = 'greeting';
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (stage === 'greeting') {
          if (buf.length < 2 || buf.length < 2 + (buf[1] as number)) return;
          const count = buf[1] as number;
          record.methods = [...buf.subarray(2, 2 + count)];
          buf = buf.subarray(2 + count);
          if (behaviour.kind === 'not-socks') {
            socket.end('HTTP/1.0 400 Bad Request\r\n\r\n');
            return;
          }
          if (behaviour.kind === 'close-after-greeting') {
            socket.destroy();
            return;
          }
          if (behaviour.kind === 'no-method' || !record.methods.includes(2)) {
            socket.end(Buffer.from([5, 0xff]));
            return;
          }
          socket.write(Buffer.from([5, 2]));
          stage = 'auth';
        } else if (stage === 'auth') {
          if (buf.length < 2) return;
          const ulen = buf[1] as number;
          if (buf.length < 2 + ulen + 1) return;
          const plen = buf[2 + ulen] as number;
          if (buf.length < 3 + ulen + plen) return;
          record.username = buf.subarray(2, 2 + ulen).toString('utf8');
          record.password = buf.subarray(3 + ulen, 3 + ulen + plen).toString('utf8');
          buf = buf.subarray(3 + ulen + plen);
          if (behaviour.kind === 'auth-fails') {
            socket.end(Buffer.from([1, 1]));
            return;
          }
          socket.write(Buffer.from([1, 0]));
          stage = 'connect';
        } else if (stage === 'connect') {
          if (buf.length < 5) return;
          const len = buf[4] as number;
          if (buf.length < 5 + len + 2) return;
          record.host = buf.subarray(5, 5 + len).toString('ascii');
          record.port = buf.readUInt16BE(5 + len);
          buf = buf.subarray(5 + len + 2);
          stage = 'done';
          if (behaviour.kind === 'silent') return;
          if (behaviour.kind !== 'reply') return;
          const reply = Buffer.from([5, behaviour.code, 0, 1, 127, 0, 0, 1, 0x1f, 0x90]);
          if (behaviour.code !== 0) {
            socket.end(reply);
            return;
          }
          const first = Buffer.concat([reply, Buffer.from(behaviour.afterConnect ?? '', 'latin1')]);
          if (behaviour.respondHttp === undefined) {
            // One write, then the end: the reply and the first bytes arrive together.
            socket.end(first);
            return;
          }
          socket.write(first);
          // Answer once the request's blank line has arrived.
          const answer = behaviour.respondHttp;
          let request = buf.toString('latin1');
          const maybeAnswer = (): void => {
            if (!request.includes('\r\n\r\n')) return;
            record.request = request;
            socket.end(answer);
          };
          socket.on('data', (more: Buffer) => {
            request += more.toString('latin1');
            maybeAnswer();
          });
          maybeAnswer();
          return;
        } else {
          return;
        }
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (tcp) server.listen(0, '127.0.0.1', resolve);
    else server.listen((state.endpoint as { path: string }).path, resolve);
  });
  if (tcp) state.endpoint = { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  };
  return state;
}
