// Whonix-shaped topology over a private Tor network (plain Node, root, iproute2):
// the root namespace plays the Whonix-Gateway (tor + onion-grater proxy on
// 10.152.152.10:9051), a network namespace plays the Workstation
// (10.152.152.11) running the built `oniondrop share` CLI with Whonix markers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startOnionGrater, type OnionGraterProxy } from '../../fixtures/onion-grater/onion-grater';
import { base32Decode } from '../../../electron/core/tor/onion-keys';
import { startTorNet, type TorNet } from '../../tornet';
import { STOCK_ONIONSHARE_PROFILE } from '../../fixtures/whonix/stock-profile';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../../..');
const GATEWAY_IP = '10.152.152.10';
const WORKSTATION_IP = '10.152.152.11';
const STOCK_PROFILE = STOCK_ONIONSHARE_PROFILE;
const OWN_PROFILE = resolve(repoRoot, 'assets/onion-grater/40_oniondrop.yml');

type Name = 'gateway' | 'downloader';

const tag = randomBytes(3).toString('hex');
const ns = `od-ws-${tag}`;
const vethRoot = `odgw${tag}`; // 10 chars: interface names are limited to 15
const vethWs = `odws${tag}`;

let net: TorNet<Name> | undefined;
let dir = '';
let cli = '';
let nsMade = false;
let vethMade = false;
const children = new Set<ChildProcess>();

/** Names the step that failed and shows the gateway tor's last log lines. */
class StepError extends Error {
  readonly kind = 'step-failed' as const;
  constructor(
    readonly step: string,
    readonly detail: string,
  ) {
    super(`step "${step}" failed: ${detail}`);
    this.name = 'StepError';
  }
}

function tornet(): TorNet<Name> {
  if (!net) throw new Error('the private Tor network did not start');
  return net;
}

function gatewayLog(): string {
  return net ? `--- gateway tor, last lines ---\n${net.clients.gateway.logTail(25)}` : '(tor network not started)';
}

async function step<T>(name: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new StepError(name, `${detail}\n${gatewayLog()}`);
  } finally {
    clearTimeout(timer);
  }
}

async function ip(...args: string[]): Promise<string> {
  return (await run('ip', args)).stdout;
}

async function removeTopology(): Promise<void> {
  // Deleting the namespace destroys the veth end inside it and with it the pair;
  // the explicit delete covers a pair whose end never moved into the namespace.
  if (nsMade) await ip('netns', 'del', ns).catch(() => undefined);
  if (vethMade) await ip('link', 'del', vethRoot).catch(() => undefined);
  nsMade = false;
  vethMade = false;
}

