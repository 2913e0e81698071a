// The app's core over a private Tor network (plain Node, real tors on loopback):
// a share found through TOR_CONTROL_IPC_PATH/TOR_SOCKS_IPC_PATH exactly as on
// Whonix, downloaded by another tor; private shares, resume, the reachability
// self-check, a gateway tor crash and restart, an upload, and a chat room.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadAppContext, type AppContext } from '../../../electron/core/app-context';
import { createLinkFor } from '../../../electron/core/link-factory';
import { chatModeServer } from '../../../electron/core/modes/chat-mode';
import { receiveModeServer } from '../../../electron/core/modes/receive-mode';
import { shareModeServer } from '../../../electron/core/modes/share-mode';
import { Session, type SessionEvent, type StartServer } from '../../../electron/core/session';
import { buildCatalog } from '../../../electron/core/share';
import { base32Decode } from '../../../electron/core/tor/onion-keys';
import type { TorLink } from '../../../electron/core/tor/link-types';
import type { ShareOptions } from '../../../electron/contract';
import { SocksError, startTorNet, type ControlConnection, type SocksHttpRequest, type SocksHttpResponse, type TorClient, type TorNet } from '../../tornet';
import { shareOptions } from '../../helpers/share-options';
import { chatSocketThroughSocks } from './chat-through-socks';

type Name = 'gateway' | 'downloader';

const MiB = 1024 * 1024;
const dirs: string[] = [];
const sessions: Session[] = [];
const links: TorLink[] = [];
const controls: ControlConnection[] = [];
const children: ChildProcess[] = [];
let net: TorNet<Name> | undefined;

function tornet(): TorNet<Name> {
  if (!net) throw new Error('the private Tor network did not start');
  return net;
}

beforeAll(async () => {
  net = await startTorNet({ clients: ['gateway', 'downloader'], onLog: (line) => console.log(line) });
  console.log(`[over-tor] network up: ${JSON.stringify(net.timings)}`);
}, 150_000);

afterEach(async () => {
  // `oniondrop get` children die with their test, also when it failed.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  for (const c of controls.splice(0)) c.close();
  await Promise.all(sessions.splice(0).map((s) => s.stop()));
  await Promise.all(links.splice(0).map((l) => l.close()));
});

afterAll(async () => {
  await net?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 30_000);

function tempDir(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `oniondrop-over-tor-${tag}-`));
  dirs.push(d);
  return d;
}

/** Thrown when a step fails or times out: names the step and shows the tors' last log lines. */
class StepError extends Error {
  readonly kind = 'step-failed' as const;
  constructor(
    readonly step: string,
    readonly detail: string,
  ) {
    super(`step "${step}" failed: ${detail}`);
    this.name = 'StepError';
  }
}

function torLogs(): string {
  if (!net) return '';
  return net.clientList.map((c: TorClient) => `--- ${c.name} tor, last lines ---\n${c.logTail(25)}`).join('\n');
}

async function step<T>(name: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new StepError(name, `${detail}\n${torLogs()}`);
  } finally {
    clearTimeout(timer);
  }
}

function options(patch: Partial<ShareOptions> = {}): ShareOptions {
  return shareOptions({
    public: true,
    stopAfterFirstDownload: false,
    receive: { folder: tempDir('inbox'), maxFileSize: 0, maxTotalSize: 0, disableText: false, disableFiles: false },
    ...patch,
  });
}

/**
 * The app's context as on a Whonix-Workstation: tor found only through the
 * *_IPC_PATH variables. `startOwn`: as on plain Debian, where the app may
 * start a tor of its own when none answers.
 */
function appContext(startOwn = false): AppContext {
  const gw = tornet().clients.gateway;
  const home = tempDir('home');
  return loadAppContext({
    root: tempDir('root'),
    home,
    env: {
      TOR_CONTROL_IPC_PATH: gw.controlSocketPath,
      TOR_SOCKS_IPC_PATH: gw.socksSocketPath,
      HOME: home,
      ONIONDROP_TOR_START_OWN: startOwn ? 'true' : 'false',
    },
  });
}

function appLink(app: AppContext): TorLink {
  const link = createLinkFor(app);
  links.push(link);
  return link;
}

