// The tor link against a real, networkless tor: shares keep their address
// when re-added with their key, DEL_ONION really removes them, publication
// times out into "unknown" (no network), and when tor is killed and started
// again on the same DataDirectory the link reconnects by itself and the same
// addresses are back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import type { OnionState, PublishedOnion, TorLink } from '../../../electron/core/tor/link-types';
import { TorControlError } from '../../../electron/core/tor/errors';
import { generateClientAuthKeys, generateOnionKey } from '../../../electron/core/tor/onion-keys';
import { emptyRoot, eventually, isLiveOnTor, linkTo, within } from './link-helpers';

afterAll(stopAllTors);

let tor: TorHandle;
let root: { path: string; dispose(): void };
let link: TorLink | undefined;
beforeAll(async () => {
  tor = await startTor();
  root = emptyRoot();
});
afterAll(async () => {
  await tor.dispose();
  root.dispose();
});
afterEach(async () => {
  await link?.close();
  link = undefined;
});

function control(): { path: string } {
  return { path: tor.controlSocketPath as string };
}

function open(overrides: Parameters<typeof linkTo>[2] = {}): TorLink {
  link = linkTo(control(), root.path, { commandTimeoutMs: 10_000, publishTimeoutMs: 800, ...overrides });
  return link;
}

async function live(onion: PublishedOnion): Promise<boolean> {
  if (!onion.key) throw new Error('no key');
  return isLiveOnTor(control(), tor.cookiePath, onion.key);
}

describe('onion services on a real tor', () => {
  it('connects with cookie authentication and says where tor was found and why', async () => {
    const l = open();
    await l.connect();
    expect(l.status).toMatchObject({
      state: 'connected',
      source: { kind: 'config', label: `unix:${tor.controlSocketPath}` },
      authMethod: 'SAFECOOKIE',
      ownTorPid: null,
    });
    expect(l.status.source?.why).toContain('tor.control_socket');
    expect(l.status.version).toMatch(/^0\.4\.\d+\.\d+$/);
    // Networkless: tor reports its real, unfinished bootstrap.
    expect(l.status.bootstrap?.progress).toBeLessThan(100);
  });

  it('adds a public share, reports the steps, and with no network says tor is not on the Tor network yet, with its progress', async () => {
    const l = open();
    const steps: string[] = [];
    const started = Date.now();
    const onion = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'public' }, (s) => steps.push(s));
    expect(steps).toEqual(['adding-onion', 'publishing']);
    expect(onion.serviceId).toMatch(/^[a-z2-7]{56}$/);
    expect(onion.key?.type).toBe('ED25519-V3');
    expect(onion.publishedKnown).toBe(false);
    // Not "a filter hides it": tor itself says it is not connected to the Tor network.
    expect(onion.state).toMatchObject({ kind: 'published', publication: { kind: 'offline' } });
    const publication = onion.publication;
    expect(publication.kind === 'offline' && publication.bootstrap.progress).toBeLessThan(100);
    expect(publication.kind === 'offline' && publication.bootstrap.summary).not.toBe('');
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(onion.warnings).toEqual([]);
    expect(await live(onion)).toBe(true);
  });

  it('re-adds a public and a private share with their keys at the same addresses', async () => {
    const l = open();
    const auth = generateClientAuthKeys();
    const pub = await l.addOnion({ port: 17601, key: null, clientAuth: null, label: 'public' });
    const priv = await l.addOnion({ port: 17602, key: null, clientAuth: auth, label: 'private' });
    const pubKey = pub.key;
    const privKey = priv.key;
    await pub.remove();
    await priv.remove();
    const pubAgain = await l.addOnion({ port: 17601, key: pubKey, clientAuth: null, label: 'public again' });
    const privAgain = await l.addOnion({ port: 17602, key: privKey, clientAuth: auth, label: 'private again' });
    expect(pubAgain.serviceId).toBe(pub.serviceId);
    expect(privAgain.serviceId).toBe(priv.serviceId);
    expect(pubAgain.key).toEqual(pubKey);
  });

  it('takes an app-made key, whose address is known before tor sees it', async () => {
    const l = open();
    const made = generateOnionKey();
    const onion = await l.addOnion({ port: 17603, key: made.key, clientAuth: generateClientAuthKeys(), label: 'scheduled' });
    expect(onion.serviceId).toBe(made.serviceId);
    expect(onion.key).toEqual(made.key);
  });

  it('removes a share for real: tor no longer has it, and onions/current agrees', async () => {
    const l = open();
    const onion = await l.addOnion({ port: 17604, key: null, clientAuth: null, label: 'x' });
    expect(await live(onion)).toBe(true);
    const states: OnionState[] = [];
    onion.onState((s) => states.push(s));
    await onion.remove();
    expect(states).toEqual([{ kind: 'removed' }]);
    expect(onion.warnings).toEqual([]);
    expect(await live(onion)).toBe(false);
    await onion.remove(); // twice is harmless
  });

  it("passes tor's refusals on as typed errors (the same key added twice: 550)", async () => {
    const l = open();
    const made = generateOnionKey();
    await l.addOnion({ port: 17605, key: made.key, clientAuth: null, label: 'x' });
    const error = await l.addOnion({ port: 17605, key: made.key, clientAuth: null, label: 'x again' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TorControlError);
    expect(error).toMatchObject({ code: 550, commandName: 'ADD_ONION', filtered: false, replyText: 'Onion address collision' });
    // The key never appears in the error.
    expect(JSON.stringify(error) + String(error)).not.toContain(made.key.blob);
    // The link is still fine.
    expect((await l.addOnion({ port: 17605, key: null, clientAuth: null, label: 'y' })).serviceId).toMatch(/^[a-z2-7]{56}$/);
  });

  it('close() removes every share and leaves tor running', async () => {
    const l = open();
    const a = await l.addOnion({ port: 17606, key: null, clientAuth: null, label: 'a' });
    const b = await l.addOnion({ port: 17607, key: null, clientAuth: generateClientAuthKeys(), label: 'b' });
    await l.close();
    link = undefined;
    expect(a.state).toEqual({ kind: 'removed' });
    expect(b.state).toEqual({ kind: 'removed' });
    expect(await live(a)).toBe(false);
    expect(await live(b)).toBe(false);
    await expect(l.addOnion({ port: 17606, key: null, clientAuth: null, label: 'c' })).rejects.toMatchObject({
      kind: 'onion',
      problem: 'link-closed',
    });
  });
});

