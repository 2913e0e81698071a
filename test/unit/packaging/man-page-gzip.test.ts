// Unit tests (plain Node): the .deb's man page is gzipped the way Debian wants (gzip -9n).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MAN_PAGE, MAN_PAGE_GZ, gzipManPage } from '../../../build/deb/prepare.mjs';
import { repoPath } from './builder-config';

const dir = mkdtempSync(join(tmpdir(), 'oniondrop-man-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build/deb/prepare.mjs', () => {
  it('writes to the path the .deb maps, from the committed man page', () => {
    expect(MAN_PAGE).toBe(repoPath('assets/oniondrop.1'));
    expect(MAN_PAGE_GZ).toBe(repoPath('dist/deb/oniondrop.1.gz'));
  });

  it('gzips the man page so that `man` shows exactly the committed page', () => {
    const gz = readFileSync(gzipManPage(MAN_PAGE, join(dir, 'a.gz')));
    expect(gunzipSync(gz).equals(readFileSync(MAN_PAGE))).toBe(true);
  });

  it('stores no name and no time, at best compression, so every build gives the same bytes', () => {
    const first = readFileSync(gzipManPage(MAN_PAGE, join(dir, 'first.gz')));
    const second = readFileSync(gzipManPage(MAN_PAGE, join(dir, 'second.gz')));
    expect(first.equals(second)).toBe(true);
    expect([first[0], first[1], first[2]]).toEqual([0x1f, 0x8b, 8]); // gzip, deflate
    expect(first[3]).toBe(0); // FLG: no FNAME, no comment
    expect(first.readUInt32LE(4)).toBe(0); // MTIME
    expect(first[8]).toBe(2); // XFL: maximum compression
  });
});
