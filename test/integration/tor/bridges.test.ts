// Bridges for our own tor, with a real tor and Debian's obfs4proxy (plain Node):
// configured the way the app configures it (tor.bridges / tor.bridge_lines),
// a bridge that does not answer becomes a clear problem within the bound and
// names tor's warning; a PATH without the transport program names the package
// and starts no tor; `oniondrop tor-check` reports the bridges in use. Nothing
// leaves loopback: the only bridge is a closed port on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '../../../electron/contract';
import { defaultConfig, type Config } from '../../../electron/core/config';
import { problemOf } from '../../../electron/core/problems';
import { createTorLink, type TorLinkOptions } from '../../../electron/core/tor/link';
import { torLinkOptionsFromConfig } from '../../../electron/core/tor/link-config';
import type { TorLink } from '../../../electron/core/tor/link-types';
import { runTorCheck } from '../../../electron/core/tor/tor-check';
import { problemText } from '../../../i18n/problem-text';
import { translatorFor } from '../../../i18n/messages';
import { isPidAlive } from '../../tornet';
import { within } from '../tor-link/link-helpers';

const NOT_WHONIX = { whonix: null, markers: [] as string[] };
const FP = '4352E58420E68F5E40BF7C74FADDCCD9D1349413';
/** A well-formed obfs4 certificate for a bridge that does not exist. */
const CERT = randomBytes(52).toString('base64').replace(/=+$/, '');
/** Short in tests; the app waits 90 s before calling bridges stuck. */
const STALL_MS = 4_000;

let base: string;
let deadPort: number;
const links: TorLink[] = [];

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), 'oniondrop-bridges-'));
  deadPort = await closedPort();
});
afterEach(async () => {
  for (const l of links.splice(0)) {
    const pid = l.status.ownTorPid;
    await l.close();
    if (pid !== null) expect(isPidAlive(pid), `tor ${pid} outlived the test`).toBe(false);
  }
  rmSync(base, { recursive: true, force: true });
});

/** The link options the app builds from these config values and this PATH. */
function optionsFor(values: Partial<Config>, path = process.env['PATH'] ?? ''): TorLinkOptions {
  const options = torLinkOptionsFromConfig({
    values: { ...defaultConfig({ home: base }), ...values },
    env: { PATH: path },
    root: join(base, 'root'),
    platform: NOT_WHONIX,
    dataDir: join(base, 'data'),
    runtimeDir: join(base, 'run'),
  });
  if (!options.ownTor) throw new Error('no own tor in the options');
  return { ...options, ownTor: { ...options.ownTor, bridgeStallMs: STALL_MS }, backoff: { initialMs: 60_000 } };
}

function deadObfs4(): Partial<Config> {
  return { 'tor.bridges': 'custom', 'tor.bridge_lines': `# a bridge that is gone\nobfs4 127.0.0.1:${deadPort} ${FP} cert=${CERT} iat-mode=0` };
}

function link(options: TorLinkOptions): TorLink {
  const l = createTorLink(options);
  links.push(l);
  return l;
}

const userProblem = (error: unknown): Problem => problemOf(error, { whonix: null });
const words = (p: Problem): string => {
  const text = problemText(p, translatorFor('en').t, 'en');
  return `${text.title}. ${text.body} ${text.fix}`;
};

/** The programs tor started as its children (pluggable transports). */
function childrenOf(pid: number): string[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === pid ? [readFileSync(`/proc/${d}/comm`, 'utf8').trim()] : [];
      } catch {
        return [];
      }
    });
}

describe('bridges for our own tor', () => {
  it('a bridge that does not answer: a clear problem within the bound, with tor\'s warning; tor keeps trying', async () => {
    const l = link(optionsFor(deadObfs4()));
    // Bridges mean our own tor, with no tor.connection = own needed.
    await within(30_000, 'connect', l.connect());
    const pid = l.status.ownTorPid;
    expect(pid).not.toBeNull();
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(args).toContain('UseBridges');
    expect(args[args.indexOf('ClientTransportPlugin') + 1]).toMatch(/^obfs4 exec \/usr\/bin\/(obfs4proxy|lyrebird)$/);
    expect(args[args.indexOf('Bridge') + 1]).toBe(`obfs4 127.0.0.1:${deadPort} ${FP} cert=${CERT} iat-mode=0`);

    const started = Date.now();
    await within(STALL_MS + 20_000, 'the stall problem', new Promise<void>((resolve) => {
      const check = (): void => {
        if (l.status.error) resolve();
      };
      l.onStatus(check);
      check();
    }));
    const problem = userProblem(l.status.error);
    console.log(`[bridges] stall reported ${Date.now() - started} ms after connecting: ${words(problem)}`);
    expect(problem).toMatchObject({ kind: 'bridge-stalled', transport: 'obfs4', seconds: Math.round(STALL_MS / 1000) });
    if (problem.kind !== 'bridge-stalled') return;
    expect(problem.progress).toBeLessThan(100);
    // tor's own words name the bridge that does not answer.
    expect(problem.warning).toContain(`127.0.0.1:${deadPort}`);
    expect(words(problem)).toContain('Tor cannot connect through the bridges');
    // Still running and retrying, with the transport program beside it.
    expect(l.status.state).toBe('connected');
    expect(isPidAlive(pid as number)).toBe(true);
    expect(childrenOf(pid as number).some((c) => c === 'obfs4proxy' || c === 'lyrebird')).toBe(true);
  });

  it('a PATH without obfs4proxy: the problem names the package to install, and no tor is started', async () => {
    const l = link(optionsFor(deadObfs4(), join(base, 'empty-bin')));
    await expect(within(20_000, 'connect', l.connect())).rejects.toBeDefined();
    expect(l.status).toMatchObject({ state: 'unavailable', ownTorPid: null });
    const problem = userProblem(l.status.error);
    expect(problem).toEqual({ kind: 'bridge-program-missing', transport: 'obfs4', programs: ['lyrebird', 'obfs4proxy'], package: 'obfs4proxy' });
    expect(words(problem)).toContain('Install it: `sudo apt install obfs4proxy`');
    expect(existsSync(join(base, 'data', 'tor'))).toBe(false);
  });

  it('`oniondrop tor-check` names the bridges, the program that runs them, and a stall', async () => {
    const check = await runTorCheck({ ...optionsFor(deadObfs4()), portRange: { first: 17600, last: 17659 } });
    const bridges = check.lines.filter((l) => l.label === 'Bridges');
    expect(bridges[0]).toMatchObject({ level: 'ok' });
    expect(bridges[0]?.detail).toMatch(/^custom: 1 bridge line; obfs4 via \/usr\/bin\/(obfs4proxy|lyrebird)$/);
    expect(bridges[1]).toMatchObject({ level: 'problem' });
    expect(bridges[1]?.detail).toMatch(/^bootstrap stuck at \d+% \(.+\) for 4 s: .*127\.0\.0\.1:\d+/);
    expect(bridges[1]?.fix).toContain('docs/bridges.md');
    expect(check.ok).toBe(false);

    const missing = await runTorCheck({ ...optionsFor(deadObfs4(), '/nonexistent'), portRange: { first: 17600, last: 17659 } });
    expect(missing.lines.at(-1)).toMatchObject({
      level: 'problem',
      label: 'Bridges',
      detail: 'obfs4 bridges need lyrebird or obfs4proxy, not found on PATH (Debian package: obfs4proxy)',
      fix: 'install it: sudo apt install obfs4proxy',
    });
  });
});
