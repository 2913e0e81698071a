// A dropped folder's left-out files are listed, not dropped silently (plain Node + Chromium):
// the real renderer and the real service over a real folder with a link out of it, a pipe
// and broken links. Paths are shown relative to the folder; a link's outside target never is.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bridgeFromService, openApp, runAxe } from './browser';
import { SHOTS, useHarness } from './harness';
import { bodyText, dropFiles } from './real-service';

const h = useHarness();

describe('files a dropped folder leaves out, in Chromium with the real service', () => {
  it('are listed under the items with the reason in words, relative to the folder; Show all lists the rest', async () => {
    const outside = join(h.space.dir, 'private-diary.txt');
    writeFileSync(outside, 'never chosen');
    const folder = join(h.space.dir, 'dropped', 'Project files');
    mkdirSync(join(folder, 'photos'), { recursive: true });
    writeFileSync(join(folder, 'report.pdf'), 'report');
    symlinkSync(outside, join(folder, 'photos', 'diary-link'));
    execFileSync('mkfifo', [join(folder, 'control-pipe')]);
    for (const name of ['old-a', 'old-b', 'old-c', 'old-d']) symlinkSync(join(folder, 'gone', name), join(folder, name));

    const { service } = h.space.machine('plain');
    const app = await openApp(h.browser, h.server, bridgeFromService(service, (names) => names.map((n) => join(h.space.dir, 'dropped', n))));
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Share files/ }).first().click();
      await dropFiles(page, ['Project files']);
      const group = page.getByRole('region', { name: 'Not shared from “Project files” (6)' });
      await group.waitFor();
      const words = ((await group.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(words).toContain('Project files/control-pipe');
      expect(words).toContain('not a regular file (a pipe, socket or device)');
      expect(words).toContain('a link to something that does not exist');
      expect(words).toContain('…and 1 more');
      // Neither the folder's own place on disk nor the link's target.
      const page1 = await bodyText(page);
      expect(page1).not.toContain(outside);
      expect(page1).not.toContain(h.space.dir);
      // The share itself still has what could be shared.
      expect(page1).toContain('1 file');

      await page.screenshot({ path: join(SHOTS, 'skipped-files-real.png') });
      const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);

      // The sixth, in walk order, is behind "Show all".
      expect(words).not.toContain('diary-link');
      await group.getByRole('button', { name: 'Show all' }).click();
      expect(await group.getByRole('listitem').count()).toBe(6);
      const all = ((await group.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(all).toContain('Project files/photos/diary-link');
      expect(all).toContain('a link to something outside the folder');
      expect(all).not.toContain('more');
      expect(await group.getByRole('button', { name: 'Show fewer' }).getAttribute('aria-expanded')).toBe('true');
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
