// Issue 13, finding 3: connections that send part of a request and go
// silent, or trickle a byte at a time, must not lock visitors out (plain
// Node, real sockets). Every visitor comes from the Tor daemon's address, so
// the front door is fair between connections: the oldest connection without
// a request in progress makes room for a new one, and a slow client is
// destroyed, not half-closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../../../electron/core/share/catalog';
import { get, parseHead, serve, stopAll, tempDir, until } from '../share/helpers';

const tmp = tempDir('slow-clients');
const content = randomBytes(1024 * 1024);
let file: string;

beforeAll(() => {
  file = join(tmp.path, 'report.bin');
  writeFileSync(file, content);
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

function opened(port: number, options: { allowHalfOpen?: boolean } = {}): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: options.allowHalfOpen ?? false });
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve(socket));
    // Dropped by the server before it connected, as a greedy client's connections may be.
    socket.once('close', () => resolve(socket));
  });
}

describe('silent and trickling connections', () => {
  it('200 of them, half silent, half trickling a header byte at a time: a visitor still downloads', async () => {
    const { server } = await serve({ catalog: await buildCatalog([file]) });
    const hogs: Socket[] = [];
    const timers: NodeJS.Timeout[] = [];
    try {
      for (let i = 0; i < 100; i++) {
        const silent = await opened(server.port);
        silent.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        hogs.push(silent);
      }
      for (let i = 0; i < 100; i++) {
        const trickler = await opened(server.port);
        trickler.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        timers.push(setInterval(() => trickler.writable && trickler.write('x'), 100));
        hogs.push(trickler);
      }
      const reply = await get(server, server.downloadPath);
      expect(reply.status).toBe(200);
      expect(reply.body.equals(content)).toBe(true);
    } finally {
      for (const t of timers) clearInterval(t);
      for (const s of hogs) s.destroy();
    }
  });

  it('a client that trickles and never closes its side is cut off after the 408, not left holding its slot', async () => {
    const limits = { headersTimeoutMs: 1000, requestTimeoutMs: 2000, checkIntervalMs: 100 };
    const { server } = await serve({ catalog: await buildCatalog([file]), limits });
    // allowHalfOpen: the client does not answer the server's FIN with its own, as a hostile one would not.
    const socket = await opened(server.port, { allowHalfOpen: true });
    const received: Buffer[] = [];
    let closed = false;
    socket.on('data', (c: Buffer) => received.push(c));
    socket.on('close', () => (closed = true));
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const timer = setInterval(() => socket.writable && socket.write('x'), 100);
    try {
      await until(() => closed, 15_000);
    } finally {
      clearInterval(timer);
      socket.destroy();
    }
    expect(parseHead(Buffer.concat(received).toString('latin1')).status).toBe(408);
    expect((await get(server, '/')).status).toBe(200);
  });
});
