// What a share reports about its downloads, over real HTTP with a local Session (no Tor): one final event per
// transfer with its true count, and "complete" only when one visitor has every byte (issue 14; plain Node).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transfer } from '../../../electron/contract';
import { fileKeyStore } from '../../../electron/core/key-store';
import { shareModeServer } from '../../../electron/core/modes/share-mode';
import { Session } from '../../../electron/core/session';
import { buildCatalog } from '../../../electron/core/share';
import { shareOptions } from '../../helpers/share-options';
import { until } from '../../helpers/local';

const dir = mkdtempSync(join(tmpdir(), 'oniondrop-counts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 1024 * 1024;
let n = 0;

async function share(size: number): Promise<{ s: Session; updates: Transfer[]; port: number; path: string }> {
  const file = join(dir, `file-${n++}.bin`);
  writeFileSync(file, Buffer.alloc(size, 0x61));
  const opts = shareOptions({ public: true, stopAfterFirstDownload: false });
  const s = new Session({
    label: 'test',
    options: opts,
    startServer: shareModeServer(await buildCatalog([file]), opts),
    link: null,
    platform: { whonix: null, markers: [], qubes: false, tails: false },
    listenHost: '127.0.0.1',
    portRange: { first: 17600, last: 17659 },
    keys: fileKeyStore(join(dir, 'keys')),
  });
  const updates: Transfer[] = [];
  s.on((e) => {
    if (e.type === 'transfer') updates.push(e.transfer);
  });
  await s.start();
  expect(s.state).toBe('ready');
  return { s, updates, port: Number(new URL(s.localUrl as string).port), path: `/download/${file.split('/').at(-1) as string}` };
}

/** A GET on a raw socket; resolves once `bytes` of the body arrived, with the socket still open and paused. */
async function fetchPart(port: number, path: string, bytes: number, range?: string): Promise<{ socket: Socket; received: () => number }> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  let body = -1;
  let head = '';
  let got = 0;
  socket.on('data', (c: Buffer) => {
    if (body < 0) {
      head += c.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      got = head.length - end - 4;
      body = 0;
    } else got += c.length;
    if (got >= bytes) socket.pause();
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${range ? `Range: bytes=${range}\r\n` : ''}\r\n`);
  await until(() => got >= bytes);
  return { socket, received: () => got };
}

const ended = (updates: Transfer[]): Transfer[] => updates.filter((t) => t.state !== 'running');

describe('the count a transfer ends with', () => {
  it('a download cut off at once (before any progress report) ends with the bytes it had sent, not 0 B', async () => {
    const { s, updates, port, path } = await share(64 * MiB);
    const { socket, received } = await fetchPart(port, path, 256 * 1024);
    socket.destroy();
    await until(() => ended(updates).length > 0);
    const [last] = ended(updates);
    expect(last).toMatchObject({ state: 'cancelled', complete: false });
    expect(last?.bytes).toBeGreaterThanOrEqual(received());
    await s.stop();
  });

  it('stopping a share during a download ends that transfer once, with its count', async () => {
    const { s, updates, port, path } = await share(64 * MiB);
    const { socket, received } = await fetchPart(port, path, MiB);
    await s.stop();
    socket.destroy();
    const finals = ended(updates);
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({ state: 'cancelled' });
    expect(finals[0]?.bytes).toBeGreaterThanOrEqual(received());
    expect(s.transfers.list().filter((t) => t.state === 'running')).toEqual([]);
  });
});

describe('complete', () => {
  it('a range that ends at the end of the file is finished, not complete; the whole file is', async () => {
    const size = 4 * MiB;
    const { s, updates, port, path } = await share(size);
    // Everything received, the client closes cleanly: the server counts that as delivered.
    (await fetchPart(port, path, size - 1000, '1000-')).socket.end();
    await until(() => ended(updates).length === 1);
    expect(ended(updates)[0]).toMatchObject({ state: 'finished', complete: false, bytes: size });

    (await fetchPart(port, path, size)).socket.end();
    await until(() => ended(updates).length === 2);
    expect(ended(updates)[1]).toMatchObject({ state: 'finished', complete: true, bytes: size });
    await s.stop();
  });

  it('a download cut at 60 % and resumed from there is complete', async () => {
    const size = 4 * MiB;
    const { s, updates, port, path } = await share(size);
    const first = await fetchPart(port, path, Math.floor(size * 0.6));
    first.socket.destroy();
    await until(() => ended(updates).length === 1);
    const have = first.received();
    (await fetchPart(port, path, size - have, `${have}-`)).socket.end();
    await until(() => ended(updates).length === 2);
    expect(ended(updates)[1]).toMatchObject({ state: 'finished', complete: true });
    await s.stop();
  });
});
