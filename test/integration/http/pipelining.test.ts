// Issue 13, finding 4: a client that pipelines thousands of requests on one
// connection and never reads the answers must not make the server queue (and
// read ahead) an answer for each (plain Node, real sockets). Memory under
// that flood is measured in bench/ (see bench/README.md); here, the number
// of requests the server holds for the connection.
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFrontDoor } from '../../../electron/core/http/front-door';
import { DEFAULT_LIMITS } from '../../../electron/core/http/limits';
import { buildCatalog } from '../../../electron/core/share/catalog';
import type { ShareServerEvent } from '../../../electron/core/share/events';
import { createShareMode } from '../../../electron/core/share/share-server';
import { get, serve, stopAll, tempDir, until } from '../share/helpers';

const tmp = tempDir('pipelining');
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

async function bigFile(): Promise<string> {
  const path = join(tmp.path, 'big.bin');
  writeFileSync(path, '');
  truncateSync(path, 64 * 1024 * 1024);
  return path;
}

/** `count` GETs of `path` in one write on a connection that does not read (until `look`). */
function pipeline(port: number) {
  const socket = connect({ host: '127.0.0.1', port });
  let closed = false;
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  socket.pause();
  return {
    send: (path: string, count: number) => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`.repeat(count)),
    /** A client that does not read cannot see the server close: read now, and see. */
    look: () => socket.resume(),
    closed: () => closed,
    destroy: () => socket.destroy(),
  };
}

describe('pipelining', () => {
  it('20 000 pipelined downloads that are never read: at most one starts, the connection is dropped, others are served', async () => {
    const events: ShareServerEvent[] = [];
    const { server } = await serve({ catalog: await buildCatalog([await bigFile()]), onEvent: (e) => events.push(e) });
    const started = (): number => events.filter((e) => e.type === 'download-started').length;
    const client = pipeline(server.port);
    // About 1 MB of requests.
    client.send(server.downloadPath, 20_000);
    try {
      client.look();
      await until(() => client.closed() || started() > DEFAULT_LIMITS.maxPipelined, 30_000);
      expect(started()).toBeLessThanOrEqual(1);
      expect(client.closed()).toBe(true);
    } finally {
      client.destroy();
    }
    expect((await get(server, '/')).status).toBe(200);
    await until(() => server.activeDownloads() === 0);
  });

  it('the front door holds up to maxPipelined requests of one connection, and drops it at one more', async () => {
    const door = openFrontDoor({ host: '127.0.0.1', limits: { maxPipelined: 4 } });
    const mode = createShareMode({ catalog: await buildCatalog([await bigFile()]), stopAfterFirstDownload: false }, door.context);
    door.mount('', mode);
    const running = await door.listen();
    const client = pipeline(running.port);
    try {
      // The first download stalls on the unread connection; three wait their turn.
      client.send(mode.downloadPath, 4);
      await until(() => running.counts().queued === 4);
      await until(() => mode.activeDownloads() === 1);
      client.send(mode.downloadPath, 1);
      await until(() => running.counts().open === 0);
      expect(running.counts()).toEqual({ open: 0, waiting: 0, queued: 0 });
    } finally {
      client.destroy();
      await running.close();
    }
  });
});
