// Test helpers for the website server: a small site on disk and requests over real HTTP (plain Node).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { startWebsiteServer, type WebsiteServer, type WebsiteServerOptions } from '../../../electron/core/website/website-server';
import { tempDir } from '../../helpers/local';

export const SECRET = 'SECRET-OUTSIDE-THE-SITE';

export const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>original</title>
<link rel="stylesheet" href="/style.css">
<script>document.title = 'inline ran';</script>
<script src="/app.js"></script>
</head><body><h1>Home</h1><a href="sub/">sub</a></body></html>
`;

/**
 * site/
 *   index.html app.js style.css notes.txt + one file per content type
 *   sub/index.html sub/page.html
 *   docs/            (no index: listed) a.txt, deeper/b.txt, out.txt -> ../../outside/secret.txt
 *   link-in.html -> index.html     link-out.html -> ../outside/secret.txt     dirlink -> sub
 * outside/secret.txt
 */
export function makeSite(root: string): string {
  const site = join(root, 'site');
  const outside = join(root, 'outside');
  mkdirSync(join(site, 'sub'), { recursive: true });
  mkdirSync(join(site, 'docs', 'deeper'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(site, 'index.html'), INDEX_HTML);
  writeFileSync(join(site, 'app.js'), "document.documentElement.dataset.external = 'ran';\n");
  writeFileSync(join(site, 'style.css'), 'h1 { color: rgb(1, 2, 3); }\n');
  writeFileSync(join(site, 'notes.txt'), '0123456789abcdefghij');
  writeFileSync(join(site, 'sub', 'index.html'), '<!doctype html><title>sub</title><p>sub index');
  writeFileSync(join(site, 'sub', 'page.html'), '<!doctype html><title>page</title><p>sub page');
  writeFileSync(join(site, 'docs', 'a.txt'), 'doc a');
  writeFileSync(join(site, 'docs', 'deeper', 'b.txt'), 'doc b');
  for (const name of ['logo.svg', 'img.png', 'photo.jpg', 'pic.webp', 'font.woff2', 'data.json', 'mod.mjs', 'mod.wasm', 'blob.xyz']) {
    writeFileSync(join(site, name), `content of ${name}`);
  }
  symlinkSync(join(outside, 'secret.txt'), join(site, 'docs', 'out.txt'));
  symlinkSync(join(site, 'index.html'), join(site, 'link-in.html'));
  symlinkSync(join(outside, 'secret.txt'), join(site, 'link-out.html'));
  symlinkSync(join(site, 'sub'), join(site, 'dirlink'));
  return site;
}

const servers: WebsiteServer[] = [];
export async function startSite(options: Partial<WebsiteServerOptions> & Pick<WebsiteServerOptions, 'root'>): Promise<WebsiteServer> {
  const server = await startWebsiteServer({ host: '127.0.0.1', ...options });
  servers.push(server);
  return server;
}
export async function stopAll(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export function get(server: WebsiteServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: server.host, port: server.port, path, method, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const body = Buffer.concat(parts);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export { tempDir };
