// Several modes on one address (OnionShare #1517): share and receive under
// /share/ and /receive/ of one front door, a landing page at '/' that links
// them without script, every link and redirect under its mode's prefix, and
// one ModeServer for the session (plain Node, real HTTP, a real Session).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShareOptions } from '../../../electron/contract';
import { fileKeyStore } from '../../../electron/core/key-store';
import { composedModeServer } from '../../../electron/core/modes/mode-part';
import { receivePart } from '../../../electron/core/modes/receive-mode';
import { sharePart } from '../../../electron/core/modes/share-mode';
import { Session } from '../../../electron/core/session';
import { buildCatalog } from '../../../electron/core/share/catalog';
import { shareOptions } from '../../helpers/share-options';
import { multipart } from '../receive/helpers';
import { expectSecureHeaders, tempDir } from '../share/helpers';

const tmp = tempDir('composed');
const inbox = join(tmp.path, 'inbox');
let session: Session;
let url: string;

beforeAll(async () => {
  const trip = join(tmp.path, 'trip');
  mkdirSync(trip);
  writeFileSync(join(trip, 'beach.txt'), 'sand');
  const notes = join(tmp.path, 'notes.txt');
  writeFileSync(notes, 'hello');
  const opts: ShareOptions = shareOptions({
    public: true,
    stopAfterFirstDownload: false,
    receive: { folder: inbox, maxFileSize: 0, maxTotalSize: 0, disableText: false, disableFiles: false },
  });
  const catalog = await buildCatalog([trip, notes]);
  session = new Session({
    label: 'composed',
    options: opts,
    startServer: composedModeServer([sharePart(catalog, opts), receivePart(opts, { minFreeSpace: 0, maxMessageLength: 1000 })]),
    link: null,
    platform: { whonix: null, markers: [], qubes: false, tails: false },
    listenHost: '127.0.0.1',
    portRange: { first: 17600, last: 17659 },
    keys: fileKeyStore(join(tmp.path, 'keys')),
  });
  await session.start();
  expect(session.state).toBe('ready');
  url = session.localUrl as string;
});
afterAll(async () => {
  await session.stop();
  tmp.remove();
});

const get = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { redirect: 'manual', ...init });
const allHrefs = (page: string): string[] => [...page.matchAll(/(?:href|action)="([^"]*)"/g)].map((m) => m[1] as string);
/** The links of a mode's own content, without the "Also on this address" line every page of a composed address has. */
const hrefs = (page: string): string[] => allHrefs(page.replace(/<nav class="also-here"[^]*?<\/nav>/, ''));
/** The "Also on this address" line's links. */
const alsoHere = (page: string): string[] => allHrefs(/<nav class="also-here"[^]*?<\/nav>/.exec(page)?.[0] ?? '');

describe('share and receive on one address', () => {
  it('the landing page links both, with no script', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(hrefs(page)).toEqual(['/share/', '/receive/']);
    expect(page).toContain('Download files');
    expect(page).toContain('Send files');
    expect(page).not.toMatch(/<script|\son[a-z]+=/i);
    expectSecureHeaders(Object.fromEntries(r.headers));
  });

  it("every page of one mode links the other's start, refusals too; the landing page has no such line", async () => {
    for (const path of ['/share/', '/share/nothing-here']) {
      const page = await (await get(path)).text();
      expect(alsoHere(page), path).toEqual(['/receive/']);
      expect(page, path).toContain('Also on this address: <a href="/receive/">Send files</a>');
    }
    for (const path of ['/receive/', '/receive/nothing-here']) expect(alsoHere(await (await get(path)).text()), path).toEqual(['/share/']);
    expect(alsoHere(await (await get('/')).text())).toEqual([]);
  });

  it('a mode asked for without its slash is redirected, so relative links resolve under it', async () => {
    for (const [path, location] of [['/share', '/share/'], ['/receive', '/receive/'], ['/receive?x=1', '/receive/?x=1']]) {
      const r = await get(path as string);
      expect(r.status, path).toBe(308);
      expect(r.headers.get('location')).toBe(location);
    }
  });

  it('the share page links its download, folders and files under /share/, and they download', async () => {
    const page = await (await get('/share/')).text();
    const links = hrefs(page);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith('/share/'), link).toBe(true);
    const folder = links.find((l) => l.endsWith('/trip/')) as string;
    const folderPage = await (await get(folder)).text();
    expect(hrefs(folderPage)).toContain('/share/');
    const file = hrefs(folderPage).find((l) => l.endsWith('/beach.txt')) as string;
    expect(await (await get(file)).text()).toBe('sand');
    const zip = await get(links.find((l) => l.startsWith('/share/download/')) as string);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    await zip.arrayBuffer();
    // A folder without its slash redirects under the prefix too.
    const bare = await get(folder.slice(0, -1));
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe(folder);
  });

  it("refusals inside a mode link back to that mode's start", async () => {
    const share404 = await get('/share/nothing-here');
    expect(share404.status).toBe(404);
    expect(hrefs(await share404.text())).toEqual(['/share/']);
    const receive404 = await get('/receive/nothing-here');
    expect(receive404.status).toBe(404);
    expect(hrefs(await receive404.text())).toEqual(['/receive/']);
    const door404 = await get('/chat/');
    expect(door404.status).toBe(404);
    expect(hrefs(await door404.text())).toEqual(['/']);
  });

  it('the upload form posts under /receive/, and the upload lands; only receive pages may post', async () => {
    const form = await get('/receive/');
    const page = await form.text();
    expect(hrefs(page)).toEqual(['/receive/upload']);
    expect(form.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect((await get('/share/')).headers.get('content-security-policy')).toContain("form-action 'none'");
    expect((await get('/')).headers.get('content-security-policy')).toContain("form-action 'none'");

    const { body, contentType } = multipart([{ name: 'file', filename: 'letter.txt', data: 'dear sharer' }]);
    const sent = await get('/receive/upload', { method: 'POST', headers: { 'Content-Type': contentType }, body: new Uint8Array(body) });
    expect(sent.status).toBe(200);
    expect(hrefs(await sent.text())).toEqual(['/receive/']);
    const [folder] = readdirSync(inbox);
    expect(readFileSync(join(inbox, folder as string, 'letter.txt'), 'utf8')).toBe('dear sharer');
    const reload = await get('/receive/upload');
    expect(reload.status).toBe(303);
    expect(reload.headers.get('location')).toBe('/receive/');
  });

  it("both modes' transfers reach the one session", () => {
    const directions = new Set(session.transfers.list().map((t) => t.direction));
    expect(directions).toEqual(new Set(['download', 'upload']));
  });
});
