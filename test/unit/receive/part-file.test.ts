// .part files and final names that never overwrite (plain Node, real files).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimName, PartFile, writeNewFile } from '../../../electron/core/receive/part-file';

const root = mkdtempSync(join(tmpdir(), 'oniondrop-part-'));
let dir: string;
let n = 0;
beforeEach(() => {
  dir = join(root, String(n++));
  mkdirSync(dir);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PartFile', () => {
  it('writes to <name>.part and renames only on complete', async () => {
    const part = await PartFile.create(dir, 'photo.jpg');
    await part.write(Buffer.from('hello '));
    expect(readdirSync(dir)).toEqual(['photo.jpg.part']);
    await part.write(Buffer.from('world'));
    expect(await part.complete()).toBe('photo.jpg');
    expect(readdirSync(dir)).toEqual(['photo.jpg']);
    expect(readFileSync(join(dir, 'photo.jpg'), 'utf8')).toBe('hello world');
    expect(statSync(join(dir, 'photo.jpg')).mode & 0o777).toBe(0o600);
  });

  it('discard leaves nothing', async () => {
    const part = await PartFile.create(dir, 'a.bin');
    await part.write(Buffer.alloc(1000));
    await part.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never overwrites: an existing name gets (1), (2)', async () => {
    writeFileSync(join(dir, 'r.pdf'), 'original');
    const names: string[] = [];
    for (const body of ['one', 'two']) {
      const part = await PartFile.create(dir, 'r.pdf');
      await part.write(Buffer.from(body));
      names.push(await part.complete());
    }
    expect(names).toEqual(['r (1).pdf', 'r (2).pdf']);
    expect(readFileSync(join(dir, 'r.pdf'), 'utf8')).toBe('original');
    expect(readFileSync(join(dir, 'r (2).pdf'), 'utf8')).toBe('two');
  });

  it('racing completions of the same name each get their own file', async () => {
    const parts = await Promise.all(Array.from({ length: 10 }, () => PartFile.create(dir, 'same.txt')));
    await Promise.all(parts.map((p, i) => p.write(Buffer.from(String(i)))));
    const names = await Promise.all(parts.map((p) => p.complete()));
    expect(new Set(names).size).toBe(10);
    const contents = names.map((name) => readFileSync(join(dir, name), 'utf8')).sort();
    expect(contents).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('does not write through a symlink planted under the .part name', async () => {
    const target = join(root, `target-${n}`);
    writeFileSync(target, 'do not touch');
    symlinkSync(target, join(dir, 'x.txt.part'));
    const part = await PartFile.create(dir, 'x.txt');
    expect(part.partPath).toBe(join(dir, 'x.txt (1).part'));
    await part.write(Buffer.from('new'));
    expect(await part.complete()).toBe('x.txt');
    expect(readFileSync(target, 'utf8')).toBe('do not touch');
  });
});

describe('writeNewFile and claimName', () => {
  it('writeNewFile numbers a taken name', async () => {
    expect(await writeNewFile(dir, 'message.txt', Buffer.from('a'))).toBe('message.txt');
    expect(await writeNewFile(dir, 'message.txt', Buffer.from('b'))).toBe('message (1).txt');
    expect(readFileSync(join(dir, 'message (1).txt'), 'utf8')).toBe('b');
  });

  it('claimName passes other errors through', async () => {
    const err = Object.assign(new Error('nope'), { code: 'EACCES' });
    await expect(claimName('a', () => Promise.reject(err))).rejects.toBe(err);
  });
});
