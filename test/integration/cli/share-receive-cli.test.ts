// `oniondrop share --with-receive DIR FILE` as a user runs it (plain Node, the
// built CLI, --local-only, real HTTP): one address serves the files at /share/
// and the upload page at /receive/, the landing page links both, the receive
// limits apply, a finished download does not end the receiving, and a receive
// folder inside the shared folder is refused before anything starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { multipart } from '../receive/helpers';

const CLI = resolve(__dirname, '../../../dist/cli.cjs');
let dir: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-cli-share-receive-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[], home = join(dir, 'home')): { child: ChildProcessWithoutNullStreams; output: () => string; waitFor: (re: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ONIONDROP_ROOT: join(dir, 'root'), LANG: 'C.UTF-8' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    waitFor: async (re) => {
      const deadline = Date.now() + 30_000;
      while (!re.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${re}; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return out;
    },
  };
}

const exitOf = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', r));
const filesUnder = (root: string): string[] => (existsSync(root) ? readdirSync(root, { recursive: true, encoding: 'utf8' }) : []);
const hrefs = (page: string): string[] => [...page.matchAll(/(?:href|action)="([^"]*)"/g)].map((m) => m[1] as string);

describe('oniondrop share --with-receive', () => {
  it('one address: the files at /share/, uploads at /receive/ within the limits, and a download does not end the receiving', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'meet at noon\n');
    const inbox = join(dir, 'inbox');
    // The configuration's default stops a share after the first download; with uploads it must not.
    const cli = start(['share', '--local-only', '--with-receive', inbox, '--max-file-size', '16', file]);
    const ready = await cli.waitFor(/Ctrl-C stops the share\./);
    expect(ready).toContain('This address also takes uploads: the files are at /share/ on it, uploads at /receive/');
    expect(ready).toContain(`Uploads are saved in ${inbox}, one folder per upload.`);
    const url = /Serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(ready)?.[1] as string;
    const get = (path: string, init: RequestInit = {}): Promise<Response> => fetch(`${url}${path}`, { redirect: 'manual', ...init });

    expect(hrefs(await (await get('/')).text())).toEqual(['/share/', '/receive/']);
    const sharePage = await (await get('/share/')).text();
    const fileLink = hrefs(sharePage).find((l) => l.startsWith('/share/') && l.includes('notes.txt')) as string;
    expect(fileLink).toBeDefined();
    // A complete download of the whole share.
    expect(await (await get(fileLink)).text()).toBe('meet at noon\n');

    const upload = (name: string, data: string): Promise<Response> => {
      const { body, contentType } = multipart([{ name: 'file', filename: name, data }]);
      return get('/receive/upload', { method: 'POST', headers: { 'Content-Type': contentType }, body: new Uint8Array(body) });
    };
    const tooBig = await upload('big.txt', 'x'.repeat(17));
    expect(tooBig.status).toBe(413);
    await cli.waitFor(/Refused an upload/);
    const sent = await upload('letter.txt', 'dear sharer');
    expect(sent.status).toBe(200);
    await cli.waitFor(/Received 1 file \(.*\) in /);
    const folders = readdirSync(inbox);
    expect(folders).toHaveLength(1);
    expect(readFileSync(join(inbox, folders[0] as string, 'letter.txt'), 'utf8')).toBe('dear sharer');
    // Still serving both after the download and the uploads.
    expect(cli.child.exitCode).toBeNull();
    expect((await get('/share/')).status).toBe(200);
    expect((await get('/receive/')).status).toBe(200);

    cli.child.kill('SIGINT');
    expect(await exitOf(cli.child)).toBe(0);
    expect(cli.output()).toContain('Share stopped.');
  });

  it('asking to stop after the first download as well is a usage error naming the flag', async () => {
    const cli = start(['share', '--local-only', '--stop-after-first', '--with-receive', join(dir, 'inbox2'), join(dir, 'notes.txt')]);
    expect(await exitOf(cli.child)).toBe(2);
    expect(cli.output()).toMatch(/stop-after-first/);
    expect(existsSync(join(dir, 'inbox2'))).toBe(false);
  });

  it("a persistent address keeps its files' hashes in the data folder for next time; any other keeps no record", async () => {
    const file = join(dir, 'kept.txt');
    writeFileSync(file, 'same file next time\n');
    const sha256 = createHash('sha256').update('same file next time\n').digest('hex');
    const run = async (home: string, extra: string[]): Promise<void> => {
      const cli = start(['share', '--local-only', '--with-receive', join(dir, 'inbox-kept'), ...extra, file], home);
      const url = /Serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(await cli.waitFor(/Ctrl-C stops the share\./))?.[1] as string;
      // The hashes are worked out in the background after ready; the manifest shows them once done.
      for (let manifest = ''; !manifest.includes(sha256); await new Promise((r) => setTimeout(r, 100))) {
        manifest = await (await fetch(`${url}/share/manifest.json`)).text();
      }
      cli.child.kill('SIGINT');
      expect(await exitOf(cli.child)).toBe(0);
    };
    const found = (home: string): string[] => filesUnder(home).filter((f) => f.endsWith('file-hashes.json'));

    const persistentHome = join(dir, 'home-persistent');
    await run(persistentHome, ['--persistent', 'kept']);
    const [cache] = found(persistentHome);
    expect(cache).toBeDefined();
    expect(readFileSync(join(persistentHome, cache as string), 'utf8')).toContain(sha256);

    const freshHome = join(dir, 'home-fresh');
    await run(freshHome, []);
    expect(found(freshHome)).toEqual([]);
  });

  it('a receive folder inside a shared folder is refused before anything starts', async () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    writeFileSync(join(shared, 'a.txt'), 'a');
    const cli = start(['share', '--local-only', '--with-receive', join(shared, 'uploads'), shared]);
    expect(await exitOf(cli.child)).toBe(1);
    expect(cli.output()).toContain('Choose a folder for uploads outside the folders you share.');
    expect(cli.output()).not.toContain('Serving on');
  });
});
