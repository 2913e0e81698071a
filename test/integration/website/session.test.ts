// Website mode plugged into a Session (no Tor): serves the folder with the share options' CSP
// until stopped; a bad folder fails the session with a Problem (plain Node, real HTTP).
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShareOptions } from '../../../electron/contract';
import { fileKeyStore } from '../../../electron/core/key-store';
import { websiteModeServer } from '../../../electron/core/modes/website-mode';
import { Session } from '../../../electron/core/session';
import { afterStop } from '../../helpers/local';
import { tempDir } from './helpers';
import { shareOptions } from '../../helpers/share-options';

const tmp = tempDir('website-session');
afterAll(() => tmp.remove());

function options(website: ShareOptions['website']): ShareOptions {
  return shareOptions({
    public: true,
    stopAfterFirstDownload: false,
    receive: { folder: join(tmp.path, 'unused'), maxFileSize: 0, maxTotalSize: 0, disableText: false, disableFiles: false },
    website,
  });
}

function session(root: string, opts: ShareOptions): Session {
  return new Session({
    label: 'test',
    options: opts,
    startServer: websiteModeServer(root, opts),
    link: null,
    platform: { whonix: null, markers: [], qubes: false, tails: false },
    listenHost: '127.0.0.1',
    portRange: { first: 17600, last: 17659 },
    keys: fileKeyStore(join(tmp.path, 'keys')),
  });
}

describe('website mode in a Session', () => {
  it('serves the folder with the options CSP until stopped', async () => {
    const site = join(tmp.path, 'site');
    mkdirSync(site);
    const html = `<title>${randomUUID()}</title>`;
    writeFileSync(join(site, 'index.html'), html);
    const s = session(site, options({ csp: "default-src 'none'", directoryListing: false, serveDotfiles: false }));
    await s.start();
    expect(s.state).toBe('ready');
    const url = s.localUrl as string;
    const page = await fetch(url);
    expect(await page.text()).toBe(html);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
    await s.stop();
    const after = await afterStop(() => fetch(url).then((r) => r.text()));
    expect(after).not.toBe(html);
  });

  it('serves dotfiles when the share options say so, and .git never', async () => {
    const site = join(tmp.path, 'dotted');
    mkdirSync(join(site, '.git'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<title>t</title>');
    writeFileSync(join(site, '.htaccess'), 'Options -Indexes');
    writeFileSync(join(site, '.git', 'config'), '[remote "origin"]');
    for (const serveDotfiles of [false, true]) {
      const s = session(site, options({ csp: null, directoryListing: true, serveDotfiles }));
      await s.start();
      const url = s.localUrl as string;
      expect((await fetch(`${url}/.htaccess`)).status).toBe(serveDotfiles ? 200 : 404);
      expect((await fetch(`${url}/.git/config`)).status).toBe(404);
      await s.stop();
    }
  });

  it('a folder that is not there fails the session with path-rejected', async () => {
    const s = session(join(tmp.path, 'missing'), options({ csp: null, directoryListing: true, serveDotfiles: false }));
    await s.start();
    expect(s.state).toBe('failed');
    expect(s.problem).toMatchObject({ kind: 'path-rejected', reason: 'not-found' });
  });
});
