// Whole shares through the onion-grater test proxy in front of a real tor,
// as on Whonix: with the stock 40_onionshare.yml (public and private shares
// work; a public share with a known key is refused, and said so), and with
// the project's own profile (every form the app sends works).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { startOnionGrater, type OnionGraterProxy } from '../../fixtures/onion-grater/onion-grater';
import type { TorLink } from '../../../electron/core/tor/link-types';
import { refusedCommandOf } from '../../../electron/core/tor/link-errors';
import { TorControlError } from '../../../electron/core/tor/errors';
import { generateClientAuthKeys, generateOnionKey } from '../../../electron/core/tor/onion-keys';
import { emptyRoot, isLiveOnTor, linkTo } from './link-helpers';
import { STOCK_ONIONSHARE_PROFILE } from '../../fixtures/whonix/stock-profile';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const STOCK = readFileSync(STOCK_ONIONSHARE_PROFILE, 'utf8');
const OWN = readFileSync(resolve(repoRoot, 'assets/onion-grater/40_oniondrop.yml'), 'utf8');
const WORKSTATION = '10.152.152.11';

afterAll(stopAllTors);

let tor: TorHandle;
let root: { path: string; dispose(): void };
let dir: string;
let proxy: OnionGraterProxy | undefined;
let link: TorLink | undefined;
beforeAll(async () => {
  tor = await startTor();
  root = emptyRoot();
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-grater-'));
});
afterAll(async () => {
  await tor.dispose();
  root.dispose();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await link?.close();
  await proxy?.close();
  link = undefined;
  proxy = undefined;
});

let n = 0;
async function throughGrater(profile: string): Promise<TorLink> {
  n += 1;
  proxy = await startOnionGrater({
    profile,
    upstream: { path: tor.controlSocketPath as string },
    upstreamCookieFile: tor.cookiePath,
    listen: { path: join(dir, `grater-${n}`) },
    // Plays a Whonix-Workstation: the onion must point there, port alone.
    clientAddress: WORKSTATION,
  });
  link = linkTo(proxy.target, root.path, { commandTimeoutMs: 10_000, publishTimeoutMs: 500 });
  return link;
}

/** onion-grater goes away and comes back at the same place (the link's connection drops). */
async function restartGrater(profile: string): Promise<OnionGraterProxy> {
  const path = proxy?.path as string;
  await proxy?.close();
  proxy = await startOnionGrater({
    profile,
    upstream: { path: tor.controlSocketPath as string },
    upstreamCookieFile: tor.cookiePath,
    listen: { path },
    clientAddress: WORKSTATION,
  });
  return proxy;
}

