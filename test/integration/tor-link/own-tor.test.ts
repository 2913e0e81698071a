// The link starting its own tor when nothing answers: status and bootstrap
// events, a share on it, the same address back after that tor dies and is
// started again on the same DataDirectory, never on Whonix, and no tor left
// running afterwards (checked by pid).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTorLink, type TorLinkOptions } from '../../../electron/core/tor/link';
import type { TorLink, TorLinkStatus } from '../../../electron/core/tor/link-types';
import { TorNotFoundError } from '../../../electron/core/tor/autodetect';
import { eventually, isLiveOnTor, NOT_WHONIX } from './link-helpers';
import { isPidAlive } from '../../tornet';
import { startTor, type TorHandle } from '../../helpers/tor-process';

/** Network on (so tor bootstraps and reports it), but its only relay is a closed loopback port. */
const LOOPBACK_ONLY = ['UseBridges 1', 'Bridge 127.0.0.1:1'];

let base: string;
let link: TorLink | undefined;
const pids: number[] = [];
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'oniondrop-own-link-'));
});
afterEach(async () => {
  await link?.close();
  link = undefined;
  for (const pid of pids.splice(0)) expect(isPidAlive(pid), `tor ${pid} outlived the test`).toBe(false);
  rmSync(base, { recursive: true, force: true });
});

function options(overrides: Partial<TorLinkOptions> = {}): TorLinkOptions {
  const root = join(base, 'root');
  return {
    // Nothing configured, nothing in the environment, no system tor under this root.
    detect: { config: {}, env: {}, root },
    platform: NOT_WHONIX,
    ownTor: { allowed: true, dataDir: join(base, 'data'), runtimeDir: join(base, 'run'), extraTorrc: LOOPBACK_ONLY },
    connectTimeoutMs: 1_000,
    commandTimeoutMs: 10_000,
    publishTimeoutMs: 300,
    backoff: { initialMs: 100, maxMs: 500 },
    ...overrides,
  };
}

describe('own tor through the link', () => {
  it('starts it, reports bootstrap, keeps a share across its restart, and stops it on close', async () => {
    const l = createTorLink(options());
    link = l;
    const seen: TorLinkStatus[] = [];
    l.onStatus((s) => seen.push(s));
    await l.connect();

    const states = seen.map((s) => s.state);
    expect(states.slice(0, 2)).toEqual(['connecting', 'starting-own']);
    expect(l.status).toMatchObject({ state: 'connected', source: { kind: 'own' }, authMethod: 'SAFECOOKIE' });
    expect(l.status.source?.why).toMatch(/no tor answered/);
    expect(l.status.socks).toEqual({ path: join(base, 'run', 'tor', 'socks') });
    const firstPid = l.status.ownTorPid as number;
    pids.push(firstPid);
    expect(isPidAlive(firstPid)).toBe(true);
    // Bootstrap reports arrive as status events, with progress past 0.
    await eventually(20_000, 'bootstrap progress', () => (l.status.bootstrap?.progress ?? 0) > 0);
    expect(seen.some((s) => s.bootstrap !== null && s.bootstrap.summary.length > 0)).toBe(true);

    const onion = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'x' });
    if (!onion.key) throw new Error('key kept');

    // Our tor dies (it would also exit if our connection dropped: TAKEOWNERSHIP).
    process.kill(firstPid, 'SIGKILL');
    await eventually(10_000, 'reconnecting', () => onion.state.kind === 'reconnecting');
    await eventually(30_000, 'back', () => onion.state.kind === 'published' && l.status.state === 'connected');
    const secondPid = l.status.ownTorPid as number;
    pids.push(secondPid);
    expect(secondPid).not.toBe(firstPid);
    expect(isPidAlive(firstPid)).toBe(false);
    const control = { path: join(base, 'run', 'tor', 'control') };
    expect(await isLiveOnTor(control, join(base, 'data', 'tor', 'control_auth_cookie'), onion.key)).toBe(true);

    await l.close();
    link = undefined;
    await eventually(5_000, 'tor gone', () => !isPidAlive(secondPid));
    expect(l.status.state).toBe('idle');
  });

  it('never starts a tor on Whonix, and says why', async () => {
    const l = createTorLink(options({ platform: { whonix: 'workstation', markers: ['/usr/share/anon-ws-base-files/workstation'] } }));
    link = l;
    const error = await l.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TorNotFoundError);
    expect((error as TorNotFoundError).refusal).toMatchObject({ reason: 'whonix', role: 'workstation' });
    expect(l.status.state).toBe('unavailable');
    expect(l.status.ownTorPid).toBeNull();
    expect((l.status.error as TorNotFoundError).refusal?.message).toMatch(/Gateway/);
  });

  it('does not start one when the configuration says no', async () => {
    const base2 = options();
    const l = createTorLink({ ...base2, ownTor: { ...(base2.ownTor as NonNullable<TorLinkOptions['ownTor']>), allowed: false } });
    link = l;
    const error = await l.connect().catch((e: unknown) => e);
    expect((error as TorNotFoundError).refusal).toMatchObject({ reason: 'not-allowed' });
    expect(l.status).toMatchObject({ state: 'unavailable', ownTorPid: null });
  });

  it('with tor.connection = own, starts its own even when a running tor answers, and says why', async () => {
    let running: TorHandle | undefined;
    try {
      running = await startTor();
      const base2 = options();
      const own = base2.ownTor as NonNullable<TorLinkOptions['ownTor']>;
      const l = createTorLink({
        ...base2,
        // A running tor the autodetection would find first.
        detect: { config: { controlSocket: running.controlSocketPath as string }, env: {}, root: join(base, 'root') },
        ownTor: { ...own, always: true },
      });
      link = l;
      await l.connect();
      expect(l.status).toMatchObject({ state: 'connected', source: { kind: 'own' } });
      expect(l.status.source?.why).toMatch(/tor\.connection is own/);
      const pid = l.status.ownTorPid as number;
      pids.push(pid);
      expect(pid).not.toBe(running.pid);
    } finally {
      await running?.dispose();
    }
  });
});
