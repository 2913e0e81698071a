// Uploads with curl -F land whole, under the names sent, one folder per upload (plain Node, real HTTP).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  curl,
  httpRequest,
  onlySubmission,
  postParts,
  startReceive,
  stopAll,
  submissionFolders,
  tempDir,
  type Running,
} from './helpers';

const tmp = tempDir('recv-curl');
const inbox = join(tmp.path, 'inbox');
const src = join(tmp.path, 'src');
let r: Running;

beforeAll(async () => {
  r = await startReceive({ receiveDir: inbox });
  mkdirSync(src);
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});
beforeEach(() => {
  for (const f of readdirSync(inbox)) rmSync(join(inbox, f), { recursive: true, force: true });
  r.events.length = 0;
  r.submissions.length = 0;
});

function sourceFile(name: string, data: Buffer | string): string {
  const path = join(src, name);
  writeFileSync(path, data);
  return path;
}

describe('curl -F', () => {
  it('saves several files and the message, byte for byte, in a fresh 0700 folder', async () => {
    const photo = randomBytes(3 * 1024 * 1024 + 17);
    const notes = 'line one\nline two\n';
    const reply = await curl([
      '-F', `file=@${sourceFile('photo.jpg', photo)}`,
      '-F', `file=@${sourceFile('notes.txt', notes)}`,
      '-F', 'text=Hello from curl\r\nsecond line',
      `${r.url}/upload`,
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<h1>Sent</h1>');
    expect(reply.body).toContain('photo.jpg');
    expect(reply.body).toContain('notes.txt');

    const { folder, files } = onlySubmission(inbox);
    expect(folder.split('/').pop()).toMatch(/^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_[0-9a-f]{4}$/);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect([...files.keys()].sort()).toEqual(['message.txt', 'notes.txt', 'photo.jpg']);
    expect(files.get('photo.jpg')?.equals(photo)).toBe(true);
    expect(files.get('notes.txt')?.toString()).toBe(notes);
    // Line breaks as the receiving system writes them.
    expect(files.get('message.txt')?.toString()).toBe('Hello from curl\nsecond line');
  });

  it('reports one upload transfer and a submission record', async () => {
    await curl(['-F', `file=@${sourceFile('a.bin', randomBytes(100_000))}`, '-F', 'text=hi', `${r.url}/upload`]);
    const types = r.events.map((e) => e.type);
    expect(types[0]).toBe('transfer-started');
    expect(types.at(-1)).toBe('transfer-finished');
    const started = r.events[0];
    expect(started).toMatchObject({ type: 'transfer-started', direction: 'upload', name: 'a.bin' });
    expect(started?.type === 'transfer-started' && started.total).toBeGreaterThan(100_000);
    expect(r.events.at(-1)).toMatchObject({ complete: true, wholeShare: false });
    expect(r.submissions).toHaveLength(1);
    expect(r.submissions[0]).toMatchObject({
      outcome: 'received',
      files: [{ name: 'a.bin', size: 100_000 }],
      message: { name: 'message.txt', characters: 2 },
      problem: null,
    });
    expect(r.submissions[0]?.folder).toBe(join(inbox, submissionFolders(inbox)[0] as string));
  });

  it('two files of the same name in one upload are both kept', async () => {
    const one = sourceFile('one', 'first');
    const two = sourceFile('two', 'second');
    const reply = await curl(['-F', `file=@${one};filename=report.pdf`, '-F', `file=@${two};filename=report.pdf`, `${r.url}/upload`]);
    expect(reply.status).toBe(200);
    const { files } = onlySubmission(inbox);
    expect(files.get('report.pdf')?.toString()).toBe('first');
    expect(files.get('report (1).pdf')?.toString()).toBe('second');
  });

  it('two uploads of the same name are both kept, in their own folders', async () => {
    const a = sourceFile('same.txt', 'upload A');
    const first = await curl(['-F', `file=@${a}`, `${r.url}/upload`]);
    writeFileSync(a, 'upload B');
    const second = await curl(['-F', `file=@${a}`, `${r.url}/upload`]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const folders = submissionFolders(inbox);
    expect(folders).toHaveLength(2);
    const contents = folders.map((f) => readFileSync(join(inbox, f, 'same.txt'), 'utf8')).sort();
    expect(contents).toEqual(['upload A', 'upload B']);
  });

  it('an empty file is a file; a message alone is enough', async () => {
    const empty = sourceFile('empty.txt', '');
    expect((await curl(['-F', `file=@${empty}`, `${r.url}/upload`])).status).toBe(200);
    expect((await curl(['-F', 'text=just words', `${r.url}/upload`])).status).toBe(200);
    const sizes = submissionFolders(inbox).map((f) => readdirSync(join(inbox, f)).map((n) => `${n}:${statSync(join(inbox, f, n)).size}`));
    expect(sizes.flat().sort()).toEqual(['empty.txt:0', 'message.txt:10']);
  });

  it('a form with no file chosen and no message is refused with a page, and saves nothing', async () => {
    // What a browser sends for an untouched form: an empty unnamed file part and an empty text.
    const reply = await postParts(r.url, [
      { name: 'file', filename: '', data: '' },
      { name: 'text', data: '' },
    ]);
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('Nothing to send');
    expect(submissionFolders(inbox)).toEqual([]);
    expect(r.events).toEqual([]);
  });
});

describe('routes and headers', () => {
  it('the upload page has a strict CSP that lets the form post to us and nothing else', async () => {
    const page = await httpRequest(r.url, {});
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers.date).toBeUndefined();
    const head = await httpRequest(r.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('GET /upload (a reload of the result) goes back to the page', async () => {
    const reply = await httpRequest(r.url, { path: '/upload' });
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
  });

  it('other methods and paths are refused', async () => {
    expect((await httpRequest(r.url, { method: 'PUT', path: '/upload' })).status).toBe(405);
    expect((await httpRequest(r.url, { method: 'POST', path: '/' })).headers.allow).toBe('GET, HEAD');
    expect((await httpRequest(r.url, { method: 'DELETE', path: '/' })).status).toBe(405);
    expect((await httpRequest(r.url, { path: '/upload/' })).status).toBe(404);
    expect((await httpRequest(r.url, { path: '/../etc/passwd' })).status).toBe(400);
    expect((await httpRequest(r.url, { path: '/', headers: { Host: 'evil.example' } })).status).toBe(421);
  });

  it('a post another website makes the browser send is refused and saves nothing', async () => {
    const reply = await postParts(r.url, [{ name: 'file', filename: 'planted.sh', data: 'rm -rf ~' }], { 'Sec-Fetch-Site': 'cross-site' });
    expect(reply.status).toBe(403);
    const viaOrigin = await postParts(r.url, [{ name: 'file', filename: 'planted.sh', data: 'x' }], { Origin: 'http://evil.example' });
    expect(viaOrigin.status).toBe(403);
    expect(submissionFolders(inbox)).toEqual([]);
  });

  it('a body that is not multipart is refused', async () => {
    const reply = await httpRequest(r.url, {
      method: 'POST',
      path: '/upload',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('text=hello'),
    });
    expect(reply.status).toBe(415);
    expect(submissionFolders(inbox)).toEqual([]);
  });

  it('damaged multipart saves nothing and leaves no .part', async () => {
    const body = Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n' + 'a'.repeat(50_000));
    const reply = await httpRequest(r.url, {
      method: 'POST',
      path: '/upload',
      headers: { 'Content-Type': 'multipart/form-data; boundary=XYZ', 'Content-Length': body.length },
      body,
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('damaged');
    expect(submissionFolders(inbox)).toEqual([]);
  });
});
