// A file whose mtime has a fraction of a millisecond is not "changed" (plain Node):
// the archive shows whole milliseconds, but the reader compares stat's exact
// value with the catalog's, or half of all shared files would be refused.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalog } from '../../../electron/core/share';
import { createArchiveSource } from '../../../electron/core/archive';
import { collect } from './fixtures';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('mtimes with a fraction of a millisecond', () => {
  it('a shared folder whose files have .7 ms mtimes streams as a whole zip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oniondrop-mtime-'));
    dirs.push(dir);
    const fractions = [0.0001, 0.0007, 0.0005, 0.0009];
    fractions.forEach((f, i) => {
      const file = join(dir, `f${i}.txt`);
      writeFileSync(file, `file ${i}\n`.repeat(100));
      utimesSync(file, 1_700_000_000, 1_700_000_000 + f);
    });
    // The filesystem kept the fraction (otherwise this test proves nothing).
    expect(statSync(join(dir, 'f1.txt')).mtimeMs % 1).toBeGreaterThan(0.5);
    const catalog = await buildCatalog([dir]);
    const source = createArchiveSource(catalog, { name: 'x.zip', compress: false });
    const bytes = await collect(await source.stream(null));
    expect(bytes.length).toBe(source.size);
    // And a resumed range from the middle of the second file.
    const part = await collect(await source.stream({ start: 700, end: source.size! - 1 }));
    expect(part.equals(bytes.subarray(700))).toBe(true);
  });
});