async function until(ms: number, what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function rewrites(): string[] {
  return (proxy?.log ?? []).filter((l) => l.startsWith('rewrote: ADD_ONION'));
}

describe("through onion-grater with Whonix's stock profile", () => {
  it('connects with NULL authentication and learns what it can', async () => {
    const l = await throughGrater(STOCK);
    await l.connect();
    expect(l.status).toMatchObject({ state: 'connected', authMethod: 'NULL' });
    expect(l.status.version).toMatch(/^0\.4\./);
    // onion-grater always says 100%.
    expect(l.status.bootstrap?.progress).toBe(100);
    // GETINFO net/listeners/socks is filtered: the SOCKS endpoint is a guess, and said so.
    expect(l.status.socksWhy).toMatch(/guess/);
    expect(proxy?.log.some((e) => e.startsWith('filtered: GETINFO net/listeners/socks'))).toBe(true);
  });

  it('adds a public and a private share pointed at the Workstation, and removes them', async () => {
    const l = await throughGrater(STOCK);
    const auth = generateClientAuthKeys();
    const pub = await l.addOnion({ port: 17620, key: null, clientAuth: null, label: 'public' });
    const priv = await l.addOnion({ port: 17621, key: null, clientAuth: auth, label: 'private' });
    expect(rewrites()).toEqual([
      `rewrote: ADD_ONION NEW:ED25519-V3 Port=80,17620 => ADD_ONION NEW:ED25519-V3 Port=80,${WORKSTATION}:17620`,
      `rewrote: ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,17621 ClientAuthV3=${auth.publicKey} => ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,${WORKSTATION}:17621 ClientAuthV3=${auth.publicKey}`,
    ]);
    // SETEVENTS HS_DESC passes; nothing is published without network: "unknown", no warning.
    expect(pub.warnings).toEqual([]);
    expect(pub.publishedKnown).toBe(false);
    if (!pub.key || !priv.key) throw new Error('the stock profile passes the new keys through');
    expect(await isLiveOnTor({ path: tor.controlSocketPath as string }, tor.cookiePath, pub.key)).toBe(true);
    await pub.remove();
    await priv.remove();
    // onions/current passes: no warning about the check after DEL_ONION.
    expect(pub.warnings).toEqual([]);
    expect(await isLiveOnTor({ path: tor.controlSocketPath as string }, tor.cookiePath, pub.key)).toBe(false);
    expect(await isLiveOnTor({ path: tor.controlSocketPath as string }, tor.cookiePath, priv.key)).toBe(false);
  });

  it('brings a private share back with its key at the same address', async () => {
    const l = await throughGrater(STOCK);
    const auth = generateClientAuthKeys();
    const first = await l.addOnion({ port: 17622, key: null, clientAuth: auth, label: 'private' });
    await first.remove();
    const again = await l.addOnion({ port: 17622, key: first.key, clientAuth: auth, label: 'private again' });
    expect(again.serviceId).toBe(first.serviceId);
  });

  it('refuses a public share with a known key, and says the filter refused ADD_ONION', async () => {
    const l = await throughGrater(STOCK);
    const error = await l
      .addOnion({ port: 17623, key: generateOnionKey().key, clientAuth: null, label: 'public, scheduled' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TorControlError);
    expect(error).toMatchObject({ code: 510, filtered: true, commandName: 'ADD_ONION' });
    expect(refusedCommandOf(error)).toBe('ADD_ONION');
    // The refusal did not break the connection.
    expect((await l.addOnion({ port: 17623, key: null, clientAuth: null, label: 'public' })).serviceId).toMatch(/^[a-z2-7]{56}$/);
  });

  it('refuses a port outside 17600-17659 (the filter answers, the link reports it)', async () => {
    const l = await throughGrater(STOCK);
    const error = await l.addOnion({ port: 8080, key: null, clientAuth: null, label: 'x' }).catch((e: unknown) => e);
    expect(refusedCommandOf(error)).toBe('ADD_ONION');
  });
});

describe("through onion-grater with the project's own profile", () => {
  it('allows every form the app sends, each pointed at the Workstation', async () => {
    const l = await throughGrater(OWN);
    await l.connect();
    expect(l.status.warnings).toEqual([]);
    const auth = generateClientAuthKeys();
    const made = generateOnionKey();
    const pubNew = await l.addOnion({ port: 17630, key: null, clientAuth: null, label: 'a' });
    const privNew = await l.addOnion({ port: 17631, key: null, clientAuth: auth, label: 'b' });
    const pubKnown = await l.addOnion({ port: 17632, key: made.key, clientAuth: null, label: 'c' });
    const privKnown = await l.addOnion({ port: 17633, key: generateOnionKey().key, clientAuth: auth, label: 'd' });
    expect(pubKnown.serviceId).toBe(made.serviceId);
    expect(rewrites()).toHaveLength(4);
    for (const r of rewrites()) expect(r).toMatch(new RegExp(`=> ADD_ONION \\S+( Flags=V3Auth)? Port=80,${WORKSTATION}:176\\d\\d`));
    for (const o of [pubNew, privNew, pubKnown, privKnown]) {
      expect(o.warnings).toEqual([]);
      await o.remove();
      expect(o.warnings).toEqual([]);
    }
    // Nothing the app sent was filtered.
    expect(proxy?.log.filter((e) => e.startsWith('filtered:'))).toEqual(['filtered: GETINFO net/listeners/socks']);
  });

  it('a public share survives its re-add after a reconnect (the stock profile cannot do this)', async () => {
    const l = await throughGrater(OWN);
    const onion = await l.addOnion({ port: 17634, key: null, clientAuth: null, label: 'public' });
    const restarted = await restartGrater(OWN);
    await until(15_000, 'back', () => onion.state.kind === 'published' && restarted.log.some((e) => e.startsWith('rewrote: ADD_ONION ED25519-V3:')));
    if (!onion.key) throw new Error('key kept');
    expect(await isLiveOnTor({ path: tor.controlSocketPath as string }, tor.cookiePath, onion.key)).toBe(true);
  });
});

describe('after a reconnect through the stock profile', () => {
  it('a private share comes back; a public one fails, naming the refused ADD_ONION', async () => {
    const l = await throughGrater(STOCK);
    const pub = await l.addOnion({ port: 17640, key: null, clientAuth: null, label: 'public' });
    const priv = await l.addOnion({ port: 17641, key: null, clientAuth: generateClientAuthKeys(), label: 'private' });
    await restartGrater(STOCK);
    await until(15_000, 'settled', () => pub.state.kind === 'failed' && priv.state.kind === 'published');
    expect(pub.state.kind === 'failed' && refusedCommandOf(pub.state.error)).toBe('ADD_ONION');
    if (!priv.key || !pub.key) throw new Error('keys kept');
    expect(await isLiveOnTor({ path: tor.controlSocketPath as string }, tor.cookiePath, priv.key)).toBe(true);
    expect(await isLiveOnTor({ path: tor.controlSocketPath as string }, tor.cookiePath, pub.key)).toBe(false);
  });
});

describe('tor restarted behind onion-grater (the app stays connected to the filter)', () => {
  it('the link notices the onions are gone (onions/current) and adds them again at the same addresses', async () => {
    const own = await startTor();
    try {
      n += 1;
      proxy = await startOnionGrater({
        profile: OWN,
        upstream: { path: own.controlSocketPath as string },
        upstreamCookieFile: own.cookiePath,
        listen: { path: join(dir, `grater-${n}`) },
        clientAddress: WORKSTATION,
      });
      link = linkTo(proxy.target, root.path, { commandTimeoutMs: 10_000, publishTimeoutMs: 300, watchIntervalMs: 300 });
      const pub = await link.addOnion({ port: 17650, key: null, clientAuth: null, label: 'public' });
      const priv = await link.addOnion({ port: 17651, key: null, clientAuth: generateClientAuthKeys(), label: 'private' });
      const states: string[] = [];
      pub.onState((s) => states.push(s.kind));
      if (!pub.key || !priv.key) throw new Error('keys kept');

      await own.stop();
      const again = await startTor({ baseDir: own.baseDir });
      const c = { path: again.controlSocketPath as string };
      await until(20_000, 'both back on tor', () => states.includes('reconnecting') && pub.state.kind === 'published' && priv.state.kind === 'published');
      expect(await isLiveOnTor(c, again.cookiePath, pub.key)).toBe(true);
      expect(await isLiveOnTor(c, again.cookiePath, priv.key)).toBe(true);
      // The app's connection to onion-grater never dropped.
      expect(proxy.log.filter((e) => e.startsWith('connected:'))).toHaveLength(1);
      expect(proxy.log.some((e) => e.startsWith('successfully recovered'))).toBe(true);
      await link.close();
      link = undefined;
      await again.dispose();
    } finally {
      await own.dispose();
    }
  });
});
