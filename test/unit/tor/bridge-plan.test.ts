// From the bridge settings to our own tor's torrc (plain Node): the transport
// programs found on PATH, and, when one is missing, a problem that names the
// Debian package to install, in the words the window and the CLI show.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { problemLine } from '../../../electron/cli/words';
import { defaultConfig } from '../../../electron/core/config';
import { problemOf } from '../../../electron/core/problems';
import { torLinkOptionsFromConfig } from '../../../electron/core/tor/link-config';
import { parseBridgeText } from '../../../electron/core/tor/bridges/bridge-line';
import { bridgeSetupOf, planBridges, type BridgeSetup } from '../../../electron/core/tor/bridges/plan';
import { TorBridgeError } from '../../../electron/core/tor/errors';
import { translatorFor } from '../../../i18n/messages';

const FP = '4352E58420E68F5E40BF7C74FADDCCD9D1349413';
const CERT = 'A'.repeat(70);
const base = mkdtempSync(join(tmpdir(), 'oniondrop-bridge-plan-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A PATH folder holding these programs (never run here: only found). */
function pathWith(...programs: string[]): string {
  const dir = mkdtempSync(join(base, 'bin-'));
  for (const p of programs) {
    writeFileSync(join(dir, p), '#!/bin/sh\nexit 1\n');
    chmodSync(join(dir, p), 0o755);
  }
  return dir;
}

function custom(...lines: string[]): BridgeSetup {
  return { choice: 'custom', lines: parseBridgeText(lines.join('\n')).lines };
}

function planError(setup: BridgeSetup, searchPath: string): TorBridgeError {
  try {
    planBridges(setup, searchPath);
  } catch (error) {
    if (error instanceof TorBridgeError) return error;
    throw error;
  }
  throw new Error('planBridges did not refuse');
}

const OBFS4 = `obfs4 192.0.2.7:443 ${FP} cert=${CERT} iat-mode=0`;

describe('transport programs', () => {
  it('a PATH without obfs4proxy or lyrebird: the problem names the package, and nothing is planned', () => {
    const empty = pathWith();
    const error = planError(custom(OBFS4), `${empty}:/nonexistent`);
    expect(error.problem).toEqual({ kind: 'program-missing', transport: 'obfs4', programs: ['lyrebird', 'obfs4proxy'], package: 'obfs4proxy' });
    const problem = problemOf(error, { whonix: null });
    expect(problem).toEqual({ kind: 'bridge-program-missing', transport: 'obfs4', programs: ['lyrebird', 'obfs4proxy'], package: 'obfs4proxy' });
    expect(problemLine(problem, translatorFor('en'))).toBe(
      'The obfs4 bridge program is not installed. Bridges of type obfs4 need lyrebird or obfs4proxy, and OnionDrop found none on PATH. ' +
        'OnionDrop never downloads programs itself. Install it: sudo apt install obfs4proxy, then try again.',
    );
  });

  it('each transport names its own package; webtunnel says where it is packaged', () => {
    const empty = pathWith();
    const snowflake = bridgeSetupOf('snowflake', '');
    expect(snowflake && planError(snowflake, empty).problem).toMatchObject({ transport: 'snowflake', package: 'snowflake-client' });
    const webtunnel = planError(custom(`webtunnel [2001:db8::5]:443 ${FP} url=https://example.net/x ver=0.0.1`), empty);
    expect(webtunnel.problem).toMatchObject({ transport: 'webtunnel', programs: ['webtunnel-client', 'lyrebird'], package: 'webtunnel' });
    expect(problemLine(problemOf(webtunnel, { whonix: null }), translatorFor('en'))).toContain('sudo apt install webtunnel (Debian 14 and later), or choose obfs4 or snowflake bridges');
  });

  it('finds obfs4proxy on PATH and writes UseBridges, ClientTransportPlugin and Bridge lines', () => {
    const bin = pathWith('obfs4proxy');
    const plan = planBridges(custom(OBFS4, `192.0.2.9:9001 ${FP}`), `relative/bin:${bin}`);
    expect(plan.programs).toEqual([{ transport: 'obfs4', path: join(bin, 'obfs4proxy') }]);
    expect(plan.torrc).toEqual(['UseBridges 1', `ClientTransportPlugin obfs4 exec ${join(bin, 'obfs4proxy')}`, `Bridge ${OBFS4}`, `Bridge 192.0.2.9:9001 ${FP}`]);
  });

  it('prefers lyrebird, and runs every transport it serves from one ClientTransportPlugin line', () => {
    const older = pathWith('obfs4proxy');
    const newer = pathWith('lyrebird');
    const plan = planBridges(custom(OBFS4, `meek_lite 192.0.2.20:80 url=https://cdn.example.net front=www.example.org`), `${older}:${newer}`);
    expect(plan.torrc[1]).toBe(`ClientTransportPlugin obfs4,meek_lite exec ${join(newer, 'lyrebird')}`);
  });

  it('skips a PATH entry that is not an executable file', () => {
    const dir = pathWith();
    writeFileSync(join(dir, 'obfs4proxy'), 'not a program', { mode: 0o644 });
    mkdirSync(join(dir, 'lyrebird'));
    expect(planError(custom(OBFS4), dir).problem.kind).toBe('program-missing');
  });

  it('custom without a single bridge line is its own problem', () => {
    const bin = pathWith('obfs4proxy');
    expect(planError({ choice: 'custom', lines: [] }, bin).problem).toEqual({ kind: 'no-lines' });
    expect(bridgeSetupOf('custom', '# only a comment\n')).toEqual({ choice: 'custom', lines: [] });
    expect(bridgeSetupOf('none', OBFS4)).toBeNull();
  });

  it('built-in snowflake lines get front= beside fronts= for snowflake-client before 2.9 (Debian 12 has 2.5.1)', () => {
    const setup = bridgeSetupOf('snowflake', '');
    if (!setup) throw new Error('no built-in snowflake bridges');
    const plan = planBridges(setup, pathWith('snowflake-client'));
    const bridges = plan.torrc.filter((l) => l.startsWith('Bridge '));
    expect(bridges.length).toBe(setup.lines.length);
    for (const line of bridges) {
      const fronts = /fronts=([^,\s]+)/.exec(line)?.[1];
      expect(line).toContain(` front=${fronts}`);
    }
  });
});

describe('bridges in the link settings', () => {
  const values = { ...defaultConfig({ home: base }), 'tor.bridges': 'obfs4' as const };
  const input = { values, env: { PATH: '/usr/bin' }, root: base, dataDir: base, runtimeDir: base };

  it('mean our own tor, always: a running tor would connect without them', () => {
    const own = torLinkOptionsFromConfig({ ...input, platform: { whonix: null, markers: [] } }).ownTor;
    expect(own).toMatchObject({ always: true, searchPath: '/usr/bin', bridges: { choice: 'obfs4' } });
    expect(own?.bridges?.lines.length).toBeGreaterThan(0);
  });

  it('change nothing on Whonix, where the Gateway sets bridges', () => {
    const own = torLinkOptionsFromConfig({ ...input, platform: { whonix: 'workstation', markers: ['/usr/share/anon-ws-base-files/workstation'] } }).ownTor;
    expect(own).toMatchObject({ always: false, bridges: null });
  });
});
