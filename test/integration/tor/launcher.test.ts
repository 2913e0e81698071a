// Our own tor: started with private folders, reports bootstrap, exits with
// its owner, and never outlives the test (checked by pid).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchTor, type OwnTor } from '../../../electron/core/tor/launcher';
import { openTor } from '../../../electron/core/tor/open-tor';
import { TorLaunchError } from '../../../electron/core/tor/errors';
import type { BootstrapStatus } from '../../../electron/core/tor/bootstrap';
import { isPidAlive } from '../../tornet';

/**
 * The network is on so that tor bootstraps and sends STATUS_CLIENT events,
 * but its only relay is a bridge on a closed loopback port: nothing leaves
 * the machine, and bootstrap stops at "Connecting to a relay".
 */
const LOOPBACK_ONLY = ['UseBridges 1', 'Bridge 127.0.0.1:1'];
const NOT_WHONIX = { whonix: null, markers: [] };

let base: string;
const started: OwnTor[] = [];
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'oniondrop-own-'));
});
afterEach(async () => {
  for (const t of started.splice(0)) {
    await t.stop();
    expect(isPidAlive(t.pid), `tor ${t.pid} outlived the test`).toBe(false);
  }
  rmSync(base, { recursive: true, force: true });
});

async function launch(extra: string[], onBootstrap?: (s: BootstrapStatus) => void): Promise<OwnTor> {
  const outcome = await launchTor({
    platform: NOT_WHONIX,
    allowed: true,
    dataDir: join(base, 'data'),
    runtimeDir: join(base, 'run'),
    extraTorrc: extra,
    ...(onBootstrap ? { onBootstrap } : {}),
  });
  if (!outcome.ok) throw new Error(outcome.refusal.message);
  started.push(outcome.tor);
  return outcome.tor;
}

describe('launchTor', () => {
  it('starts tor with private folders, reports bootstrap progress, and stops it by pid', async () => {
    const seen: BootstrapStatus[] = [];
    const tor = await launch(LOOPBACK_ONLY, (s) => seen.push(s));
    expect(isPidAlive(tor.pid)).toBe(true);
    expect(statSync(join(base, 'data', 'tor')).mode & 0o777).toBe(0o700);
    expect(statSync(join(base, 'run', 'tor')).mode & 0o777).toBe(0o700);
    expect(statSync(tor.controlSocket).isSocket()).toBe(true);
    expect(tor.socks).toEqual({ path: join(base, 'run', 'tor', 'socks') });
    expect(tor.controller.authMethod).toBe('SAFECOOKIE');
    expect(await tor.controller.getVersion()).toMatch(/^0\.4\./);

    // the first report comes from GETINFO; STATUS_CLIENT events follow
    expect(seen.length).toBeGreaterThanOrEqual(1);
    const deadline = Date.now() + 20_000;
    while (!seen.some((s) => s.progress > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const past0 = seen.find((s) => s.progress > 0);
    expect(past0).toBeDefined();
    expect(past0?.summary.length).toBeGreaterThan(0);
    expect(tor.bootstrap?.progress).toBeGreaterThan(0);

    const pid = tor.pid;
    await tor.stop();
    expect(isPidAlive(pid)).toBe(false);
    expect(tor.running).toBe(false);
  });

  it('makes tor exit when its owning control connection closes', async () => {
    const tor = await launch(['DisableNetwork 1']);
    const pid = tor.pid;
    await tor.controller.close();
    const exit = await Promise.race([tor.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000))]);
    expect(exit).not.toBe('still running');
    expect(isPidAlive(pid)).toBe(false);
  });

  it('restarts in the same data folder after a stop', async () => {
    const first = await launch(['DisableNetwork 1']);
    await first.stop();
    const second = await launch(['DisableNetwork 1']);
    expect(second.pid).not.toBe(first.pid);
    expect(await second.controller.getVersion()).toMatch(/^0\.4\./);
  });

  it('reports a missing tor binary and a tor that exits at once', async () => {
    const missing = await launchTor({
      platform: NOT_WHONIX,
      allowed: true,
      dataDir: join(base, 'data'),
      runtimeDir: join(base, 'run'),
      torPath: join(base, 'no-tor-here'),
    }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TorLaunchError);
    expect((missing as TorLaunchError).problem).toBe('not-installed');

    const exits = (await launchTor({
      platform: NOT_WHONIX,
      allowed: true,
      dataDir: join(base, 'data'),
      runtimeDir: join(base, 'run'),
      extraTorrc: ['NoSuchTorOption 1'],
    }).catch((e: unknown) => e)) as TorLaunchError;
    expect(exits).toBeInstanceOf(TorLaunchError);
    expect(exits.problem).toBe('exited');
    expect(exits.log.join('\n')).toMatch(/NoSuchTorOption/);
  });
});

describe('openTor with the own-tor fallback', () => {
  it('starts its own tor when no place answers, and says so', async () => {
    const found = await openTor({
      detect: {
        env: {},
        root: join(base, 'empty-root'),
        // keep the well-known ports out: point config and env at dead sockets first
        config: { controlSocket: join(base, 'dead') },
      },
      platform: NOT_WHONIX,
      connectTimeoutMs: 1_000,
      ownTor: {
        allowed: true,
        dataDir: join(base, 'data'),
        runtimeDir: join(base, 'run'),
        extraTorrc: ['DisableNetwork 1'],
      },
    });
    expect(found.ownTor).toBeDefined();
    started.push(found.ownTor!);
    expect(found.source.kind).toBe('own');
    expect(found.attempts.map((a) => a.source.kind)).toEqual(['config', 'system', 'port', 'tor-browser']);
    expect(found.socks).toEqual({ path: join(base, 'run', 'tor', 'socks') });
    expect(existsSync(found.ownTor!.controlSocket)).toBe(true);
  });
});
