// Issue 13, finding 6 (first half): a request with two Host headers gets a
// 400 in every mode (RFC 9112 section 3.2), so no check can pass on one name
// while something else reads the other (plain Node, real sockets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReceiveServer } from '../../../electron/core/receive/receive-server';
import { buildCatalog } from '../../../electron/core/share/catalog';
import { startShareServer } from '../../../electron/core/share/share-server';
import { startWebsiteServer } from '../../../electron/core/website/website-server';
import { expectSecureHeaders, parseHead, raw, tempDir } from '../share/helpers';

const tmp = tempDir('host-header');
const servers: { name: string; port: number; close: () => Promise<void> }[] = [];

beforeAll(async () => {
  const file = join(tmp.path, 'a.txt');
  writeFileSync(file, 'a');
  const site = join(tmp.path, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), '<title>site</title>');
  const share = await startShareServer({ host: '127.0.0.1', catalog: await buildCatalog([file]), stopAfterFirstDownload: false });
  const receive = await startReceiveServer({ host: '127.0.0.1', receiveDir: join(tmp.path, 'inbox'), limits: { minFreeSpace: 0 } });
  const website = await startWebsiteServer({ host: '127.0.0.1', root: site });
  servers.push({ name: 'share', ...share }, { name: 'receive', ...receive }, { name: 'website', ...website });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp.remove();
});

const request = (hosts: string[]): string => `GET / HTTP/1.1\r\n${hosts.map((h) => `Host: ${h}\r\n`).join('')}\r\n`;

describe('Host headers', () => {
  for (const mode of ['share', 'receive', 'website']) {
    it(`${mode}: two Host headers -> 400 and the connection closed, the same or different names`, async () => {
      const { port } = servers.find((s) => s.name === mode)!;
      for (const hosts of [['127.0.0.1', '127.0.0.1'], ['127.0.0.1', 'attacker.example'], ['attacker.example', '127.0.0.1']]) {
        const reply = parseHead(await raw(port, request(hosts)));
        expect(reply.status, hosts.join(' + ')).toBe(400);
        expect(reply.headers.get('connection')).toBe('close');
        expectSecureHeaders(reply.headers);
      }
      expect(parseHead(await raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)).status).toBe(200);
    });
  }
});
