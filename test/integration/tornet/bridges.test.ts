// A share from OnionDrop's own tor connected only through an obfs4 bridge, on
// the private Tor network (plain Node, real tors and obfs4proxy on loopback).
// The app reads tor.bridges = custom and the bridge line from its config file,
// its launcher starts tor as the app does (plus the lines that point it at the
// test network instead of the Tor Project's authorities), tor bootstraps
// through the bridge alone, publishes a share, and another tor downloads it
// byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppContext } from '../../../electron/core/app-context';
import { shareModeServer } from '../../../electron/core/modes/share-mode';
import { Session } from '../../../electron/core/session';
import { buildCatalog } from '../../../electron/core/share';
import { createTorLink } from '../../../electron/core/tor/link';
import { torLinkOptionsFromConfig } from '../../../electron/core/tor/link-config';
import type { TorLink } from '../../../electron/core/tor/link-types';
import { shareOptions } from '../../helpers/share-options';
import { ControlConnection, isPidAlive, startTorNet, type TorNet } from '../../tornet';

let net: TorNet<'downloader'> | undefined;
let base = '';
let link: TorLink | undefined;
let session: Session | undefined;
let control: ControlConnection | undefined;

function tornet(): TorNet<'downloader'> {
  if (!net) throw new Error('the private Tor network did not start');
  return net;
}

beforeAll(async () => {
  // One client (the downloader) is enough: the share's side is the app's own tor.
  net = await startTorNet({ clients: ['downloader'], obfs4Bridge: true, onLog: (line) => console.log(line) });
  base = mkdtempSync(join(tmpdir(), 'od-bridge-'));
}, 150_000);

afterAll(async () => {
  control?.close();
  await session?.stop();
  const pid = link?.status.ownTorPid ?? null;
  await link?.close();
  if (pid !== null) expect(isPidAlive(pid), `own tor ${pid} outlived the test`).toBe(false);
  await net?.stop();
  if (base) rmSync(base, { recursive: true, force: true });
}, 30_000);

function logs(): string {
  const n = tornet();
  return `--- bridge ---\n${n.bridge?.logTail(15) ?? ''}\n--- downloader ---\n${n.client('downloader').logTail(10)}`;
}

async function until(what: string, ms: number, test: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms\n${logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('our own tor through an obfs4 bridge', () => {
  it('bootstraps only through the bridge, publishes a share, and another tor downloads it byte for byte', async () => {
    const bridge = tornet().bridge;
    if (!bridge) throw new Error('the network has no bridge');
    // The bridge line is built from the bridge's own pt_state/obfs4_bridgeline.txt.
    expect(bridge.line).toMatch(new RegExp(`^obfs4 127\\.0\\.0\\.1:${bridge.obfs4Port} ${bridge.fingerprint} cert=[A-Za-z0-9+/]{70} iat-mode=0$`));

    // The user's config file, as the Tor settings dialog writes it.
    const home = join(base, 'home');
    const userConf = join(home, '.config', 'oniondrop', 'oniondrop.d');
    mkdirSync(userConf, { recursive: true });
    writeFileSync(join(userConf, '90_gui.conf'), `tor.bridges = custom\ntor.bridge_lines = "# the test network's bridge\\n${bridge.line}"\n`);
    const app = loadAppContext({ root: join(base, 'root'), home, env: { HOME: home, PATH: process.env['PATH'] ?? '' } });
    expect(app.config.warnings).toEqual([]);
    const options = torLinkOptionsFromConfig({
      values: app.config.values,
      origins: app.config.origins,
      env: app.input.env,
      root: app.input.root,
      platform: app.platform,
      dataDir: join(base, 'data'),
      runtimeDir: join(base, 'run'),
    });
    if (!options.ownTor) throw new Error('no own tor');
    // Only the way to this network's authorities is added; the bridges come from the config.
    link = createTorLink({ ...options, ownTor: { ...options.ownTor, extraTorrc: tornet().joinTorrc } });

    const t0 = Date.now();
    const progress: number[] = [];
    link.onStatus((s) => {
      const p = s.bootstrap?.progress;
      if (p !== undefined && p !== progress[progress.length - 1]) progress.push(p);
    });
    await link.connect();
    expect(link.status.source?.kind).toBe('own');
    await until('bootstrap 100 % through the bridge', 90_000, () => link?.status.bootstrap?.progress === 100);
    const bootstrapMs = Date.now() - t0;
    expect(link.status.error).toBeNull();
    // Shown as for plain tor: the link reported the steps on the way, through the transport.
    expect(progress.length).toBeGreaterThan(2);

    // Only through the bridge: tor was told to use bridges, its only OR
    // connection is the bridge, and every circuit starts there.
    control = await ControlConnection.open({ path: join(base, 'run', 'tor', 'control') }, { cookiePath: join(base, 'data', 'tor', 'control_auth_cookie') });
    expect((await control.command('GETCONF UseBridges')).lines[0]?.text).toBe('UseBridges=1');
    const orconns = (await control.getInfo('orconn-status')).split('\n').filter((l) => l.trim() !== '');
    expect(orconns.length).toBeGreaterThan(0);
    for (const line of orconns) expect(line).toMatch(new RegExp(`^\\$${bridge.fingerprint}(~\\S+)? `));
    const relays = new Set(tornet().authorities.map((a) => a.fingerprint));
    const circuits = (await control.getInfo('circuit-status')).split('\n').filter((l) => / BUILT /.test(l));
    expect(circuits.length).toBeGreaterThan(0);
    for (const circuit of circuits) {
      const firstHop = /^\d+ BUILT \$([0-9A-F]{40})/.exec(circuit)?.[1];
      expect(firstHop).toBe(bridge.fingerprint);
      expect(relays.has(firstHop ?? '')).toBe(false);
    }

    // A share, published from the tor behind the bridge.
    const dir = join(base, 'share');
    mkdirSync(dir);
    const data = randomBytes(1_000_000);
    writeFileSync(join(dir, 'report.pdf'), data);
    const opts = shareOptions({ public: true, stopAfterFirstDownload: false });
    session = new Session({
      label: 'bridged share',
      options: opts,
      startServer: shareModeServer(await buildCatalog([join(dir, 'report.pdf')]), opts),
      link,
      platform: app.platform,
      listenHost: app.listen.host,
      portRange: app.portRange,
      keys: app.keys,
    });
    const t1 = Date.now();
    await session.start();
    expect({ state: session.state, problem: session.problem }).toEqual({ state: 'ready', problem: null });
    expect(session.onionInfo?.published).toBe('yes');
    const publishMs = Date.now() - t1;

    const got = await tornet().fetchThroughSocks({
      client: 'downloader',
      url: `${session.onionInfo?.url}/download/report.pdf`,
      retry: { forMs: 60_000 },
      timeoutMs: 90_000,
    });
    expect(got.status).toBe(200);
    expect(got.body.equals(data)).toBe(true);
    console.log(
      `[bridges] own tor at 100 % through the obfs4 bridge ${bootstrapMs} ms after connect (steps ${progress.join(' ')}); ` +
        `share published in ${publishMs} ms; 1 MB downloaded in ${got.timings.totalMs} ms`,
    );
  }, 240_000);
});
