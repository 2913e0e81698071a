// What `oniondrop share` says about Tor's state, read from the built CLI's
// output against a real, networkless tor (plain Node): a tor that is not on
// the Tor network is called that, with its progress (not "a filter hides the
// confirmation"); a tor killed and started again on the same DataDirectory
// brings the share back at the same address, and the CLI says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTor, stopAllTors } from '../../helpers/tor-process';
import { onionIsLive } from '../../helpers/onion-live';

const CLI = resolve(__dirname, '../../../dist/cli.cjs');
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-cli-tor-states-'));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await stopAllTors();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  output(): string;
  /** Waits until the output (from `from` on) matches; what a user would wait to read. */
  waitFor(re: RegExp, from?: number): Promise<string>;
  stop(): Promise<number | null>;
}

function share(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [CLI, 'share', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    waitFor: async (re, from = 0) => {
      const deadline = Date.now() + 90_000;
      while (!re.test(out.slice(from))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${re}; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return out;
    },
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGINT');
      return new Promise((r) => child.once('exit', r));
    },
  };
}

function envFor(name: string, control: string): Record<string, string> {
  return {
    HOME: join(dir, name, 'home'),
    XDG_DATA_HOME: join(dir, name, 'data'),
    XDG_RUNTIME_DIR: join(dir, name, 'run'),
    ONIONDROP_ROOT: join(dir, name, 'root'),
    ONIONDROP_TOR_PUBLISH_TIMEOUT: '2',
    TOR_CONTROL_IPC_PATH: control,
  };
}

describe('oniondrop share tells the truth about Tor', () => {
  it('a tor that is not on the Tor network: says so with its progress, and never blames a filter', async () => {
    const tor = await startTor();
    const file = join(dir, 'offline.txt');
    writeFileSync(file, 'hello\n');
    const run = share(['--public', file], envFor('offline', tor.controlSocketPath!));
    const text = await run.waitFor(/Ctrl-C/);
    // While waiting: tor's own percentage and words.
    expect(text).toMatch(/Tor is not connected to the Tor network yet: \d+% \([^)]+\)\./);
    // After the wait: the warning says why, before the address.
    const warning = text.split('\n').find((l) => l.startsWith('warning:')) ?? '';
    expect(warning).toMatch(/Tor is not connected to the Tor network yet/);
    expect(text).not.toMatch(/filter/i);
    expect(text.indexOf('warning:')).toBeLessThan(text.indexOf('Address:'));
    expect(await run.stop()).toBe(0);
    await tor.dispose();
  }, 120_000);

  it('tor killed and started again on the same DataDirectory: back at the same address, and said so', async () => {
    const tor = await startTor();
    const file = join(dir, 'restart.txt');
    writeFileSync(file, 'still here\n');
    const env = envFor('restart', tor.controlSocketPath!);
    // Persistent, so the test can ask the new tor whether the key is live.
    const run = share(['--persistent', 'restart-test', file], env);
    const first = await run.waitFor(/Ctrl-C/);
    const address = /Address: (http:\/\/[a-z2-7]{56}\.onion)/.exec(first)?.[1];
    expect(address).toBeDefined();

    const mark = run.output().length;
    process.kill(tor.pid, 'SIGKILL');
    await run.waitFor(/Tor went away/, mark);
    // While it is away, the reason (each new one once), not silence.
    await run.waitFor(/Still reconnecting: .+/, mark);

    const again = await startTor({ baseDir: tor.baseDir });
    const back = await run.waitFor(/Tor is back: the share is online again at the same address, (\S+)/, mark);
    expect(/Tor is back: the share is online again at the same address, (\S+)/.exec(back.slice(mark))?.[1]).toBe(address);
    // The same publication state as at first start, said again.
    await run.waitFor(/warning: Tor is not connected to the Tor network yet/, mark);
    expect(back.slice(mark).match(/Tor went away/g)).toHaveLength(1);

    const stored = JSON.parse(readFileSync(join(env.XDG_DATA_HOME as string, 'oniondrop/persistent/restart-test.json'), 'utf8')) as {
      onionKey: string;
    };
    expect(await onionIsLive(again, stored.onionKey)).toBe(true);
    expect(await run.stop()).toBe(0);
    expect(await onionIsLive(again, stored.onionKey)).toBe(false);
    await again.dispose();
  }, 180_000);
});
