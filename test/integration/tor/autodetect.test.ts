// Finding a real tor from the environment or the config, and learning its SOCKS socket from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { findTor, TorNotFoundError } from '../../../electron/core/tor/autodetect';

afterAll(stopAllTors);

describe('findTor against real tors', () => {
  let root: string;
  let cookieTor: TorHandle;
  let passwordTor: TorHandle;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'oniondrop-detect-'));
    // SOCKS listeners open only with the network on; the one relay allowed is a closed loopback port.
    cookieTor = await startTor({ socksSocket: true, disableNetwork: false, extra: ['UseBridges 1', 'Bridge 127.0.0.1:1'] });
    passwordTor = await startTor({ cookie: false, password: 'pw from config', controlPort: true, controlSocket: false });
  });
  afterAll(async () => {
    await cookieTor.dispose();
    await passwordTor.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('follows TOR_CONTROL_IPC_PATH and asks tor for its SOCKS socket', async () => {
    const found = await findTor({ env: { TOR_CONTROL_IPC_PATH: cookieTor.controlSocketPath }, root });
    expect(found.source).toMatchObject({ kind: 'env', label: `unix:${cookieTor.controlSocketPath}` });
    expect(found.source.why).toContain('TOR_CONTROL_IPC_PATH');
    expect(found.controller.authMethod).toBe('SAFECOOKIE');
    expect(found.socks).toEqual({ path: cookieTor.socksSocketPath });
    expect(found.socksWhy).toContain('tor reports');
    await found.controller.close();
  });

  it('keeps an explicit SOCKS setting over what tor reports', async () => {
    const found = await findTor({
      env: { TOR_CONTROL_IPC_PATH: cookieTor.controlSocketPath, TOR_SOCKS_HOST: '127.0.0.1', TOR_SOCKS_PORT: '9150' },
      root,
    });
    expect(found.socks).toEqual({ host: '127.0.0.1', port: 9150 });
    await found.controller.close();
  });

  it('prefers the config, with its password, over the environment', async () => {
    const found = await findTor({
      config: { controlPort: passwordTor.controlPort, password: 'pw from config' },
      env: { TOR_CONTROL_IPC_PATH: cookieTor.controlSocketPath },
      root,
    });
    expect(found.source.kind).toBe('config');
    expect(found.controller.authMethod).toBe('HASHEDPASSWORD');
    await found.controller.close();
  });

  it('goes on to the next place when one refuses, and keeps why', async () => {
    const found = await findTor({
      config: { controlPort: passwordTor.controlPort, password: 'wrong' },
      env: { TOR_CONTROL_IPC_PATH: cookieTor.controlSocketPath },
      root,
    });
    expect(found.source.kind).toBe('env');
    expect(found.attempts).toHaveLength(1);
    const problem = found.attempts[0]?.problem;
    expect(problem?.kind === 'auth' && problem.problem.kind).toBe('wrong-password');
    await found.controller.close();
  });

  it('shows the refusing place first when nothing works', async () => {
    const error = (await findTor({
      config: { controlPort: passwordTor.controlPort },
      root,
      env: {},
      connectTimeoutMs: 1_000,
    }).catch((e: unknown) => e)) as TorNotFoundError;
    expect(error).toBeInstanceOf(TorNotFoundError);
    const first = error.mostRelevant;
    expect(first?.source.kind).toBe('config');
    expect(first?.problem.kind === 'auth' && first.problem.problem.kind).toBe('password-needed');
  });
});
