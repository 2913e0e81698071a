// Problems that lose nothing: a share on a "Whonix-Workstation" behind the
// onion-grater test proxy loaded with Whonix's stock OnionShare profile, in
// front of a real (networkless) tor. Each case once produced a false message;
// each now reads, in words, what happened (plain Node).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { startOnionGrater, type OnionGraterProxy } from '../../fixtures/onion-grater/onion-grater';
import { STOCK_ONIONSHARE_PROFILE } from '../../fixtures/whonix/stock-profile';
import { Session } from '../../../electron/core/session';
import { shareModeServer } from '../../../electron/core/modes/share-mode';
import { buildCatalog } from '../../../electron/core/share';
import { createTorLink } from '../../../electron/core/tor/link';
import type { TorLink } from '../../../electron/core/tor/link-types';
import { fileKeyStore } from '../../../electron/core/key-store';
import type { Problem, ShareOptions } from '../../../electron/contract';
import type { Platform } from '../../../electron/core/platform';
import { problemText } from '../../../i18n/problem-text';
import { translatorFor } from '../../../i18n/messages';
import { shareOptions } from '../../helpers/share-options';
import { eventually } from '../tor-link/link-helpers';

const WHONIX: Platform = { whonix: 'workstation', markers: ['/usr/share/anon-ws-base-files/workstation'], qubes: false, tails: false };
const WORKSTATION = '10.152.152.11';
const STOCK = readFileSync(STOCK_ONIONSHARE_PROFILE, 'utf8');
/**
 * The stock profile's own key redaction (`250-PrivateKey={}:redacted`, which
 * it applies to OnionShare's older command form) applied to the public form
 * OnionDrop sends: a Gateway whose profile withholds the new key.
 */
const REDACTING = STOCK.replace(
  "        replacement: 'NEW:{} Port=80,{client-address}:{}'\n",
  "        replacement: 'NEW:{} Port=80,{client-address}:{}'\n" +
    '        response:\n' +
    "        - pattern:     '250-PrivateKey=(\\S+):\\S+'\n" +
    "          replacement: '250-PrivateKey={}:redacted'\n",
);
const en = translatorFor('en');

let tor: TorHandle;
let dir: string;
let n = 0;
const proxies: OnionGraterProxy[] = [];
const links: TorLink[] = [];
const sessions: Session[] = [];

beforeAll(async () => {
  tor = await startTor();
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-problems-'));
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()));
  await Promise.all(links.splice(0).map((l) => l.close()));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await stopAllTors();
  rmSync(dir, { recursive: true, force: true });
});

async function throughGrater(profile: string, upstream: TorHandle = tor): Promise<TorLink> {
  n += 1;
  const proxy = await startOnionGrater({
    profile,
    upstream: { path: upstream.controlSocketPath as string },
    upstreamCookieFile: upstream.cookiePath,
    listen: { path: join(dir, `grater-${n}`) },
    clientAddress: WORKSTATION,
  });
  proxies.push(proxy);
  const link = createTorLink({
    detect: { env: { TOR_CONTROL_IPC_PATH: proxy.path as string }, root: join(dir, 'no-root') },
    platform: WHONIX,
    ownTor: null,
    publishTimeoutMs: 300,
    // onion-grater keeps the app connected while tor restarts behind it: look often.
    watchIntervalMs: 300,
    backoff: { initialMs: 100, maxMs: 400 },
  });
  links.push(link);
  return link;
}

async function share(link: TorLink, opts: ShareOptions): Promise<Session> {
  const file = join(dir, `f${n}.txt`);
  writeFileSync(file, 'evidence\n');
  const catalog = await buildCatalog([file]);
  const s = new Session({
    label: 'test',
    options: opts,
    startServer: shareModeServer(catalog, opts),
    link,
    platform: WHONIX,
    listenHost: '127.0.0.1',
    portRange: { first: 17600, last: 17659 },
    keys: fileKeyStore(join(dir, `keys-${n}`)),
  });
  sessions.push(s);
  await s.start();
  return s;
}

function words(problem: Problem): string {
  const t = problemText(problem, en.t, 'en');
  return `${t.title} | ${t.body} | ${t.fix}`;
}