function newSession(app: AppContext, link: TorLink, startServer: StartServer, opts: ShareOptions, label: string): { s: Session; events: SessionEvent[] } {
  const s = new Session({
    label,
    options: opts,
    startServer,
    link,
    platform: app.platform,
    listenHost: app.listen.host,
    portRange: app.portRange,
    keys: app.keys,
  });
  sessions.push(s);
  const events: SessionEvent[] = [];
  s.on((e) => events.push(e));
  return { s, events };
}

async function startShare(paths: string[], opts: ShareOptions, label: string, app = appContext(), link = appLink(app)): Promise<{ s: Session; events: SessionEvent[]; url: string }> {
  const catalog = await buildCatalog(paths);
  const made = newSession(app, link, shareModeServer(catalog, opts), opts, label);
  return { ...made, url: await publish(made.s, label) };
}

/** Starts the session and waits for `ready` with the descriptor upload seen; returns the onion URL. */
async function publish(s: Session, label: string): Promise<string> {
  await step(`${label}: start and publish`, 90_000, async () => {
    await s.start();
    if (s.state !== 'ready') throw new Error(`session is ${s.state}, problem ${JSON.stringify(s.problem)}`);
  });
  expect(s.onionInfo?.published).toBe('yes');
  expect(s.onionInfo?.address).toMatch(/^[a-z2-7]{56}\.onion$/);
  return s.onionInfo?.url ?? '';
}

/** A fresh SOCKS username per fetch: each gets its own circuits on the downloader. */
function download(req: Omit<SocksHttpRequest, 'username' | 'password'>): Promise<SocksHttpResponse> {
  return tornet().fetchThroughSocks({ client: 'downloader', username: `dl-${randomBytes(6).toString('hex')}`, password: 'x', timeoutMs: 90_000, ...req });
}

function until(what: string, ms: number, test: () => boolean): Promise<void> {
  return step(what, ms, async () => {
    while (!test()) await new Promise((r) => setTimeout(r, 100));
  });
}

const states = (events: SessionEvent[]): string[] =>
  events.filter((e): e is Extract<SessionEvent, { type: 'state' }> => e.type === 'state').map((e) => e.state);

