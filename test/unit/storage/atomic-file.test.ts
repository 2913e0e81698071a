// Private files (settings, share keys) are replaced whole, 0600, with no temp file left behind (plain Node).
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePrivateFileAtomically } from '../../../electron/core/atomic-file';

const dir = mkdtempSync(join(tmpdir(), 'oniondrop-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writePrivateFileAtomically', () => {
  it('replaces a world-readable file with a 0600 one, whatever the umask', () => {
    const file = join(dir, 'key.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    const before = process.umask(0);
    try {
      writePrivateFileAtomically(file, 'new secret');
    } finally {
      process.umask(before);
    }
    expect(readFileSync(file, 'utf8')).toBe('new secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['key.json']);
  });

  it('leaves the old file and no temp file when the replace fails', () => {
    const folder = join(dir, 'fails');
    mkdirSync(join(folder, 'target.json'), { recursive: true }); // a folder cannot be replaced by a file
    expect(() => writePrivateFileAtomically(join(folder, 'target.json'), 'x')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(readdirSync(folder)).toEqual(['target.json']);
    expect(statSync(join(folder, 'target.json')).isDirectory()).toBe(true);
  });
});
