// What the receive folder says at start: unfinished uploads and a disk below the floor (plain Node, real files).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftoverParts, receiveFolderWarnings } from '../../../electron/core/receive/start-check';

const root = mkdtempSync(join(tmpdir(), 'oniondrop-startcheck-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function folder(files: Record<string, string>): string {
  const dir = join(root, `r${n++}`);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('leftoverParts', () => {
  it('counts .part files in the submission folders, one level down, and names those folders', async () => {
    const dir = folder({ 'b/x.bin.part': '1', 'b/y.part': '2', 'a/z.txt.part': '3', 'c/done.txt': 'ok', 'loose.part': 'not in a submission', 'a/deeper/w.part': 'too deep' });
    expect(await leftoverParts(dir)).toEqual({ files: 3, folders: ['a', 'b'] });
  });

  it('finds nothing in a clean or missing folder, and follows no symlink', async () => {
    const dir = folder({ 'a/done.txt': 'ok' });
    const elsewhere = folder({ 'x/secret.part': 'elsewhere' });
    symlinkSync(join(elsewhere, 'x'), join(dir, 'link'));
    expect(await leftoverParts(dir)).toEqual({ files: 0, folders: [] });
    expect(await leftoverParts(join(root, 'missing'))).toEqual({ files: 0, folders: [] });
  });
});

describe('receiveFolderWarnings', () => {
  it('warns of leftovers and of a disk already below the floor, each once', async () => {
    const dir = folder({ 's/a.part': 'x' });
    expect(await receiveFolderWarnings(dir, 1000, async () => 10)).toEqual([
      { kind: 'leftover-parts', folder: dir, files: 1, submissions: ['s'] },
      { kind: 'low-disk-space', folder: dir, free: 10, floor: 1000 },
    ]);
    expect(await receiveFolderWarnings(folder({}), 1000, async () => 5000)).toEqual([]);
    // No floor: no space warning, however full.
    expect(await receiveFolderWarnings(folder({}), 0, async () => 0)).toEqual([]);
  });
});