async function makeTopology(): Promise<void> {
  const taken = await ip('-o', 'addr', 'show', 'to', `${GATEWAY_IP}/32`);
  if (taken.trim() !== '') throw new Error(`${GATEWAY_IP} is already configured (another run left it?): ${taken}`);
  await ip('netns', 'add', ns);
  nsMade = true;
  await ip('link', 'add', vethRoot, 'type', 'veth', 'peer', 'name', vethWs);
  vethMade = true;
  await ip('link', 'set', vethWs, 'netns', ns);
  await ip('addr', 'add', `${GATEWAY_IP}/24`, 'dev', vethRoot);
  await ip('link', 'set', vethRoot, 'up');
  await ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${WORKSTATION_IP}/24`, 'dev', vethWs);
  await ip('netns', 'exec', ns, 'ip', 'link', 'set', vethWs, 'up');
  await ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-whonix-topology-'));
  try {
    await step('build the CLI', 60_000, async () => {
      cli = join(dir, 'cli.cjs');
      await run('npx', ['esbuild', 'electron/cli.ts', '--bundle', '--platform=node', '--target=node20', '--format=cjs', `--outfile=${cli}`, '--log-level=warning'], {
        cwd: repoRoot,
      });
    });
    await step('make the Workstation namespace and veth pair', 20_000, makeTopology);
    net = await startTorNet({ clients: ['gateway', 'downloader'], onLog: (line) => console.log(line) });
    console.log(`[whonix-topology] network up: ${JSON.stringify(net.timings)}`);
  } catch (error) {
    await removeTopology();
    throw error;
  }
}, 180_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await net?.stop();
  await removeTopology();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** Environment of a Whonix-Workstation: markers under ONIONDROP_ROOT, tor behind onion-grater on the Gateway. */
function workstationEnv(label: string): Record<string, string> {
  const root = join(dir, `${label}-root`);
  for (const marker of ['usr/share/whonix/marker', 'usr/share/anon-ws-base-files/workstation']) {
    mkdirSync(join(root, marker, '..'), { recursive: true });
    writeFileSync(join(root, marker), '');
  }
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ONIONDROP_ROOT: root,
    HOME: join(dir, `${label}-home`),
    XDG_DATA_HOME: join(dir, `${label}-data`),
    TOR_CONTROL_HOST: GATEWAY_IP,
    TOR_CONTROL_PORT: '9051',
    // Whonix-Workstation names the Gateway's SOCKS port too (for Tor Browser), so
    // the app has no reason to ask tor for it. `share` never uses SOCKS, so
    // nothing needs to listen there.
    TOR_SOCKS_HOST: GATEWAY_IP,
    TOR_SOCKS_PORT: '9150',
    ONIONDROP_TOR_PUBLISH_TIMEOUT: '30',
  };
}

interface Running {
  child: ChildProcess;
  output: () => string;
  waitFor: (re: RegExp, ms: number) => Promise<string>;
  exited: Promise<number | null>;
}

/** Runs the CLI inside the Workstation namespace. `ip netns exec` execs node in place, so the pid is node's. */
function runInWorkstation(args: string[], env: Record<string, string>): Running {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      children.delete(child);
      r(code);
    }),
  );
  const waitFor = async (re: RegExp, ms: number): Promise<string> => {
    const deadline = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > deadline) throw new Error(`never saw ${re}; output:\n${out}`);
      if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}) before printing ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return out;
  };
  return { child, output: () => out, waitFor, exited };
}

type Visibility = 'public' | 'private';

/** Gives the downloader tor a private share's client-auth key, as a visitor's Tor Browser would get it. */
async function addClientAuth(id: string, privateKey: string): Promise<void> {
  const control = await tornet().clients.downloader.control();
  try {
    const raw = base32Decode(privateKey);
    await control.command(`ONION_CLIENT_AUTH_ADD ${id} x25519:${raw.toString('base64')}`);
    raw.fill(0);
  } finally {
    control.close();
  }
}

async function shareThroughProfile(label: string, profilePath: string, visibility: Visibility): Promise<void> {
  const started = Date.now();
  const proxy: OnionGraterProxy = await step(`${label}: start the onion-grater proxy`, 10_000, () =>
    startOnionGrater({
      profile: readFileSync(profilePath, 'utf8'),
      upstream: { path: tornet().clients.gateway.controlSocketPath },
      upstreamCookieFile: tornet().clients.gateway.cookiePath,
      listen: { host: GATEWAY_IP, port: 9051 },
    }),
  );
  let share: Running | undefined;
  try {
    const env = workstationEnv(label);
    const detect = runInWorkstation(['detect'], env);
    const detectCode = await step(`${label}: oniondrop detect in the Workstation`, 20_000, () => detect.exited);
    expect(detectCode, detect.output()).toBe(0);
    expect(detect.output()).toMatch(/^system\s+Whonix-Workstation$/m);
    expect(detect.output()).toMatch(/listen address\s+0\.0\.0\.0 /);

    const src = join(dir, `${label}-src`);
    mkdirSync(src);
    const data = randomBytes(250_000);
    writeFileSync(join(src, 'report.pdf'), data);
    const flags = visibility === 'public' ? ['--public'] : [];
    share = runInWorkstation(['share', ...flags, '--no-stop-after-first', join(src, 'report.pdf')], env);
    const running = share;
    const text = await step(`${label}: the CLI publishes the share`, 60_000, () => running.waitFor(/Ctrl-C stops/, 59_000));
    const id = /Address: http:\/\/([a-z2-7]{56})\.onion/.exec(text)?.[1];
    expect(id, text).toBeDefined();
    const published = Date.now();
    const privateKey = /Private key: ([A-Z2-7]{52})/.exec(text)?.[1];
    if (visibility === 'public') expect(privateKey, text).toBeUndefined();
    else {
      expect(privateKey, text).toBeDefined();
      await step(`${label}: give the downloader tor the client-auth key`, 10_000, () => addClientAuth(id ?? '', privateKey ?? ''));
    }

    const rewrite = proxy.log.find((l) => l.startsWith('rewrote:') && l.includes('ADD_ONION'));
    expect(rewrite, proxy.log.join('\n')).toMatch(new RegExp(`=> ADD_ONION .*Port=80,${WORKSTATION_IP.replace(/\./g, '\\.')}:176[0-5]\\d`));
    const port = new RegExp(`${WORKSTATION_IP.replace(/\./g, '\\.')}:(176[0-5]\\d)`).exec(rewrite ?? '')?.[1];

    const ss = await run('ip', ['netns', 'exec', ns, 'ss', '-Hltnp']);
    expect(ss.stdout).toMatch(new RegExp(`0\\.0\\.0\\.0:${port}\\s.*pid=${share.child.pid}`));

    const got = await step(`${label}: download through the downloader tor`, 90_000, () =>
      tornet().fetchThroughSocks({ client: 'downloader', url: `http://${id}.onion/download/report.pdf`, timeoutMs: 60_000, retry: { forMs: 60_000, everyMs: 1000 } }),
    );
    expect(got.status).toBe(200);
    expect(got.body.equals(data)).toBe(true);

    share.child.kill('SIGINT');
    const code = await step(`${label}: Ctrl-C stops the CLI`, 20_000, () => running.exited);
    expect(code, share.output()).toBe(0);
    expect(share.output()).toMatch(/Share stopped\./);
    expect(proxy.log.some((l) => l.startsWith('allowed:') && l.includes(`DEL_ONION ${id}`)), proxy.log.join('\n')).toBe(true);
    // Every command the app sent was one the profile allows: nothing answered 510.
    expect(proxy.log.filter((l) => l.startsWith('filtered:')), proxy.log.join('\n')).toEqual([]);
    console.log(`[whonix-topology] ${label}: published after ${published - started} ms, whole round ${Date.now() - started} ms`);
  } finally {
    if (share && share.child.exitCode === null) share.child.kill('SIGKILL');
    await proxy.close();
  }
}

describe('a share from a Whonix-shaped Workstation namespace through onion-grater on the Gateway', () => {
  it("Whonix's stock 40_onionshare.yml profile: a public share is reachable and downloads intact", async () => {
    await shareThroughProfile('stock-public', STOCK_PROFILE, 'public');
  }, 150_000);

  it("Whonix's stock 40_onionshare.yml profile: a private share downloads intact with its client-auth key", async () => {
    await shareThroughProfile('stock-private', STOCK_PROFILE, 'private');
  }, 150_000);

  it("the project's own 40_oniondrop.yml profile: a public share is reachable and downloads intact", async () => {
    await shareThroughProfile('own-public', OWN_PROFILE, 'public');
  }, 150_000);

  it("the project's own 40_oniondrop.yml profile: a private share downloads intact with its client-auth key", async () => {
    await shareThroughProfile('own-private', OWN_PROFILE, 'private');
  }, 150_000);
});
