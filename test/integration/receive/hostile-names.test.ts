// Hostile file names end up as safe names inside the submission folder, checked on disk (plain Node, real HTTP).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { curl, httpRequest, onlySubmission, postParts, startReceive, stopAll, tempDir, tree, type Part, type Running } from './helpers';

const tmp = tempDir('recv-names');
const inbox = join(tmp.path, 'inbox');
let r: Running;

beforeAll(async () => {
  r = await startReceive({ receiveDir: inbox });
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

/** RFC 8187 form, the way to put any byte (NUL, newline, escape) into a name. */
const ext = (text: string): string => `UTF-8''${encodeURIComponent(text)}`;

interface Case {
  label: string;
  part: Part;
  saved: string;
}

const cases: Case[] = [
  { label: 'path traversal', part: { name: 'file', filename: '../../etc/passwd', data: 'd0' }, saved: 'passwd' },
  { label: 'absolute path', part: { name: 'file', filename: '/root/.ssh/authorized_keys', data: 'd1' }, saved: 'authorized_keys' },
  { label: 'Windows path', part: { name: 'file', filename: '..\\..\\Windows\\win.ini', data: 'd2' }, saved: 'win.ini' },
  { label: 'device name', part: { name: 'file', filename: 'CON', data: 'd3' }, saved: '_CON' },
  { label: 'device name with extension', part: { name: 'file', filename: 'NUL.txt', data: 'd4' }, saved: '_NUL.txt' },
  { label: 'hidden file', part: { name: 'file', filename: '.bashrc', data: 'd5' }, saved: 'bashrc' },
  { label: 'option-like', part: { name: 'file', filename: '-rf', data: 'd6' }, saved: 'rf' },
  { label: 'right-to-left override', part: { name: 'file', filename: Buffer.from('invoice\u202Efdp.exe'), data: 'd7' }, saved: 'invoicefdp.exe' },
  // The '/' of the closing tag counts as a path separator: only what follows it is the name.
  { label: 'markup', part: { name: 'file', filename: '<script>alert(1)</script>.html', data: 'd8' }, saved: 'script_.html' },
  { label: 'decomposed accents', part: { name: 'file', filename: Buffer.from('Cafe\u0301.txt'), data: 'd9' }, saved: 'Café.txt' },
  { label: '1000-byte name', part: { name: 'file', filename: `${'n'.repeat(996)}.txt`, data: 'd10' }, saved: `${'n'.repeat(251)}.txt` },
  {
    label: '1000-byte name of emoji',
    part: { name: 'file', filename: Buffer.from(`${'😀'.repeat(249)}.png`), data: 'd11' },
    saved: `${'😀'.repeat(62)}.png`,
  },
  { label: 'trailing dots and spaces', part: { name: 'file', filename: 'report.pdf. . .', data: 'd12' }, saved: 'report.pdf' },
  { label: 'markup without a slash', part: { name: 'file', filename: '<img src=x onerror=alert(1)>.svg', data: 'd13' }, saved: '_img src=x onerror=alert(1)_.svg' },
  { label: 'the name of an unfinished upload', part: { name: 'file', filename: 'video.part', data: 'd14' }, saved: 'video_part' },
];

describe('hostile names', () => {
  it('every one is saved under a safe name inside the submission folder, nothing outside', async () => {
    const reply = await postParts(
      r.url,
      cases.map((c) => c.part),
    );
    expect(reply.status).toBe(200);
    const { files } = onlySubmission(inbox);
    const expected = cases.map((c) => c.saved);
    expect([...files.keys()].sort()).toEqual([...expected].sort());
    for (const [i, c] of cases.entries()) expect(files.get(c.saved)?.toString(), c.label).toBe(`d${i}`);
    for (const name of files.keys()) expect(Buffer.byteLength(name), name).toBeLessThanOrEqual(255);
    // Nothing escaped the receive folder.
    expect(readdirSync(tmp.path)).toEqual(['inbox']);
    // The page names them escaped, never as markup.
    expect(reply.body).not.toContain('<script>');
    expect(reply.body).not.toContain('<img');
  });

  it('NUL, newlines and terminal escapes in a name (RFC 8187 form) are removed', async () => {
    const { body, contentType } = {
      body: Buffer.from(
        '--B\r\nContent-Disposition: form-data; name="file"; filename*=' +
          ext('evil\u0000name\n\u001b[31m\u0085.txt') +
          '\r\n\r\npayload\r\n--B--\r\n',
      ),
      contentType: 'multipart/form-data; boundary=B',
    };
    const before = new Set(readdirSync(inbox));
    const reply = await httpRequest(r.url, { method: 'POST', path: '/upload', headers: { 'Content-Type': contentType, 'Content-Length': body.length }, body });
    expect(reply.status).toBe(200);
    const folder = readdirSync(inbox).find((f) => !before.has(f)) as string;
    expect(readdirSync(join(inbox, folder))).toEqual(['evilname[31m.txt']);
    expect(readFileSync(join(inbox, folder, 'evilname[31m.txt'), 'utf8')).toBe('payload');
  });

  it('curl with a traversal name saves inside the folder too', async () => {
    const before = new Set(readdirSync(inbox));
    const reply = await curl(['-F', 'file=@/dev/null;filename=../../../../tmp/owned', `${r.url}/upload`]);
    expect(reply.status).toBe(200);
    const added = readdirSync(inbox).filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    expect(tree(join(inbox, added[0] as string))).toEqual(['owned']);
  });
});