function zipOf(dir: string, files: Record<string, Buffer>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    // Plain writes: mtimes keep their sub-millisecond fraction, as users' files do.
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

async function unzipTest(zip: Buffer): Promise<string> {
  const file = join(tempDir('zip'), 'got.zip');
  writeFileSync(file, zip);
  const { stdout } = await promisify(execFile)('unzip', ['-t', file]);
  return stdout;
}

describe('a share over a private Tor network, tor found as on Whonix', () => {
  it('public share: a single file, then a multi-file zip, arrive intact at another tor', async () => {
    const dir = tempDir('src');
    const single = randomBytes(300_000);
    writeFileSync(join(dir, 'report.pdf'), single);
    const one = await startShare([join(dir, 'report.pdf')], options(), 'single file');
    const got = await step('single file: download through the downloader tor', 120_000, () =>
      download({ url: `${one.url}/download/report.pdf`, retry: { forMs: 60_000 } }),
    );
    expect(got.status).toBe(200);
    expect(got.body.equals(single)).toBe(true);

    const folder = zipOf(join(dir, 'photos'), { 'a.jpg': randomBytes(200_000), 'sub/b.txt': Buffer.from('hello over tor\n') });
    const extra = join(dir, 'notes.txt');
    writeFileSync(extra, 'notes');
    const many = await startShare([folder, extra], options(), 'zip');
    const local = await step('zip: fetch from the local listener', 20_000, () => fetch(`${many.s.localUrl}/`).then((r) => r.text()));
    const path = /href="(\/download\/[^"]+\.zip)"/.exec(local)?.[1];
    expect(path).toBeDefined();
    const zip = await step('zip: download through the downloader tor', 120_000, () => download({ url: `${many.url}${path}`, retry: { forMs: 60_000 } }));
    expect(zip.status).toBe(200);
    const whole = Buffer.from(await (await fetch(`${many.s.localUrl}${path}`)).arrayBuffer());
    expect(zip.body.equals(whole)).toBe(true);
    const listing = await unzipTest(zip.body);
    expect(listing).toMatch(/No errors detected/);
    expect(listing).toMatch(/photos\/sub\/b\.txt/);
    expect(listing).toMatch(/notes\.txt/);
  }, 200_000);

  it('private share: refused without the client-auth key (0xF4), served once the downloader tor has it', async () => {
    const dir = tempDir('src');
    const data = randomBytes(100_000);
    writeFileSync(join(dir, 'secret.bin'), data);
    const { s, url } = await startShare([join(dir, 'secret.bin')], options({ public: false }), 'private');
    const serviceId = (s.onionInfo?.address ?? '').replace(/\.onion$/, '');
    const privateKey = s.onionInfo?.privateKey ?? '';
    expect(privateKey).toMatch(/^[A-Z2-7]{52}$/);

    // Tor first has to find the descriptor (0xF0 ... while it propagates); then it can only say the key is missing.
    const refusal = await step('private: fetch without the key is refused', 90_000, async () => {
      for (;;) {
        try {
          const res = await download({ url: `${url}/download/secret.bin` });
          return { res };
        } catch (error) {
          if (error instanceof SocksError && error.reply === 0xf4) return { error };
          if (!(error instanceof SocksError && error.failure === 'reply')) throw error;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    });
    expect(refusal.res).toBeUndefined();
    expect(refusal.error?.reply).toBe(0xf4);

    const control = await tornet().clients.downloader.control();
    controls.push(control);
    const raw = base32Decode(privateKey);
    await control.command(`ONION_CLIENT_AUTH_ADD ${serviceId} x25519:${raw.toString('base64')}`);
    raw.fill(0);
    try {
      const got = await step('private: fetch with the key', 120_000, () => download({ url: `${url}/download/secret.bin`, retry: { forMs: 60_000 } }));
      expect(got.status).toBe(200);
      expect(got.body.equals(data)).toBe(true);
    } finally {
      await control.command(`ONION_CLIENT_AUTH_REMOVE ${serviceId}`).catch(() => undefined);
    }
  }, 200_000);

  it('resume: a zip cut part-way is completed by a ranged request, byte for byte', async () => {
    const dir = tempDir('src');
    const folder = zipOf(join(dir, 'big'), { 'one.bin': randomBytes(2 * MiB), 'two.bin': randomBytes(2 * MiB) });
    const { s, url } = await startShare([folder], options(), 'resume');
    const path = '/download/big.zip';
    const whole = Buffer.from(await (await fetch(`${s.localUrl}${path}`)).arrayBuffer());
    expect(whole.length).toBeGreaterThan(4 * MiB);

    const cut = 1_500_000;
    const first = await step('resume: first part, cut', 120_000, () => download({ url: `${url}${path}`, abortAfterBytes: cut, retry: { forMs: 60_000 } }));
    expect(first.status).toBe(200);
    expect(first.aborted).toBe(true);
    expect(first.body.length).toBe(cut);
    const rest = await step('resume: ranged rest', 120_000, () => download({ url: `${url}${path}`, range: { start: cut }, retry: { forMs: 30_000 } }));
    expect(rest.status).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes ${cut}-${whole.length - 1}/${whole.length}`);
    const joined = Buffer.concat([first.body, rest.body]);
    expect(joined.length).toBe(whole.length);
    expect(joined.equals(whole)).toBe(true);
    expect(await unzipTest(joined)).toMatch(/No errors detected/);
  }, 250_000);

  it("reachability self-check: reachable, through the gateway's SOCKS, with each share's own username and circuit", async () => {
    const dir = tempDir('src');
    writeFileSync(join(dir, 'a.txt'), 'a');
    writeFileSync(join(dir, 'b.txt'), 'b');
    const app = appContext();
    const link = appLink(app);
    const a = await startShare([join(dir, 'a.txt')], options(), 'check a', app, link);
    const b = await startShare([join(dir, 'b.txt')], options(), 'check b', app, link);

    const control = await tornet().clients.gateway.control();
    controls.push(control);
    const streams: string[] = [];
    await control.on('STREAM', (e) => streams.push(e.lines[0]?.text ?? ''));

    await step('check: share a', 150_000, () => a.s.checkReachable());
    await step('check: share b', 150_000, () => b.s.checkReachable());
    expect(a.s.reachable).toBe('reachable');
    expect(b.s.reachable).toBe('reachable');

    // "STREAM <id> SUCCEEDED <circuit> <target> ... SOCKS_USERNAME="...""
    const succeeded = (s: Session): Array<{ circuit: string; username: string | undefined }> => {
      const host = s.onionInfo?.address ?? '';
      return streams
        .map((line) => line.split(' '))
        .filter((f) => f[2] === 'SUCCEEDED' && (f[4] ?? '').startsWith(`${host}:`))
        .map((f) => ({ circuit: f[3] ?? '', username: /SOCKS_USERNAME="([^"]*)"/.exec(f.join(' '))?.[1] }));
    };
    const ownUsername = (s: Session): string => (s as unknown as { onion: { isolation: { username: string } } }).onion.isolation.username;
    const sa = succeeded(a.s);
    const sb = succeeded(b.s);
    expect(sa.length).toBeGreaterThan(0);
    expect(sb.length).toBeGreaterThan(0);
    expect(new Set(sa.map((x) => x.username))).toEqual(new Set([ownUsername(a.s)]));
    expect(new Set(sb.map((x) => x.username))).toEqual(new Set([ownUsername(b.s)]));
    expect(ownUsername(a.s)).not.toBe(ownUsername(b.s));
    const circuitsA = new Set(sa.map((x) => x.circuit));
    expect(sb.some((x) => circuitsA.has(x.circuit))).toBe(false);
  }, 320_000);

  it('receive: an upload through the onion lands in the receive folder', async () => {
    const inbox = tempDir('inbox');
    const opts = options({ receive: { folder: inbox, maxFileSize: 0, maxTotalSize: 0, disableText: false, disableFiles: false } });
    const app = appContext();
    const made = newSession(app, appLink(app), receiveModeServer(opts, { minFreeSpace: 0, maxMessageLength: 1000 }), opts, 'receive');
    const url = await publish(made.s, 'receive');

    const data = randomBytes(150_000);
    const boundary = `----oniondrop${randomBytes(8).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await step('receive: POST /upload through the downloader tor', 120_000, () =>
      download({
        url: `${url}/upload`,
        method: 'POST',
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
        body,
        retry: { forMs: 60_000 },
      }),
    );
    expect(res.status).toBe(200);
    const found = readdirSync(inbox, { recursive: true, encoding: 'utf8' })
      .map((p) => join(inbox, p))
      .filter((p) => p.endsWith('upload.bin') && statSync(p).isFile());
    expect(found).toHaveLength(1);
    expect(readFileSync(found[0] ?? '').equals(data)).toBe(true);
  }, 200_000);

  it("chat: a visitor through the downloader tor, with and without JavaScript, talks with the host; the host's reply arrives on both", async () => {
    const opts = options({ chat: { name: 'Dana', history: false } });
    const app = appContext();
    const made = newSession(app, appLink(app), chatModeServer(opts), opts, 'chat');
    const url = await publish(made.s, 'chat');
    const said = (): string[] => made.events.flatMap((e) => (e.type === 'chat' && e.entry.kind === 'message' ? [`${e.entry.from.name}: ${e.entry.text}`] : []));

    // Tor Browser at "Safest": the room page (a seat, its cookie), then the form.
    const room = await step('chat: open the room through the downloader tor', 120_000, () => download({ url: `${url}/`, retry: { forMs: 60_000 } }));
    expect(room.status).toBe(200);
    const cookie = String(room.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^oniondrop_chat_/);
    const name = /<bdi class="chat-you">([^<]+)<\/bdi>/.exec(room.body.toString('utf8'))?.[1] ?? '';
    const posted = await step('chat: post a message', 60_000, () =>
      download({ url: `${url}/send`, method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: Buffer.from('text=hello+over+tor') }),
    );
    expect(posted.status).toBe(303);
    expect(said()).toEqual([`${name}: hello over tor`]);

    // With JavaScript: the page's WebSocket, through SOCKS with a username of its own.
    const js = await step('chat: the WebSocket through the downloader tor', 90_000, async () => {
      const page = await download({ url: `${url}/` });
      const jsCookie = String(page.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      return chatSocketThroughSocks(tornet().clients.downloader.socks(), url, jsCookie, `chat-${randomBytes(6).toString('hex')}`);
    });
    await until('chat: hello over the socket', 60_000, () => js.frames.some((f) => f.t === 'hello'));
    js.ws.send(JSON.stringify({ t: 'say', text: 'and over the socket', ref: 1 }));
    await until('chat: the host hears the socket', 60_000, () => said().length === 2);

    expect(made.s.chat()?.say('Welcome, both')).toEqual({ ok: true });
    await until('chat: the reply reaches the socket', 60_000, () => js.frames.some((f) => f.t === 'entries' && f.entries.some((e) => e.kind === 'message' && e.text === 'Welcome, both')));
    const list = await step('chat: the reply in the list without JavaScript', 60_000, () => download({ url: `${url}/messages`, headers: { Cookie: cookie } }));
    expect(list.body.toString('utf8')).toContain('Welcome, both');
    expect(list.body.toString('utf8')).toContain('and over the socket');

    await step('chat: stop', 60_000, () => made.s.stop());
    await until('chat: the socket is told the room closed', 30_000, () => js.closed() !== null);
    expect(js.closed()).toEqual({ code: 4000, reason: 'room-closed' });
  }, 300_000);

  // Last: it kills the gateway tor.
  it('gateway tor crash and restart: the share reconnects by itself and the same address serves again', async () => {
    const dir = tempDir('src');
    const data = randomBytes(200_000);
    writeFileSync(join(dir, 'after.bin'), data);
    // Own tor allowed: while the gateway tor is away the app must wait for it, not start one of its own.
    const { s, events, url } = await startShare([join(dir, 'after.bin')], options(), 'restart', appContext(true));
    const address = s.onionInfo?.address;
    const before = await step('restart: download before the crash', 120_000, () => download({ url: `${url}/download/after.bin`, retry: { forMs: 60_000 } }));
    expect(before.body.equals(data)).toBe(true);

    const mark = events.length;
    await step('restart: kill and start the gateway tor on the same DataDirectory', 90_000, () => tornet().clients.gateway.restart({ signal: 'SIGKILL' }));
    await until('restart: session goes reconnecting then ready', 90_000, () => {
      const after = states(events.slice(mark));
      const r = after.indexOf('reconnecting');
      return r >= 0 && after.indexOf('ready', r) > r;
    });
    expect(s.state).toBe('ready');
    expect(s.reconnectedAt).not.toBeNull();
    expect(s.onionInfo?.address).toBe(address);
    // Back on tor at once; "published" follows when tor reports the upload.
    await until('restart: tor reports the upload again', 120_000, () => s.onionInfo?.published === 'yes');
    expect(s.warnings.filter((w) => w.kind === 'publish-unknown' || w.kind === 'tor-bootstrap')).toEqual([]);
    const after = await step('restart: fresh download from the same address', 150_000, () =>
      download({ url: `${url}/download/after.bin`, retry: { forMs: 120_000, everyMs: 2_000 } }),
    );
    expect(after.status).toBe(200);
    expect(after.body.equals(data)).toBe(true);
  }, 400_000);
});

const CLI = resolve(__dirname, '../../../dist/cli.cjs');

/** One line of `oniondrop get --json`. */
interface GetLine {
  type: string;
  totals?: { doneBytes: number; totalBytes: number | null };
  resumedBytes?: number;
  kind?: string;
  exitCode?: number;
  bytesFetched?: number;
  problem?: { kind: string };
  files?: { path: string; savedAs: string | null; verification: { method: string } | null }[];
}

interface GetRun {
  child: ChildProcess;
  lines: GetLine[];
  exited: Promise<number | null>;
}

/** `oniondrop get --json` as a user runs it, with tor found as on Whonix: the downloader tor's sockets. */
function runGet(args: string[]): GetRun {
  const dl = tornet().clients.downloader;
  const home = tempDir('get-home');
  const child = spawn(process.execPath, [CLI, 'get', '--json', ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      ONIONDROP_ROOT: tempDir('get-root'),
      TOR_CONTROL_IPC_PATH: dl.controlSocketPath,
      TOR_SOCKS_IPC_PATH: dl.socksSocketPath,
      ONIONDROP_TOR_START_OWN: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: GetLine[] = [];
  let rest = '';
  child.stdout?.on('data', (d: Buffer) => {
    rest += d.toString();
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as GetLine);
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  void exited.then((code) => {
    if (code !== 0 && stderr) console.log(`[get] exit ${code}: ${stderr}`);
  });
  return { child, lines, exited };
}

/** Runs get until it is past the onion's first appearance (exit 75: not reachable yet), at most three times. */
async function getUntilReached(args: string[]): Promise<{ code: number | null; lines: GetLine[] }> {
  for (let attempt = 1; ; attempt++) {
    const run = runGet(args);
    const code = await run.exited;
    if (code !== 75 || attempt === 3 || run.lines.some((l) => l.type === 'start')) return { code, lines: run.lines };
  }
}

const resultOf = (lines: GetLine[]): GetLine | undefined => lines.find((l) => l.type === 'result');
const startOf = (lines: GetLine[]): GetLine | undefined => lines.find((l) => l.type === 'start');
const partsIn = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.oniondrop-part'));

describe('oniondrop get over the private Tor network', () => {
  it('public share: a folder and a file arrive byte-identical over 4 streams, each SHA-256 verified', async () => {
    const dir = tempDir('get-src');
    const big = randomBytes(3 * MiB + 12345);
    const folder = zipOf(join(dir, 'album'), { 'big.bin': big, 'sub/note.txt': Buffer.from('over four circuits\n') });
    const loose = randomBytes(70_000);
    writeFileSync(join(dir, 'loose.dat'), loose);
    const { url } = await startShare([folder, join(dir, 'loose.dat')], options(), 'get public');
    const dest = tempDir('get-dest');
    const { code, lines } = await step('get: public share', 180_000, () => getUntilReached([url, '--dest', dest, '--streams', '4']));
    expect(code).toBe(0);
    const result = resultOf(lines);
    expect(result?.kind).toBe('complete');
    expect(readFileSync(join(dest, 'album', 'big.bin')).equals(big)).toBe(true);
    expect(readFileSync(join(dest, 'album', 'sub', 'note.txt'), 'utf8')).toBe('over four circuits\n');
    expect(readFileSync(join(dest, 'loose.dat')).equals(loose)).toBe(true);
    expect(result?.files?.map((f) => f.verification?.method)).toEqual(['sha256', 'sha256', 'sha256']);
    expect(partsIn(dest)).toEqual([]);
  }, 240_000);

  it('private share: the key is lent to tor for the download and taken back after', async () => {
    const dir = tempDir('get-src');
    const data = randomBytes(600_000);
    writeFileSync(join(dir, 'secret.bin'), data);
    const { s, url } = await startShare([join(dir, 'secret.bin')], options({ public: false }), 'get private');
    const serviceId = (s.onionInfo?.address ?? '').replace(/\.onion$/, '');
    const dest = tempDir('get-dest');
    const { code, lines } = await step('get: private share', 180_000, () => getUntilReached([url, '--key', s.onionInfo?.privateKey ?? '', '--dest', dest]));
    expect(code).toBe(0);
    expect(readFileSync(join(dest, 'secret.bin')).equals(data)).toBe(true);
    expect(resultOf(lines)?.files?.[0]?.verification?.method).toBe('sha256');
    const control = await tornet().clients.downloader.control();
    controls.push(control);
    const view = await control.command(`ONION_CLIENT_AUTH_VIEW ${serviceId}`);
    expect(JSON.stringify(view)).not.toMatch(/CLIENT /);
  }, 240_000);

  it('killed with SIGKILL at about half, run again: finishes byte-identical, fetching only what was missing', async () => {
    const dir = tempDir('get-src');
    const data = randomBytes(48 * MiB);
    writeFileSync(join(dir, 'large.bin'), data);
    const { url } = await startShare([join(dir, 'large.bin')], options(), 'get resume');
    const dest = tempDir('get-dest');
    const args = [url, '--dest', dest, '--streams', '2'];
    const killed = await step('get: first run, killed at about half', 180_000, async () => {
      for (let attempt = 1; ; attempt++) {
        const run = runGet(args);
        const done = (): number => {
          const progress = run.lines.filter((l) => l.totals !== undefined).at(-1);
          return progress?.totals?.doneBytes ?? 0;
        };
        while (run.child.exitCode === null) {
          if (done() >= data.length / 2) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        if (run.child.exitCode === null) {
          run.child.kill('SIGKILL');
          await run.exited;
          return done();
        }
        if (startOf(run.lines) || attempt === 3) throw new Error(`the first run ended by itself: ${JSON.stringify(resultOf(run.lines))}`);
      }
    });
    expect(killed).toBeGreaterThan(0);
    expect(killed).toBeLessThan(data.length);
    expect(existsSync(join(dest, 'large.bin'))).toBe(false);

    const again = runGet(args);
    const code = await step('get: second run resumes', 180_000, () => again.exited);
    expect(code).toBe(0);
    expect(readFileSync(join(dest, 'large.bin')).equals(data)).toBe(true);
    const resumed = startOf(again.lines)?.resumedBytes ?? 0;
    const fetched = resultOf(again.lines)?.bytesFetched ?? -1;
    console.log(`[get resume] killed at ${killed} of ${data.length} bytes; the second run found ${resumed} and fetched ${fetched}`);
    // The resume state is written every 2 s and every 8 MiB: most of the first half is on record.
    expect(resumed).toBeGreaterThan(data.length / 4);
    // What the first run had on record is not fetched again.
    expect(fetched + resumed).toBe(data.length);
    expect(partsIn(dest)).toEqual([]);
  }, 400_000);

  it('Ctrl-C mid-download exits 130 and says how to resume; the same command then finishes the file', async () => {
    const dir = tempDir('get-src');
    const data = randomBytes(48 * MiB);
    writeFileSync(join(dir, 'clip.bin'), data);
    const { url } = await startShare([join(dir, 'clip.bin')], options(), 'get ctrl-c');
    const dest = tempDir('get-dest');
    const args = [url, '--dest', dest, '--streams', '2'];
    const stopped = await step('get: Ctrl-C during the first run', 180_000, async () => {
      for (let attempt = 1; ; attempt++) {
        const run = runGet(args);
        let sent = false;
        while (run.child.exitCode === null) {
          const done = run.lines.filter((l) => l.totals !== undefined).at(-1)?.totals?.doneBytes ?? 0;
          if (!sent && done > 8 * MiB) {
            run.child.kill('SIGINT');
            sent = true;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        const code = await run.exited;
        if (sent || attempt === 3) return { code, sent, result: resultOf(run.lines) as (GetLine & { resume?: string | null }) | undefined };
      }
    });
    expect(stopped.sent).toBe(true);
    expect(stopped.code).toBe(130);
    expect(stopped.result?.kind).toBe('cancelled');
    expect(stopped.result?.resume).toContain(`--dest ${dest}`);
    expect(existsSync(join(dest, 'clip.bin'))).toBe(false);
    const again = runGet(args);
    expect(await step('get: run again after Ctrl-C', 180_000, () => again.exited)).toBe(0);
    expect(startOf(again.lines)?.resumedBytes).toBeGreaterThan(0);
    expect(readFileSync(join(dest, 'clip.bin')).equals(data)).toBe(true);
  }, 400_000);

  it("a file changed on the sharer's side mid-download is reported; nothing corrupt gets its name", async () => {
    const dir = tempDir('get-src');
    const file = join(dir, 'moving.bin');
    writeFileSync(file, randomBytes(48 * MiB));
    const { url } = await startShare([file], options(), 'get changed');
    const dest = tempDir('get-dest');
    const result = await step('get: the file changes under the download', 180_000, async () => {
      for (let attempt = 1; ; attempt++) {
        const run = runGet([url, '--dest', dest, '--streams', '2']);
        let changed = false;
        while (run.child.exitCode === null) {
          const done = run.lines.filter((l) => l.totals !== undefined).at(-1)?.totals?.doneBytes ?? 0;
          if (!changed && done > 4 * MiB) {
            // Same size, other bytes and mtime: only the check can tell.
            writeFileSync(file, randomBytes(48 * MiB));
            changed = true;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        const code = await run.exited;
        if (changed || attempt === 3) return { code, changed, lines: run.lines };
      }
    });
    expect(result.changed).toBe(true);
    expect(result.code).toBe(1);
    expect(resultOf(result.lines)?.problem?.kind).toBe('get-share-changed');
    expect(existsSync(join(dest, 'moving.bin'))).toBe(false);
  }, 300_000);
});