/** Kills tor and starts it again on its DataDirectory; onion-grater reconnects to it by itself. */
async function restartTor(): Promise<void> {
  await tor.stop();
  tor = await startTor({ baseDir: tor.baseDir });
}

describe("behind onion-grater with Whonix's stock profile", () => {
  it('an optional command refused on a running share (the Check of a private share) is a warning, and the share stays online', async () => {
    const link = await throughGrater(STOCK);
    const s = await share(link, shareOptions({ public: false, stopAfterFirstDownload: false }));
    expect(s.state).toBe('ready');
    await s.checkReachable();
    // Not "unreachable": the check could not run (ONION_CLIENT_AUTH_ADD filtered).
    expect(s.reachable).toBe('cannot-check');
    const warning = s.warnings.find((w) => w.kind === 'filtered');
    expect(warning).toMatchObject({ kind: 'filtered', command: 'ONION_CLIENT_AUTH_ADD', required: false, without: 'self-check', whonix: true });
    expect(words(warning as Problem)).toContain('OnionDrop works without it');
    expect(words(warning as Problem)).not.toMatch(/cannot go online|did not start/);
    expect(s.state).toBe('ready');
    expect(s.problem).toBeNull();
  });

  it('a public share whose re-add the profile refuses after tor restarts: the share stopped because it could not come back, and the fix is the own profile', async () => {
    const link = await throughGrater(STOCK);
    const s = await share(link, shareOptions({ public: true, stopAfterFirstDownload: false }));
    expect(s.state).toBe('ready');
    await restartTor();
    await eventually(20_000, 'the share ends', () => s.state === 'failed');
    expect(s.problem).toEqual({
      kind: 'filtered',
      command: 'ADD_ONION',
      whonix: true,
      stockProfileAllows: false,
      required: true,
      step: 'restore',
    });
    const text = words(s.problem as Problem);
    expect(text).toContain('The share was online, but Tor restarted');
    expect(text).toContain('/usr/share/doc/oniondrop/onion-grater/40_oniondrop.yml');
    expect(text).not.toContain('onion-grater-add');
  }, 40_000);

  it("a profile that withholds the new key: a warning in words (not \"something went wrong inside OnionDrop\"), then a clear end when tor restarts", async () => {
    const link = await throughGrater(REDACTING);
    const s = await share(link, shareOptions({ public: true, stopAfterFirstDownload: false }));
    expect(s.state).toBe('ready');
    const warning = s.warnings.find((w) => w.kind === 'onion');
    expect(warning).toEqual({ kind: 'onion', problem: 'key-withheld', address: s.onionInfo?.address, whonix: true });
    expect(s.warnings.some((w) => w.kind === 'internal')).toBe(false);
    expect(words(warning as Problem)).toContain("The Gateway's onion-grater profile hid the new address's private key");

    await restartTor();
    await eventually(20_000, 'the share ends', () => s.state === 'failed');
    expect(s.problem).toEqual({ kind: 'onion', problem: 'key-withheld-lost', address: s.onionInfo?.address, whonix: true });
    expect(words(s.problem as Problem)).toContain(`cannot bring back ${s.onionInfo?.address}`);
  }, 40_000);

  it('a first ADD_ONION refused because no profile is enabled: the fix leads with onion-grater-add 40_onionshare in a sysmaint session', async () => {
    // The Gateway's default: a profile that allows nothing OnionDrop needs.
    const link = await throughGrater('---\n- exe-paths: ["*"]\n  users: ["*"]\n  hosts: ["*"]\n  commands:\n    GETINFO:\n      - "version"\n');
    const s = await share(link, shareOptions({ public: true }));
    expect(s.state).toBe('failed');
    expect(s.problem).toMatchObject({ kind: 'filtered', command: 'ADD_ONION', stockProfileAllows: true, required: true, step: 'start' });
    const fix = problemText(s.problem as Problem, en.t, 'en').fix.split('\n');
    expect(fix[0]).toContain('sysmaint session');
    expect(fix[0]).toContain('sudo onion-grater-add 40_onionshare');
    expect(fix.at(-1)).toContain('/usr/share/doc/oniondrop/whonix.md');
  });
});
