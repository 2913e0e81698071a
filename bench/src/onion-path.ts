// Onion-path comparison (issue 8): one file through a private Tor network, served by OnionDrop and by nginx (plain Node).
// Both servers run on loopback and both onions are added the same way (ADD_ONION on the
// network's "gateway" tor, by the test harness); the "downloader" tor fetches through its
// SOCKS port. So the only difference between the two rows is the web server behind the onion.
import { mkdirSync, linkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTorNet, type PublishedOnion, type TorNet } from '../../test/tornet';
import { makeFileDataSet, warmRead } from './datasets';
import { BenchError } from './errors';
import type { OnionPathResult } from './results';
import { launchNginx, launchOnionDrop, stopServer, type RunningServer } from './servers';

export interface OnionPathOptions {
  readonly cliPath: string;
  readonly work: string;
  readonly runs: number;
  readonly log: (msg: string) => void;
  readonly fileBytes?: number;
}

const MiB = 1024 * 1024;

/**
 * One timed download through the downloader tor, on a circuit of its own
 * (`isolation` is the SOCKS username), so no single path through the network
 * decides a server's figure. Bytes per second from the moment the circuit is
 * up (SOCKS connected) to the last byte: the transfer, not circuit building.
 */
async function timedFetch(net: TorNet<'gateway' | 'downloader'>, url: string, expectedBytes: number, isolation: string): Promise<number> {
  const called = performance.now();
  const res = await net.openThroughSocks({ client: 'downloader', url, username: isolation, retry: { forMs: 30_000 }, timeoutMs: 30 * 60_000 });
  const started = called + res.timings.connectedMs;
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    res.body.on('data', (c: Buffer) => (bytes += c.length));
    res.body.once('end', resolve);
    res.body.once('error', reject);
    res.body.once('aborted', () => reject(new BenchError('onion', `download of ${url} was cut after ${bytes} bytes`)));
  });
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 200 || bytes !== expectedBytes) {
    throw new BenchError('onion', `GET ${url} through the onion: HTTP ${res.status}, ${bytes} bytes (expected 200 and ${expectedBytes})`);
  }
  return bytes / seconds;
}

export async function runOnionPath(o: OnionPathOptions): Promise<OnionPathResult> {
  const fileBytes = o.fileBytes ?? 100 * MiB;
  const root = join(o.work, 'onion');
  const ds = makeFileDataSet('file-large', join(root, 'data'), fileBytes);
  const www = join(root, 'www');
  mkdirSync(www, { recursive: true });
  linkSync(ds.sharePath, join(www, 'file.bin'));

  const sandbox = join(root, 'sandbox');
  mkdirSync(sandbox, { recursive: true });
  let net: TorNet<'gateway' | 'downloader'> | undefined;
  const servers: RunningServer[] = [];
  const onions: PublishedOnion[] = [];
  try {
    o.log('starting the private Tor network (4 authorities, gateway, downloader)');
    net = await startTorNet({ onLog: (line) => o.log(line), deadlineMs: 180_000 });
    const od = await launchOnionDrop(o.cliPath, ds, join(sandbox, 'oniondrop'), 60_000);
    servers.push(od);
    const ng = await launchNginx(www, 'file.bin', join(sandbox, 'nginx'));
    servers.push(ng);
    const targets = [
      { name: 'oniondrop' as const, server: od, path: new URL(od.downloadUrl).pathname },
      { name: 'nginx' as const, server: ng, path: '/file.bin' },
    ];
    const urls = new Map<'oniondrop' | 'nginx', string>();
    for (const t of targets) {
      const onion = await net.publishOnion({ client: 'gateway', targetPort: Number(new URL(t.server.baseUrl).port), timeoutMs: 90_000 });
      onions.push(onion);
      // First fetch after ADD_ONION often fails at the SOCKS level; get the circuit up untimed.
      await net.fetchThroughSocks({ client: 'downloader', url: `${onion.url}/`, retry: { forMs: 60_000 }, timeoutMs: 90_000 });
      urls.set(t.name, `${onion.url}${t.path}`);
      o.log(`${t.name} reachable at ${onion.hostname.slice(0, 8)}….onion`);
    }
    const result = { oniondrop: [] as number[], nginx: [] as number[] };
    for (let i = 0; i < o.runs; i++) {
      // Alternate the order so drift in the network (or the machine's load) hits both alike.
      const order = i % 2 === 0 ? (['oniondrop', 'nginx'] as const) : (['nginx', 'oniondrop'] as const);
      for (const name of order) {
        warmRead(ds.files);
        const bps = await timedFetch(net, urls.get(name) ?? '', fileBytes, `bench-${name}-${i}`);
        result[name].push(bps);
        o.log(`onion path ${name} #${i + 1}: ${(bps / 1e6).toFixed(1)} MB/s`);
      }
    }
    return {
      fileBytes,
      runs: o.runs,
      oniondropBytesPerSecond: result.oniondrop,
      nginxBytesPerSecond: result.nginx,
      note: `Both onions were added with ADD_ONION on the network's gateway tor and fetched by its downloader tor (HTTP over SOCKS5, one stream at a time, each on a fresh circuit, ${o.runs} run(s) each, alternating order); time counts from the circuit being up (SOCKS connected) to the last byte. Tor itself is the bottleneck here, so the ratio mostly shows whether the server keeps tor's stream fed.`,
    };
  } finally {
    for (const onion of onions) await onion.remove().catch(() => undefined);
    for (const s of servers) await stopServer(s);
    if (net !== undefined) await net.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