describe('tor killed and started again on the same DataDirectory', () => {
  it('the link reconnects by itself and both shares are back at the same addresses', async () => {
    const restartable = await startTor();
    try {
      const c = { path: restartable.controlSocketPath as string };
      // Starting an own tor is allowed, as by default outside Whonix: it must
      // still wait for the tor that went away, never move the shares to one of its own.
      const own = mkdtempSync(join(tmpdir(), 'oniondrop-own-'));
      const l = linkTo(c, root.path, {
        commandTimeoutMs: 10_000,
        publishTimeoutMs: 500,
        backoff: { initialMs: 100, maxMs: 400 },
        ownTor: { allowed: true, dataDir: join(own, 'data'), runtimeDir: join(own, 'run'), startTimeoutMs: 20_000 },
      });
      link = l;
      const auth = generateClientAuthKeys();
      const pub = await l.addOnion({ port: 17610, key: null, clientAuth: null, label: 'public' });
      const priv = await l.addOnion({ port: 17611, key: null, clientAuth: auth, label: 'private' });
      const seen: string[] = [];
      pub.onState((s) => seen.push(s.kind));
      const statuses: string[] = [];
      l.onStatus((s) => statuses.push(s.state));

      await restartable.stop();
      await eventually(5_000, 'reconnecting', () => l.status.state === 'reconnecting' && pub.state.kind === 'reconnecting');
      // A few failed attempts while tor is away, with growing delays.
      await new Promise((r) => setTimeout(r, 600));
      expect(pub.state).toMatchObject({ kind: 'reconnecting' });
      const attempt = pub.state.kind === 'reconnecting' ? pub.state.attempt : 0;
      expect(attempt).toBeGreaterThanOrEqual(2);

      const again = await startTor({ baseDir: restartable.baseDir });
      const c2 = { path: again.controlSocketPath as string };
      expect(c2).toEqual(c);
      await within(20_000, 'both back', eventually(20_000, 'both published', () => pub.state.kind === 'published' && priv.state.kind === 'published'));
      expect(l.status.state).toBe('connected');
      expect(statuses).not.toContain('starting-own');
      expect(l.status).toMatchObject({ source: { kind: 'config' }, ownTorPid: null });
      expect(seen[0]).toBe('reconnecting');
      expect(seen.at(-1)).toBe('published');
      expect(statuses).toContain('reconnecting');
      if (!pub.key || !priv.key) throw new Error('keys kept in memory');
      expect(await isLiveOnTor(c2, again.cookiePath, pub.key)).toBe(true);
      expect(await isLiveOnTor(c2, again.cookiePath, priv.key)).toBe(true);
      await l.close();
      link = undefined;
      expect(await isLiveOnTor(c2, again.cookiePath, pub.key)).toBe(false);
      await again.dispose();
      rmSync(own, { recursive: true, force: true });
    } finally {
      await restartable.dispose();
    }
  });
});
