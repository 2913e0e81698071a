// The private Tor network harness itself (plain Node, real tor): it comes up,
// both clients bootstrap and see every relay, an onion on the gateway serves
// bytes to the downloader intact, a client tor survives a restart, stop()
// leaves no tor behind, and a start that cannot finish says where it stuck.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ControlConnection, isPidAlive, livePids, startTorNet, TorNetError, type TorClient, type TorNet } from '../../tornet';

const MiB = 1024 * 1024;
const payload = randomBytes(5 * MiB);

let net: TorNet<'gateway' | 'downloader'> | undefined;
let server: Server | undefined;

function tornet(): TorNet<'gateway' | 'downloader'> {
  if (!net) throw new Error('network did not start');
  return net;
}

/** Serves `payload`, honouring "Range: bytes=a-b" the way a download server would. */
function startPayloadServer(): Promise<number> {
  server = createServer((req, res) => {
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Number(range[2]) : payload.length - 1;
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${payload.length}`, 'Content-Length': end - start + 1 });
      res.end(payload.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'Content-Length': payload.length, 'Content-Type': 'application/octet-stream' });
    res.end(payload);
  });
  return new Promise((resolve) => server?.listen(0, '127.0.0.1', () => resolve((server?.address() as AddressInfo).port)));
}

async function controlOf(client: TorClient): Promise<ControlConnection> {
  return ControlConnection.open({ path: client.controlSocketPath }, { cookiePath: client.cookiePath });
}

beforeAll(async () => {
  net = await startTorNet({ clients: ['gateway', 'downloader'], onLog: (line) => console.log(line) });
}, 150_000);

afterAll(async () => {
  await net?.stop();
  server?.closeAllConnections();
  server?.close();
});

describe('private Tor network harness', () => {
  it('brings both client tors to bootstrap 100 %', async () => {
    for (const client of tornet().clientList) {
      const control = await controlOf(client);
      const reply = await control.command('GETINFO status/bootstrap-phase');
      control.close();
      expect(reply.lines[0]?.text).toMatch(/PROGRESS=100 TAG=done/);
    }
    console.log(`[tornet] startup timings (ms): ${JSON.stringify(tornet().timings)}`);
  });

  it('shows all 4 relays in each client consensus', async () => {
    for (const client of tornet().clientList) {
      const control = await controlOf(client);
      const all = await control.getInfo('ns/all');
      control.close();
      const nicknames = all
        .split('\n')
        .filter((line) => line.startsWith('r '))
        .map((line) => line.split(' ')[1])
        .sort();
      expect(nicknames).toEqual(['auth1', 'auth2', 'auth3', 'auth4']);
    }
  });

  let onionUrl = '';

  it('carries 5 MiB from a local HTTP server behind an onion on the gateway to the downloader, byte for byte', async () => {
    const port = await startPayloadServer();
    const gateway = await tornet().client('gateway').control();
    // Raw control lines, as an app would send them: subscribe first, then add the onion.
    const uploaded: string[] = [];
    await gateway.on('HS_DESC', (event) => {
      const words = (event.lines[0]?.text ?? '').split(' ');
      if (words[1] === 'UPLOADED' && words[2]) uploaded.push(words[2]);
    });
    const added = await gateway.command(`ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80,127.0.0.1:${port}`);
    const serviceId = /^ServiceID=(\S+)$/.exec(added.lines[0]?.text ?? '')?.[1] ?? '';
    expect(serviceId).toMatch(/^[a-z2-7]{56}$/);
    const addedAt = Date.now();
    while (!uploaded.includes(serviceId)) {
      expect(Date.now() - addedAt).toBeLessThan(30_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    onionUrl = `http://${serviceId}.onion`;

    const res = await tornet().fetchThroughSocks({ client: 'downloader', url: `${onionUrl}/file.bin`, retry: { forMs: 30_000 } });
    const firstFetchMs = Date.now() - addedAt;
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(payload.length);
    expect(res.body.equals(payload)).toBe(true);
    const transferMs = res.timings.totalMs - res.timings.connectedMs;
    const mbPerS = payload.length / 1e6 / (transferMs / 1000);
    const memory = tornet().memory();
    console.log(
      `[tornet] new onion: first fetch ${firstFetchMs} ms after ADD_ONION (${res.timings.attempts} SOCKS attempt(s)); ` +
        `5 MiB in ${transferMs} ms = ${mbPerS.toFixed(1)} MB/s; tor RSS total ${(memory.totalKiB / 1024).toFixed(0)} MiB ${JSON.stringify(memory.byNode)}`,
    );
  });

  it('serves ranges and cut downloads through the Unix SOCKS socket with isolation credentials', async () => {
    const ranged = await tornet().fetchThroughSocks({
      client: 'downloader',
      via: 'unix',
      url: `${onionUrl}/file.bin`,
      username: 'share-a',
      password: 'x',
      range: { start: 4 * MiB },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes ${4 * MiB}-${payload.length - 1}/${payload.length}`);
    expect(ranged.body.equals(payload.subarray(4 * MiB))).toBe(true);

    const cut = await tornet().fetchThroughSocks({ client: 'downloader', url: `${onionUrl}/file.bin`, username: 'share-b', password: 'x', abortAfterBytes: MiB });
    expect(cut.aborted).toBe(true);
    expect(cut.body.equals(payload.subarray(0, MiB))).toBe(true);
  });

  it('restarts the downloader tor on its DataDirectory and fetches through it again', async () => {
    const downloader = tornet().client('downloader');
    const oldPid = downloader.pid;
    const t0 = Date.now();
    await downloader.restart({ signal: 'SIGKILL' });
    const restartMs = Date.now() - t0;
    expect(isPidAlive(oldPid)).toBe(false);
    expect(downloader.pid).not.toBe(oldPid);
    const res = await tornet().fetchThroughSocks({ client: 'downloader', url: `${onionUrl}/file.bin`, range: { start: 0, end: 1023 }, retry: { forMs: 30_000 } });
    expect(res.status).toBe(206);
    expect(res.body.equals(payload.subarray(0, 1024))).toBe(true);
    console.log(`[tornet] downloader restart to bootstrap 100 %: ${restartMs} ms; fetch after restart ${res.timings.totalMs} ms`);
  }, 90_000);

  it('stop() leaves no tor process and no folder behind', async () => {
    const n = tornet();
    const pids = n.pids();
    expect(pids).toHaveLength(6);
    await n.stop();
    expect(pids.filter(isPidAlive)).toEqual([]);
    expect(existsSync(n.dir)).toBe(false);
  });
});

describe('private Tor network harness, failing start', () => {
  it('names the step that ran out of time, shows the tor log, and leaves no tor behind', async () => {
    const before = new Set(livePids());
    const error = await startTorNet({ deadlineMs: 4_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TorNetError);
    const failure = error as TorNetError;
    // The authorities need about 10 s for their first full consensus.
    expect(['control-socket', 'consensus']).toContain(failure.step);
    expect(failure.message).toMatch(/step "(control-socket|consensus)" failed/);
    // A log line of any severity: a short log starts with tor's start-up [warn]s.
    expect(failure.message).toMatch(/--- last lines of auth\d's tor log ---\n.* \[(notice|warn|err)\] /);
    expect(livePids().filter((pid) => !before.has(pid))).toEqual([]);
  });
});
