// Per-submission folders: their names, their mode, and removal of a failed one (plain Node).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  createSubmissionFolder,
  ReceiveFolderError,
  removeSubmission,
  submissionFolderName,
} from '../../../electron/core/receive/submission-folder';

const root = mkdtempSync(join(tmpdir(), 'oniondrop-subfolder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('submission folders', () => {
  it('are named by local date and time plus a suffix', () => {
    expect(submissionFolderName(new Date(2026, 10, 27, 14, 3, 5), 'ab12')).toBe('2026-11-27_14-03-05_ab12');
  });

  it('are created mode 0700, a new one each time even in the same second', async () => {
    const at = new Date();
    const made = await Promise.all(Array.from({ length: 20 }, () => createSubmissionFolder(root, at)));
    expect(new Set(made).size).toBe(20);
    for (const dir of made) {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(basename(dir)).toMatch(/^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_[0-9a-f]{4}$/);
    }
  });

  it('removeSubmission removes the files it names and the folder, but nothing it was not told of', async () => {
    const ours = await createSubmissionFolder(root);
    const planted = await createSubmissionFolder(root);
    for (const dir of [ours, planted]) writeFileSync(join(dir, 'a.txt'), 'x');
    writeFileSync(join(planted, 'someone-else.txt'), 'y');
    await removeSubmission(ours, ['a.txt']);
    await removeSubmission(planted, ['a.txt']);
    const left = readdirSync(root);
    expect(left).not.toContain(basename(ours));
    expect(left).toContain(basename(planted));
    expect(readdirSync(planted)).toEqual(['someone-else.txt']);
  });

  it('a missing receive folder is a typed error', async () => {
    await expect(createSubmissionFolder(join(root, 'missing', 'deeper'))).rejects.toBeInstanceOf(ReceiveFolderError);
  });
});
