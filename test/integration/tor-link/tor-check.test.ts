// `oniondrop tor-check` against a real tor, through onion-grater (stock
// profile, and one that refuses ADD_ONION on a Whonix-Workstation), with
// nothing to find, and the structured lines for a filtered DEL_ONION.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../../electron/cli/run';
import type { CliContext } from '../../../electron/cli/context';
import { runTorCheck } from '../../../electron/core/tor/tor-check';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { startOnionGrater, type OnionGraterProxy } from '../../fixtures/onion-grater/onion-grater';
import { startFakeController, type FakeController } from '../../fixtures/fake-controller/fake-controller';
import { NOT_WHONIX } from './link-helpers';
import { STOCK_ONIONSHARE_PROFILE } from '../../fixtures/whonix/stock-profile';

const STOCK = readFileSync(STOCK_ONIONSHARE_PROFILE, 'utf8');
/** A profile that lets an app connect and look, but not add onions. */
const LOOK_ONLY = `---
- hosts: ['*']
  commands:
    GETINFO:
      - 'version'
      - 'status/bootstrap-phase'
`;

afterAll(stopAllTors);

let tor: TorHandle;
let dir: string;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  tor = await startTor();
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-torcheck-'));
});
afterAll(async () => {
  await tor.dispose();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

let n = 0;
/** A root with these files (e.g. Whonix markers), and a home. */
function tree(files: Record<string, string> = {}): string {
  n += 1;
  const root = join(dir, `root-${n}`);
  mkdirSync(join(root, 'home/user'), { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

async function torCheck(root: string, env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  const out: string[] = [];
  const ctx: CliContext = {
    root,
    env: { XDG_RUNTIME_DIR: join(root, 'run'), ...env },
    home: join(root, 'home/user'),
    out: (l) => out.push(l),
    err: (l) => out.push(`stderr: ${l}`),
    isTTY: false,
  };
  const code = await runCli(['tor-check'], ctx);
  return { code, lines: out };
}

async function grater(profile: string, clientAddress?: string): Promise<OnionGraterProxy> {
  n += 1;
  const g = await startOnionGrater({
    profile,
    upstream: { path: tor.controlSocketPath as string },
    upstreamCookieFile: tor.cookiePath,
    listen: { path: join(dir, `grater-${n}`) },
    ...(clientAddress ? { clientAddress } : {}),
  });
  closers.push(() => g.close());
  return g;
}

function line(lines: string[], level: string, label: string): string | undefined {
  return lines.find((l) => l.startsWith(level.padEnd(7)) && l.slice(9).startsWith(label));
}

describe('oniondrop tor-check', () => {
  it('is listed in --help', async () => {
    const out: string[] = [];
    await runCli(['--help'], { root: tree(), env: {}, home: dir, out: (l) => out.push(l), err: () => undefined, isTTY: false });
    expect(out.join('\n')).toMatch(/^ {2}tor-check +check that Tor is usable/m);
  });

  it('a real tor found through TOR_CONTROL_IPC_PATH: every line, exit 0', async () => {
    const { code, lines } = await torCheck(tree(), { TOR_CONTROL_IPC_PATH: tor.controlSocketPath as string });
    expect(code).toBe(0);
    expect(line(lines, 'ok', 'Tor settings')).toContain(`unix:${tor.controlSocketPath}: TOR_CONTROL_IPC_PATH is set in the environment`);
    expect(line(lines, 'ok', 'Authentication')).toContain('SAFECOOKIE');
    expect(line(lines, 'ok', 'Tor version')).toMatch(/0\.4\.\d+\.\d+/);
    // Networkless: not bootstrapped, a warning with a fix on the next line.
    const boot = lines.findIndex((l) => l.startsWith('warning') && l.includes('Bootstrap'));
    expect(boot).toBeGreaterThan(-1);
    expect(lines[boot + 1]).toMatch(/^\s+fix: /);
    expect(line(lines, 'ok', 'Onion services')).toContain('can be created and removed (tried port 80 -> 17600)');
    expect(line(lines, 'ok', 'Private onion services')).toBeDefined();
    expect(line(lines, 'ok', 'Publication')).toBeDefined();
    // This tor has no SOCKS listener: a warning, not a problem.
    expect(line(lines, 'warning', 'SOCKS')).toContain('127.0.0.1:9050');
    expect(lines.some((l) => l.startsWith('problem'))).toBe(false);
  });

  it("through onion-grater with the stock profile: NULL authentication, exit 0", async () => {
    const g = await grater(STOCK);
    const { code, lines } = await torCheck(tree(), { TOR_CONTROL_IPC_PATH: g.path as string });
    expect(code).toBe(0);
    expect(line(lines, 'ok', 'Authentication')).toContain('NULL');
    expect(line(lines, 'ok', 'Bootstrap')).toContain('100%');
    expect(line(lines, 'ok', 'Onion services')).toBeDefined();
    expect(line(lines, 'ok', 'Private onion services')).toBeDefined();
  });

  it('on a Whonix-Workstation whose Gateway refuses ADD_ONION: a problem naming it, a fix for the Gateway, exit 1', async () => {
    const g = await grater(LOOK_ONLY, '10.152.152.11');
    const root = tree({ 'usr/share/whonix/marker': '', 'usr/share/anon-ws-base-files/workstation': '' });
    const { code, lines } = await torCheck(root, { TOR_CONTROL_IPC_PATH: g.path as string });
    expect(code).toBe(1);
    const problem = lines.findIndex((l) => l.startsWith('problem') && l.includes('Onion services'));
    expect(lines[problem]).toContain('the filter refused ADD_ONION');
    expect(lines[problem + 1]).toMatch(/fix: enable OnionDrop's onion-grater profile on the Gateway/);
    // Publication events are refused too, but that only degrades.
    expect(line(lines, 'warning', 'Publication')).toContain('the filter refused SETEVENTS');
  });

  it('nothing to find and tor.start_own off: one problem with the fix, exit 1, no tor started', async () => {
    const { code, lines } = await torCheck(tree(), { ONIONDROP_TOR_START_OWN: 'false' });
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^problem {2}Tor {2}no tor answered \(tried .*127\.0\.0\.1:9051.*\), and tor\.start_own is off$/);
    expect(lines[1]).toMatch(/fix: start tor/);
  });

  it("returns structured lines; a filtered DEL_ONION is a problem (a share would stay up)", async () => {
    n += 1;
    const fake: FakeController = await startFakeController({
      listen: { path: join(dir, `fake-${n}`) },
      script: { faults: [{ match: 'DEL_ONION', action: { kind: 'filter' } }] },
    });
    closers.push(() => fake.close());
    const result = await runTorCheck({
      detect: { config: { controlSocket: fake.path as string }, env: {}, root: tree() },
      platform: NOT_WHONIX,
      ownTor: null,
      portRange: { first: 17610, last: 17620 },
    });
    expect(result.ok).toBe(false);
    const onion = result.lines.find((l) => l.label === 'Onion services');
    expect(onion).toMatchObject({ level: 'problem', detail: expect.stringContaining('not removed') });
    expect(onion?.error).toMatchObject({ kind: 'control', commandName: 'DEL_ONION', filtered: true });
    expect(onion?.fix).toContain('DEL_ONION');
    expect(fake.lines()).toContain('ADD_ONION NEW:ED25519-V3 Port=80,17610');
    // Each line is one line.
    for (const l of result.lines) expect(`${l.detail}${l.fix ?? ''}`).not.toMatch(/\n/);
  });
});
