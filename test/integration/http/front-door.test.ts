// The front door itself (plain Node, real sockets): a route that fails gets
// a 500 for that request and the server goes on; its own pages speak the
// translator it is given, with <html lang dir>; mount paths are checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from 'express';
import { request } from 'node:http';
import { openFrontDoor, MountError, type ListeningDoor } from '../../../electron/core/http/front-door';
import type { ModeApp } from '../../../electron/core/http/mode';
import { pageCsp } from '../../../electron/core/http/security-headers';
import { translatorFor } from '../../../i18n/messages';
import { expectSecureHeaders, parseHead, raw } from '../share/helpers';

const english = translatorFor('en');

/** A mode whose routes fail in every way a route can. */
function failingMode(): ModeApp {
  const router = Router();
  router.get('/ok', (_req, res) => void res.end('fine'));
  router.get('/throws', () => {
    throw new Error('a bug in a route (test)');
  });
  router.get('/rejects', async () => {
    await Promise.resolve();
    throw new Error('a bug after an await (test)');
  });
  router.get('/throws-midway', (_req, res) => {
    res.setHeader('Content-Length', 100);
    res.write('part of a body');
    throw new Error('a bug after the first bytes (test)');
  });
  router.get('/download-fails', (_req, res) => {
    res.setHeader('Content-Disposition', 'attachment; filename="x.bin"');
    res.setHeader('ETag', '"x"');
    throw new Error('a bug before the first byte (test)');
  });
  return {
    router,
    translator: english,
    csp: pageCsp(),
    longRequests: false,
    describe: () => ({ label: 'Test', hint: 'A test mode.' }),
    setAccepting: () => undefined,
    activeTransfers: () => 0,
    closed: async () => undefined,
  };
}

let door: ListeningDoor;
const logged: unknown[] = [];

beforeAll(async () => {
  const d = openFrontDoor({ host: '127.0.0.1', logError: (err) => logged.push(err) });
  d.mount('', failingMode());
  door = await d.listen();
});
afterAll(() => door.close());

const rawGet = (path: string): Promise<string> => raw(door.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

describe('a route that fails', () => {
  for (const path of ['/throws', '/rejects', '/download-fails']) {
    it(`${path}: a 500 page with our headers and none of the route's, no stack trace; the server goes on`, async () => {
      const before = logged.length;
      const reply = parseHead(await rawGet(path));
      expect(reply.status).toBe(500);
      expectSecureHeaders(reply.headers);
      expect(reply.headers.get('content-disposition')).toBeUndefined();
      expect(reply.headers.get('etag')).toBeUndefined();
      expect(reply.body).toContain('Something went wrong');
      expect(reply.body).not.toMatch(/\bat .*\.ts:\d+/);
      expect(logged.length).toBe(before + 1);
      expect(parseHead(await rawGet('/ok')).body).toBe('fine');
    });
  }

  it('after the first bytes went out: the connection is cut, so the client sees a short transfer, not a whole one', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port: door.port, path: '/throws-midway', agent: false }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('complete'));
        res.on('error', () => resolve('cut'));
        res.on('aborted', () => resolve('cut'));
      });
      req.on('error', () => resolve('cut'));
      req.end();
    });
    expect(outcome).toBe('cut');
    expect(parseHead(await rawGet('/ok')).body).toBe('fine');
  });
});

describe("the door's own pages", () => {
  it('a path no mode answers: 404 in the translator\'s words, <html lang dir> from it', async () => {
    const d = openFrontDoor({ host: '127.0.0.1', translator: english });
    d.mount('/test', failingMode());
    const running = await d.listen();
    try {
      const reply = parseHead(await raw(running.port, 'GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'));
      expect(reply.status).toBe(404);
      expect(reply.body).toContain('<html lang="en" dir="ltr">');
      expect(reply.body).toContain(english.t('pages.door.notFound.title'));
      const post = parseHead(await raw(running.port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n'));
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
    } finally {
      await running.close();
    }
  });

  it('refuses mount paths that are not one plain segment, or a root mode beside a prefixed one', () => {
    const d = openFrontDoor({ host: '127.0.0.1' });
    for (const path of ['share', '/a/b', '/../x', '/Share', '/']) expect(() => d.mount(path, failingMode())).toThrow(MountError);
    d.mount('/share', failingMode());
    expect(() => d.mount('/share', failingMode())).toThrow(MountError);
    expect(() => d.mount('', failingMode())).toThrow(MountError);
  });
});
