// The last resort (electron/core/last-resort.ts): an error nothing caught
// stops every share cleanly, the onion removed from a real tor (DEL_ONION),
// and the process exits non-zero instead of running on (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { LAST_RESORT_EXIT_CODE } from '../../../electron/core/last-resort';
import { onionIsLive } from '../../helpers/onion-live';
import { tempDir } from '../../helpers/local';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';

const tmp = tempDir('last-resort');
const child = join(tmp.path, 'crash-child.cjs');
let tor: TorHandle;

beforeAll(async () => {
  tor = await startTor();
  await build({
    entryPoints: [resolve(__dirname, 'crash-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
});
afterAll(async () => {
  await stopAllTors();
  tmp.remove();
});

async function crashWhileSharing(crash: 'throw' | 'reject'): Promise<{ code: number | null; output: string; onionKey: string }> {
  const file = join(tmp.path, `${crash}.txt`);
  writeFileSync(file, 'serving\n');
  const data = join(tmp.path, `data-${crash}`);
  const proc = spawn(process.execPath, [child, 'share', '--persistent', `crash-${crash}`, file], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(tmp.path, `home-${crash}`),
      XDG_DATA_HOME: data,
      ONIONDROP_ROOT: join(tmp.path, 'root'),
      ONIONDROP_TOR_PUBLISH_TIMEOUT: '1',
      TOR_CONTROL_IPC_PATH: tor.controlSocketPath!,
      CRASH: crash,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', r));
  try {
    while (!/Ctrl-C/.test(output)) {
      if (proc.exitCode !== null) throw new Error(`the share never got ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const { onionKey } = JSON.parse(readFileSync(join(data, `oniondrop/persistent/crash-${crash}.json`), 'utf8')) as { onionKey: string };
    expect(await onionIsLive(tor, onionKey)).toBe(true);
    proc.kill('SIGUSR2');
    return { code: await exited, output, onionKey };
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
}

describe('last-resort handlers', () => {
  it('an uncaught exception: logged, the onion removed, exit non-zero', async () => {
    const { code, output, onionKey } = await crashWhileSharing('throw');
    expect(code).toBe(LAST_RESORT_EXIT_CODE);
    expect(output).toContain('uncaught exception: Error: a bug nothing caught (test)');
    // Session.stop() finished, DEL_ONION answered, before the exit.
    expect(output).toContain('stopping 1 share(s) and exiting');
    expect(output).toContain('every share stopped');
    expect(await onionIsLive(tor, onionKey)).toBe(false);
  });

  it('an unhandled rejection: the same', async () => {
    const { code, output, onionKey } = await crashWhileSharing('reject');
    expect(code).toBe(LAST_RESORT_EXIT_CODE);
    expect(output).toContain('unhandled promise rejection: Error: a promise nobody awaited failed (test)');
    expect(output).toContain('every share stopped');
    expect(await onionIsLive(tor, onionKey)).toBe(false);
  });
});
