// The control connection against a real tor: order under load, events while
// commands wait, tor's own errors, and tor dying under pending commands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { TorControlConnection, type TorEvent } from '../../../electron/core/tor/connection';
import { TorController } from '../../../electron/core/tor/controller';
import { TorConnectionClosedError, TorControlError } from '../../../electron/core/tor/errors';

afterAll(stopAllTors);

describe('control connection to a real tor', () => {
  let tor: TorHandle;
  let c: TorController;
  beforeAll(async () => {
    // tor opens no SOCKS listener under DisableNetwork, so the network is on
    // but the only relay it may use is a bridge on a closed loopback port.
    tor = await startTor({ socksSocket: true, disableNetwork: false, extra: ['UseBridges 1', 'Bridge 127.0.0.1:1'] });
    c = await TorController.connectAndAuthenticate({ path: tor.controlSocketPath! });
  });
  afterAll(async () => {
    await c.close();
    await tor.dispose();
  });

  it('reads GETINFO values, data replies and the bootstrap phase', async () => {
    expect(await c.getVersion()).toMatch(/^0\.4\.\d+\.\d+/);
    const config = await c.getInfo('config-text');
    expect(config).toContain(`DataDirectory ${tor.dataDir}`);
    expect(config.split('\n').length).toBeGreaterThan(3);
    const boot = await c.getBootstrap();
    expect(boot.progress).toBeGreaterThanOrEqual(0);
    expect(boot.tag.length).toBeGreaterThan(0);
    expect(await c.getSocksListeners()).toEqual([{ path: tor.socksSocketPath }]);
  });

  it('answers 200 pipelined GETINFOs each with its own reply', async () => {
    const keys = ['version', 'config-text', 'status/bootstrap-phase', 'net/listeners/socks'];
    const asked = Array.from({ length: 200 }, (_, i) => keys[i % keys.length] as string);
    const replies = await Promise.all(asked.map((k) => c.send(`GETINFO ${k}`)));
    replies.forEach((r, i) => {
      expect(r.lines[0]?.text.startsWith(`${asked[i]}=`), `reply ${i}`).toBe(true);
    });
  });

  it('routes events to listeners while commands are pending', async () => {
    const events: TorEvent[] = [];
    const off = c.onEvent('CONF_CHANGED', (e) => events.push(e));
    await c.setEvents(['CONF_CHANGED']);
    const pending = [
      c.getVersion(),
      c.send('SETCONF MaxCircuitDirtiness=700'),
      c.getVersion(),
      c.send('SETCONF MaxCircuitDirtiness=800'),
      c.getInfo('status/bootstrap-phase'),
    ];
    const [v1, , v2, , phase] = await Promise.all(pending);
    expect(v1).toMatch(/^0\.4\./);
    expect(v2).toBe(v1);
    expect(phase).toMatch(/BOOTSTRAP/);
    await c.setEvents([]);
    off();
    expect(events.map((e) => e.reply.lines.map((l) => l.text))).toEqual([
      ['CONF_CHANGED', 'MaxCircuitDirtiness=700', 'OK'],
      ['CONF_CHANGED', 'MaxCircuitDirtiness=800', 'OK'],
    ]);
  });

  it("rejects tor's own errors as TorControlError, not as a filter", async () => {
    const unknown = (await c.send('FOO').catch((e: unknown) => e)) as TorControlError;
    expect(unknown).toBeInstanceOf(TorControlError);
    expect(unknown.code).toBe(510);
    expect(unknown.filtered).toBe(false);
    const badKey = (await c.getInfo('no/such/key').catch((e: unknown) => e)) as TorControlError;
    expect(badKey.code).toBe(552);
    expect(c.closed).toBe(false);
  });
});

describe('tor refusing and dying', () => {
  it('answers 514 before authentication and closes', async () => {
    const tor = await startTor();
    const conn = await TorControlConnection.connect({ path: tor.controlSocketPath! });
    const closed = new Promise<TorConnectionClosedError>((resolve) => conn.onClose(resolve));
    const e = (await conn.send('GETINFO version').catch((err: unknown) => err)) as TorControlError;
    expect(e).toBeInstanceOf(TorControlError);
    expect(e.code).toBe(514);
    expect((await closed).reason).toBe('remote');
    await tor.dispose();
  });

  it('rejects every pending command with TorConnectionClosedError when tor is killed', async () => {
    const tor = await startTor();
    const c = await TorController.connectAndAuthenticate({ path: tor.controlSocketPath! });
    const heard: TorConnectionClosedError[] = [];
    c.onClose((e) => heard.push(e));
    // Frozen, tor cannot answer: the commands are surely pending when it dies.
    process.kill(tor.pid, 'SIGSTOP');
    const pending = Array.from({ length: 5 }, () => c.getVersion().catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 100));
    expect(c.connection.pendingCount).toBe(5);
    process.kill(tor.pid, 'SIGKILL');
    for (const result of await Promise.all(pending)) {
      expect(result).toBeInstanceOf(TorConnectionClosedError);
      expect((result as TorConnectionClosedError).reason).toBe('remote');
      expect((result as TorConnectionClosedError).command).toBe('GETINFO version');
    }
    expect(heard).toHaveLength(1);
    expect(c.closed).toBe(true);
    await tor.dispose();
    expect(() => process.kill(tor.pid, 0)).toThrow();
  });
});
