// `oniondrop share` as a user runs it: the built CLI against a real tor found
// through TOR_CONTROL_IPC_PATH; Ctrl-C removes the onion (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { onionIsLive } from '../../helpers/onion-live';

const CLI = resolve(__dirname, '../../../dist/cli.cjs');
let tor: TorHandle;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  tor = await startTor();
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-cli-share-'));
});
afterAll(async () => {
  await stopAllTors();
  rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; waitFor: (re: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const waitFor = async (re: RegExp): Promise<string> => {
    const deadline = Date.now() + 30_000;
    while (!re.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return out;
  };
  return { child, output: () => out, waitFor };
}


describe('oniondrop share', () => {
  it('prints the address and private key, keeps the onion live, and Ctrl-C removes it', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'meet at noon\n');
    const root = join(dir, 'root');
    const { child, waitFor, output } = runCli(['share', '--persistent', 'cli-test', file], {
      HOME: join(dir, 'home'),
      XDG_DATA_HOME: join(dir, 'data'),
      ONIONDROP_ROOT: root,
      ONIONDROP_TOR_PUBLISH_TIMEOUT: '1',
      TOR_CONTROL_IPC_PATH: tor.controlSocketPath!,
    });
    const text = await waitFor(/Ctrl-C/);
    const address = /Address: http:\/\/([a-z2-7]{56})\.onion/.exec(text)?.[1];
    expect(address).toBeDefined();
    expect(text).toMatch(/Private key: [A-Z2-7]{52}\nGive this address and the private key to the people who will download the files\.\n/);
    // The address printed is the one of the stored key, and tor has it live.
    const stored = JSON.parse(readFileSync(join(dir, 'data/oniondrop/persistent/cli-test.json'), 'utf8')) as {
      onionKey: string;
      serviceId: string;
    };
    expect(stored.serviceId).toBe(address);
    expect(await onionIsLive(tor, stored.onionKey)).toBe(true);

    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(output()).toContain('Share stopped.');
    expect(code).toBe(0);
    expect(await onionIsLive(tor, stored.onionKey)).toBe(false);
  });

  it('receive: says who to give the address to, after the configuration warnings', async () => {
    const root = join(dir, 'root-receive');
    mkdirSync(join(root, 'etc/oniondrop.d'), { recursive: true });
    writeFileSync(join(root, 'etc/oniondrop.d/50_local.conf'), 'receive.max_fille_size = 1M\n');
    const { child, waitFor, output } = runCli(['receive', '--public', '--dir', join(dir, 'inbox')], {
      HOME: join(dir, 'home3'),
      XDG_DATA_HOME: join(dir, 'data3'),
      ONIONDROP_ROOT: root,
      ONIONDROP_TOR_PUBLISH_TIMEOUT: '1',
      ONIONDROP_RECEIVE_MIN_FREE_SPACE: '0',
      TOR_CONTROL_IPC_PATH: tor.controlSocketPath!,
    });
    const text = await waitFor(/Ctrl-C stops receiving/);
    expect(text).toContain(
      "warning: /etc/oniondrop.d/50_local.conf:1: unknown option 'receive.max_fille_size' (did you mean 'receive.max_file_size'?)",
    );
    expect(text).toMatch(/Address: http:\/\/[a-z2-7]{56}\.onion\S*\nGive this address to the people who will send you files\.\n/);
    expect(text).not.toContain('Private key');
    expect(text).not.toContain('recipient');
    child.kill('SIGINT');
    expect(await new Promise<number | null>((r) => child.once('exit', r))).toBe(0);
    expect(output()).toContain('Stopped receiving.');
  });

  it('with no tor anywhere and own tor disabled, one clear line and exit 1', async () => {
    const file = join(dir, 'x.txt');
    writeFileSync(file, 'x');
    const { child, output } = runCli(['share', file], {
      HOME: join(dir, 'home2'),
      XDG_DATA_HOME: join(dir, 'data2'),
      ONIONDROP_ROOT: join(dir, 'emptyroot'),
      ONIONDROP_TOR_START_OWN: 'false',
      TOR_CONTROL_IPC_PATH: join(dir, 'no-such-socket'),
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    const last = output().trim().split('\n').pop() ?? '';
    expect(last).toMatch(/^oniondrop share: /);
    expect(output()).not.toMatch(/\n\s+at /); // no stack trace
  });
});
