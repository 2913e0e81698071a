// Where the app looks for tor, in which order and why, from a fake
// environment and a fake filesystem root.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTor, listCandidates } from '../../../electron/core/tor/autodetect';
import { launchTor } from '../../../electron/core/tor/launcher';
import { ControlPassword } from '../../../electron/core/tor/password';
import { describeEndpoint } from '../../../electron/core/tor/endpoint';
import { graterLike, startFakeServer, type FakeServer } from './fake-server';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'oniondrop-root-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const WHONIX_CONTROL = '/run/anon-ws-disable-stacked-tor/127.0.0.1_9151.sock';
const WHONIX_SOCKS = '/run/anon-ws-disable-stacked-tor/127.0.0.1_9150.sock';

function summary(list: ReturnType<typeof listCandidates>): string[] {
  return list.candidates.map((c) => `${c.source.kind} ${describeEndpoint(c.control)} socks=${describeEndpoint(c.socks.endpoint)}`);
}

describe('listCandidates', () => {
  it('with nothing set: system tor, then 9051, then Tor Browser', () => {
    const list = listCandidates({ env: {}, root });
    expect(summary(list)).toEqual([
      `system unix:${root}/run/tor/control socks=127.0.0.1:9050`,
      'port 127.0.0.1:9051 socks=127.0.0.1:9050',
      'tor-browser 127.0.0.1:9151 socks=127.0.0.1:9150',
    ]);
    expect(list.candidates.every((c) => c.source.why.length > 0)).toBe(true);
  });

  it("uses Debian's SOCKS socket when it exists", () => {
    mkdirSync(join(root, 'run/tor'), { recursive: true });
    writeFileSync(join(root, 'run/tor/socks'), '');
    expect(listCandidates({ env: {}, root }).candidates[0]?.socks.endpoint).toEqual({ path: join(root, 'run/tor/socks') });
  });

  it('puts config first, then the environment, socket before TCP; IPC path wins over host/port', () => {
    const list = listCandidates({
      config: { controlSocket: '/srv/tor/control', controlHost: '10.0.0.1', controlPort: 9052 },
      origins: { controlSocket: '/etc/oniondrop.d/50_user.conf:3' },
      env: { TOR_CONTROL_IPC_PATH: '/run/x/control', TOR_CONTROL_HOST: '127.0.0.1', TOR_CONTROL_PORT: '9999' },
      root,
    });
    expect(list.candidates.map((c) => `${c.source.kind} ${c.source.label}`)).toEqual([
      'config unix:/srv/tor/control',
      'config 10.0.0.1:9052',
      'env unix:/run/x/control',
      `system unix:${root}/run/tor/control`,
      'port 127.0.0.1:9051',
      'tor-browser 127.0.0.1:9151',
    ]);
    expect(list.candidates[0]?.source.why).toContain('/etc/oniondrop.d/50_user.conf:3');
  });

  it("follows Whonix's environment, SOCKS included", () => {
    const list = listCandidates({ env: { TOR_CONTROL_IPC_PATH: WHONIX_CONTROL, TOR_SOCKS_IPC_PATH: WHONIX_SOCKS }, root });
    const first = list.candidates[0];
    expect(first?.source.kind).toBe('env');
    expect(first?.control).toEqual({ path: WHONIX_CONTROL });
    expect(first?.socks).toMatchObject({ endpoint: { path: WHONIX_SOCKS }, explicit: true });
    // an explicit SOCKS setting holds for every place
    expect(list.candidates.every((c) => describeEndpoint(c.socks.endpoint) === `unix:${WHONIX_SOCKS}`)).toBe(true);
  });

  it('takes TOR_CONTROL_HOST/PORT, TOR_SOCKS_HOST/PORT and the env credentials', () => {
    const list = listCandidates({
      env: {
        TOR_CONTROL_HOST: '127.0.0.1',
        TOR_CONTROL_PORT: '9151',
        TOR_CONTROL_PASSWD: '"pass word"',
        TOR_CONTROL_COOKIE_AUTH_FILE: '/tmp/cookie',
        TOR_SOCKS_HOST: '127.0.0.1',
        TOR_SOCKS_PORT: '9150',
      },
      root,
    });
    const env = list.candidates[0];
    expect(env?.source.kind).toBe('env');
    expect(env?.control).toEqual({ host: '127.0.0.1', port: 9151 });
    expect(env?.credentials.password?.equals(ControlPassword.plain('pass word'))).toBe(true);
    expect(env?.credentials.cookieFile).toBe('/tmp/cookie');
    expect(env?.socks.endpoint).toEqual({ host: '127.0.0.1', port: 9150 });
    // 127.0.0.1:9151 is already the env place; Tor Browser's is not repeated
    expect(list.candidates.filter((c) => describeEndpoint(c.control) === '127.0.0.1:9151')).toHaveLength(1);
  });

  it('lists settings it cannot use instead of guessing', () => {
    const list = listCandidates({ env: { TOR_CONTROL_PORT: 'ninety', TOR_CONTROL_PASSWD: '"broken', TOR_CONTROL_IPC_PATH: '' }, root });
    expect(list.ignored.map((i) => i.name).sort()).toEqual(['TOR_CONTROL_PASSWD', 'TOR_CONTROL_PORT']);
    expect(list.candidates[0]?.source.kind).toBe('system');
  });

  it("gives config's password to the places that are not the environment's", () => {
    const list = listCandidates({ config: { password: 'pw' }, env: {}, root });
    expect(list.candidates.every((c) => c.credentials.password?.equals(ControlPassword.plain('pw')))).toBe(true);
  });
});

describe('findTor and the own-tor refusal', () => {
  let grater: FakeServer | undefined;
  afterEach(async () => {
    await grater?.close();
    grater = undefined;
  });

  it('skips a dead place, takes the first that answers, keeps the SOCKS guess when GETINFO is filtered', async () => {
    grater = await startFakeServer(graterLike());
    const found = await findTor({
      config: { controlSocket: join(root, 'no-such-socket') },
      env: { TOR_CONTROL_IPC_PATH: grater.path },
      root,
    });
    expect(found.source.kind).toBe('env');
    expect(found.controller.authMethod).toBe('NULL');
    expect(found.attempts.map((a) => [a.source.kind, a.problem.kind])).toEqual([['config', 'unreachable']]);
    expect(found.socks).toEqual({ host: '127.0.0.1', port: 9050 });
    expect(grater.received).toContain('GETINFO net/listeners/socks');
    await found.controller.close();
  });

  it('never starts a tor on Whonix, and says why', async () => {
    const outcome = await launchTor({
      platform: { whonix: 'workstation', markers: ['/usr/share/anon-ws-base-files/workstation'] },
      allowed: true,
      dataDir: join(root, 'data'),
      runtimeDir: join(root, 'run-own'),
      torPath: join(root, 'must-not-run'),
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.refusal).toMatchObject({ reason: 'whonix', role: 'workstation' });
    expect(outcome.refusal.message).toContain('Gateway');
    expect(existsSync(join(root, 'data'))).toBe(false);
    const notAllowed = await launchTor({ platform: { whonix: null, markers: [] }, allowed: false, dataDir: root, runtimeDir: root });
    expect(notAllowed.ok ? undefined : notAllowed.refusal.reason).toBe('not-allowed');
  });
});
