// The SOCKS5 client against a tiny scripted SOCKS server: always
// username/password (IsolateSOCKSAuth), every reply code typed, the
// application's first bytes never lost, and no hang.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { SocksError, newSocksIsolation, socksConnect } from '../../../electron/core/tor/socks';
import { startFakeSocks, type FakeSocks, type SocksBehaviour } from './fake-socks';

const ONION = 'q57rgv2s6vgv6oeylqnzy43keovtk6ifbmb36jl34arwdfwpyur5y2id.onion';
let server: FakeSocks | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connectWith(behaviour: SocksBehaviour, opts: { tcp?: boolean; timeoutMs?: number } = {}): Promise<Socket> {
  server = await startFakeSocks([behaviour], opts.tcp ?? false);
  return socksConnect({
    proxy: server.endpoint,
    host: ONION,
    port: 80,
    isolation: { username: 'share-1', password: 'pw-1' },
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
}

async function failure(behaviour: SocksBehaviour, opts: { timeoutMs?: number } = {}): Promise<SocksError> {
  const error = await connectWith(behaviour, opts).then(
    (s) => {
      s.destroy();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SocksError);
  return error as SocksError;
}

function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.resume();
  });
}

describe('socksConnect', () => {
  it('offers only username/password, sends the isolation pair and the onion name, and hands over the stream', async () => {
    const socket = await connectWith({ kind: 'reply', code: 0, afterConnect: 'HTTP/1.1 200 OK\r\n\r\nhello' });
    // Bytes that arrived in the same packet as the CONNECT reply reach the application.
    expect(await readAll(socket)).toBe('HTTP/1.1 200 OK\r\n\r\nhello');
    expect(server?.seen[0]).toEqual({ methods: [2], username: 'share-1', password: 'pw-1', host: ONION, port: 80, request: null });
  });

  it('works over TCP as well as a Unix socket', async () => {
    const socket = await connectWith({ kind: 'reply', code: 0, afterConnect: 'x' }, { tcp: true });
    expect(await readAll(socket)).toBe('x');
    expect(server?.seen[0]?.username).toBe('share-1');
  });

  it.each([
    [0x01, 'general-failure'],
    [0x02, 'not-allowed'],
    [0x03, 'network-unreachable'],
    [0x04, 'host-unreachable'],
    [0x05, 'connection-refused'],
    [0x06, 'ttl-expired'],
    [0x07, 'command-not-supported'],
    [0x08, 'address-type-not-supported'],
    [0xf0, 'onion-descriptor-not-found'],
    [0xf1, 'onion-descriptor-invalid'],
    [0xf2, 'onion-introduction-failed'],
    [0xf3, 'onion-rendezvous-failed'],
    [0xf4, 'onion-client-auth-missing'],
    [0xf5, 'onion-client-auth-wrong'],
    [0xf6, 'onion-address-invalid'],
    [0xf7, 'onion-introduction-timed-out'],
    [0x42, 'unknown'],
  ])('reply 0x%s becomes a typed error named %s', async (code, name) => {
    const e = await failure({ kind: 'reply', code });
    expect(e.problem).toBe('reply');
    expect(e.reply).toMatchObject({ code, name });
    expect(e.message).toContain(e.reply?.text);
    // The credentials were sent before CONNECT even when it fails.
    expect(server?.seen[0]?.username).toBe('share-1');
  });

  it('says when the server refuses username/password authentication, or the credentials', async () => {
    expect((await failure({ kind: 'no-method' })).problem).toBe('auth-method-refused');
    await server?.close();
    expect((await failure({ kind: 'auth-fails' })).problem).toBe('auth-refused');
  });

  it('says when the other side is not SOCKS5, or goes away mid-handshake', async () => {
    expect((await failure({ kind: 'not-socks' })).problem).toBe('not-socks5');
    await server?.close();
    expect((await failure({ kind: 'close-after-greeting' })).problem).toBe('closed');
  });

  it('gives up on a server that never answers CONNECT', async () => {
    const started = Date.now();
    const e = await failure({ kind: 'silent' }, { timeoutMs: 200 });
    expect(e.problem).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on a SOCKS port whose TCP connect never completes', async () => {
    // A real listener that never accepts, with a backlog of 0: once one
    // connection waits in it, the kernel drops further SYNs, so a connect
    // hangs the way it does towards a host that drops packets.
    const listener = spawn('python3', ['-u', '-c', [
      'import socket, sys, time',
      "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)",
      'print(s.getsockname()[1]); sys.stdout.flush(); time.sleep(60)',
    ].join('\n')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const filler: Socket[] = [];
    try {
      const port = await new Promise<number>((resolve, reject) => {
        listener.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
        listener.once('error', reject);
      });
      await new Promise<void>((resolve) => {
        const c = connect(port, '127.0.0.1', () => resolve());
        c.on('error', () => undefined);
        filler.push(c);
      });
      const e = await socksConnect({
        proxy: { host: '127.0.0.1', port },
        host: ONION,
        port: 80,
        isolation: { username: 'share-1', password: 'pw-1' },
        timeoutMs: 300,
      }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(SocksError);
      expect((e as SocksError).problem).toBe('timeout');
    } finally {
      filler.forEach((c) => c.destroy());
      listener.kill('SIGKILL');
    }
  });

  it('says which SOCKS port could not be reached', async () => {
    const e = await socksConnect({
      proxy: { path: '/nonexistent/oniondrop/socks' },
      host: ONION,
      port: 80,
      isolation: newSocksIsolation(),
    }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SocksError);
    expect(e).toMatchObject({ problem: 'unreachable', code: 'ENOENT', proxy: 'unix:/nonexistent/oniondrop/socks' });
  });

  it('refuses what it cannot send, before connecting', async () => {
    server = await startFakeSocks([{ kind: 'reply', code: 0 }]);
    const bad = [
      { host: 'a'.repeat(256), isolation: newSocksIsolation() },
      { host: 'bad host', isolation: newSocksIsolation() },
      { host: ONION, isolation: { username: '', password: 'x' } },
      { host: ONION, isolation: { username: 'u', password: 'p'.repeat(256) } },
    ];
    for (const b of bad) {
      const e = await socksConnect({ proxy: server.endpoint, port: 80, ...b }).catch((err: unknown) => err);
      expect(e).toMatchObject({ kind: 'socks', problem: 'bad-request' });
    }
    expect(server.seen).toHaveLength(0);
  });

  it('makes a different isolation pair every time', () => {
    const a = newSocksIsolation();
    const b = newSocksIsolation();
    expect(a.username).not.toBe(b.username);
    expect(a.password).not.toBe(b.password);
    expect(a.username).toMatch(/^oniondrop-[0-9a-f]{16}$/);
  });
});
