// Bad requests of every kind: traversal, methods, oversized and slow requests, stalled readers (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../../../electron/core/share/catalog';
import type { ShareServer } from '../../../electron/core/share/share-server';
import { concatArchive, expectSecureHeaders, get, parseHead, raw, run, serve, stopAll, tempDir, until } from './helpers';

const tmp = tempDir('hostile');
const SECRET = 'TOP-SECRET-OUTSIDE-THE-SHARE';
let server: ShareServer;

beforeAll(async () => {
  const shared = join(tmp.path, 'shared');
  mkdirSync(join(shared, 'sub'), { recursive: true });
  writeFileSync(join(shared, 'public.txt'), 'public content');
  writeFileSync(join(shared, 'sub', 'inner.txt'), 'inner content');
  writeFileSync(join(tmp.path, 'secret.txt'), SECRET);
  symlinkSync(join(tmp.path, 'secret.txt'), join(shared, 'link-out'));
  const catalog = await buildCatalog([shared]);
  ({ server } = await serve({ catalog, archive: concatArchive(catalog) }));
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

const rawGet = (target: string, extra = '') => raw(server.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`);

async function stillServing(): Promise<void> {
  const r = await get(server, '/files/shared/public.txt');
  expect(r.status).toBe(200);
  expect(r.body.toString()).toBe('public content');
}

describe('path traversal, in many encodings', () => {
  const targets = [
    '/files/shared/../../secret.txt',
    '/files/shared/../../../../../../etc/passwd',
    '/files/shared/%2e%2e/%2e%2e/secret.txt',
    '/files/shared/%2E%2E%2F%2E%2E%2Fsecret.txt',
    '/files/shared/..%2f..%2fsecret.txt',
    '/files/shared/%252e%252e/%252e%252e/secret.txt',
    '/files/shared/%25%32%65%25%32%65/secret.txt',
    '/files/shared/..\\..\\secret.txt',
    '/files/shared/..%5c..%5csecret.txt',
    '/files/shared/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt',
    '/files/shared/%c0%af..%c0%afsecret.txt',
    '/files/shared/%e0%80%ae%e0%80%ae/secret.txt',
    '/files/shared/%ef%bc%8e%ef%bc%8e/secret.txt',
    '/files/shared/public.txt%00.pdf',
    '/files/shared/public.txt%00',
    '//etc/passwd',
    '/files//etc/passwd',
    '/files/%2fetc%2fpasswd',
    '/files/%2Fetc/passwd',
    '/download/../../etc/passwd',
    '/download/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/files/shared/./public.txt',
    '/files/shared/public.txt/..',
    '/files/..;/secret.txt',
    '/files/shared/link-out',
    '/files/secret.txt',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/files/shared/sub/../../secret.txt',
    'http://127.0.0.1/files/shared/../../secret.txt',
    '/files/shared/%',
    '/files/shared/%%32%65',
  ];
  for (const target of targets) {
    it(`${target} -> 4xx, nothing outside the share`, async () => {
      const reply = parseHead(await rawGet(target));
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(reply.body).not.toContain(SECRET);
      expect(reply.body).not.toContain('root:x:0:0');
      expectSecureHeaders(reply.headers);
    });
  }
  it('with curl --path-as-is too, and the server keeps serving', async () => {
    for (const target of ['/files/shared/../../secret.txt', '/files/shared/..%2f..%2fsecret.txt', '/..%5c..%5c..%5cetc/passwd']) {
      const curl = await run('curl', ['-s', '--path-as-is', '-o', '/dev/null', '-w', '%{http_code}', `${server.localUrl}${target}`]);
      expect(Number(curl.stdout), target).toBeGreaterThanOrEqual(400);
    }
    await stillServing();
  });
});

describe('methods', () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
    it(`${method} -> 405 with Allow`, async () => {
      const reply = parseHead(await raw(server.port, `${method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`));
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe('GET, HEAD');
      expectSecureHeaders(reply.headers);
    });
  }
  it('OPTIONS * and CONNECT -> 405', async () => {
    expect(parseHead(await raw(server.port, 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')).status).toBe(405);
    const connectReply = parseHead(await raw(server.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'));
    expect(connectReply.status).toBe(405);
    expectSecureHeaders(connectReply.headers);
    await stillServing();
  });
});

describe('malformed and oversized requests', () => {
  it('headers over 16 KiB -> 431', async () => {
    const reply = parseHead(await rawGet('/', `X-Big: ${'a'.repeat(20 * 1024)}\r\n`));
    expect(reply.status).toBe(431);
    expectSecureHeaders(reply.headers);
    await stillServing();
  });
  it('garbage, bad header syntax, smuggling attempts -> 400', async () => {
    const attempts = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
      'GET /\u0000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET / HTTP/1.1\r\n\r\n',
    ];
    for (const attempt of attempts) {
      const reply = parseHead(await raw(server.port, attempt));
      expect(reply.status, JSON.stringify(attempt)).toBe(400);
      expectSecureHeaders(reply.headers);
    }
    await stillServing();
  });
  it('a Host that is not ours (DNS rebinding) -> 421', async () => {
    const reply = await get(server, '/', { Host: 'attacker.example:17600' });
    expect(reply.status).toBe(421);
    expectSecureHeaders(reply.headers);
    expect((await get(server, '/', { Host: `${'a'.repeat(52)}2345.onion` })).status).toBe(200);
  });
  it('bad ranges never break the server', async () => {
    const many = `bytes=${Array.from({ length: 1000 }, (_, i) => `${i * 2}-${i * 2 + 1}`).join(',')}`;
    const cases: [string, number][] = [
      ['bytes=99999999999999999999999-', 416],
      ['bytes=-99999999999999999999999', 206],
      ['bytes=0-1,2-3', 416],
      [many, 416],
      ['bytes=1-0', 200],
      ['bytes=\u00ff-1', 200],
    ];
    for (const [range, status] of cases) {
      const r = await get(server, '/files/shared/public.txt', { Range: range });
      expect(r.status, range.slice(0, 40)).toBe(status);
      expectSecureHeaders(r.headers);
    }
    await stillServing();
  });
});

describe('slow and stalled clients', () => {
  it('a client trickling its headers byte by byte is timed out with 408', async () => {
    const { server: s } = await serve({ catalog: await buildCatalog([join(tmp.path, 'secret.txt')]), limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, checkIntervalMs: 100 } });
    const t0 = Date.now();
    const text = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: s.port });
      const parts: Buffer[] = [];
      const request = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'x'.repeat(1000);
      let i = 0;
      const timer = setInterval(() => {
        if (socket.writable && i < request.length) socket.write(request[i++] as string);
      }, 50);
      socket.on('data', (c) => parts.push(c));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve(Buffer.concat(parts).toString('latin1'));
      });
    });
    const elapsed = Date.now() - t0;
    expect(parseHead(text).status).toBe(408);
    expect(elapsed).toBeLessThan(4000);
    expect((await get(s, '/')).status).toBe(200);
    await s.close();
  });

  it('a client that pipelines two downloads and leaves: the second waits its turn, the first ends cancelled, no file stays open', async () => {
    const dir = tempDir('pipelined');
    const big = join(dir.path, 'big.bin');
    writeFileSync(big, '');
    truncateSync(big, 64 * 1024 * 1024);
    const { server: s, events } = await serve({ catalog: await buildCatalog([big]), stopAfterFirstDownload: false });
    // The server runs in this process: its open files are ours.
    const openOnBig = (): number =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === big;
        } catch {
          return false;
        }
      }).length;
    const socket = connect({ host: '127.0.0.1', port: s.port });
    socket.on('error', () => undefined);
    const request = `GET ${s.downloadPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    socket.write(request + request);
    socket.pause();
    await until(() => events.some((e) => e.type === 'download-started'));
    // The first answer is not read, so the second never owns the connection: it is not read ahead.
    await new Promise((r) => setTimeout(r, 300));
    expect(events.filter((e) => e.type === 'download-started')).toHaveLength(1);
    socket.destroy();
    await until(() => s.activeDownloads() === 0);
    await until(() => openOnBig() === 0);
    expect(events.filter((e) => e.type === 'download-cancelled')).toHaveLength(1);
    await s.close();
    dir.remove();
  });

  it('a reader that stops reading is dropped after the idle timeout; a slow reader that keeps going is not', async () => {
    const dir = tempDir('stall');
    const big = join(dir.path, 'big.bin');
    writeFileSync(big, '');
    truncateSync(big, 256 * 1024 * 1024);
    const { server: s, events } = await serve({ catalog: await buildCatalog([big]), limits: { idleTimeoutMs: 1000 } });
    const socket = connect({ host: '127.0.0.1', port: s.port });
    socket.on('error', () => undefined);
    socket.write(`GET ${s.downloadPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    socket.pause();
    await until(() => events.some((e) => e.type === 'download-cancelled'), 15_000);
    expect(events.find((e) => e.type === 'download-cancelled')).toMatchObject({ reason: 'stalled' });
    socket.destroy();

    // 40 MiB at 10 MiB/s, far more than the socket buffers hold: the server
    // waits on the reader for four times the idle timeout, and it must complete.
    // requestTimeout is short too: it bounds receiving the request, never the response.
    const slow = join(dir.path, 'slow.bin');
    writeFileSync(slow, Buffer.alloc(40 * 1024 * 1024, 9));
    const limits = { idleTimeoutMs: 1000, headersTimeoutMs: 500, requestTimeoutMs: 1000, checkIntervalMs: 100 };
    const { server: s2 } = await serve({ catalog: await buildCatalog([slow]), limits });
    const out = join(dir.path, 'out.bin');
    const t0 = Date.now();
    const curl = await run('curl', ['-s', '-f', '--limit-rate', '10M', '-o', out, `${s2.localUrl}${s2.downloadPath}`]);
    expect(curl.code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThan(2000);
    expect(readFileSync(out).equals(readFileSync(slow))).toBe(true);
    await s.close();
    await s2.close();
    dir.remove();
  });
});
