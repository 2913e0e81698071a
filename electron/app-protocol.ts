// The app:// scheme the window is served from: which file a URL names, and
// the response with its security headers (plain Node: fetch's Request and
// Response are Node globals, so main.ts only hands this to protocol.handle).
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { RENDERER_CSP } from './renderer-csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'oniondrop';
/** Compared as scheme + host: URL.origin is "null" for a custom scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Sent with every answer, a 404 included: nothing from app:// is sniffed or runs without the policy. */
const HEADERS = { 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff' } as const;

/**
 * The file under `rendererDir` that `url` names, or null when it names
 * nothing there: another host, a malformed escape, a NUL, or a path that
 * leaves the folder once decoded (`..`, `%2e%2e`, `%2f`).
 */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  let parsed: URL;
  let path: string;
  try {
    parsed = new URL(url);
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || path.includes('\0')) return null;
  const root = resolve(rendererDir);
  // resolve() folds `..` after decoding, so an escaped traversal is caught too.
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  return file.startsWith(root + sep) ? file : null;
}

/** The answer to one app:// request: the file with its type and headers, or 404. */
export async function serveRenderer(request: Pick<Request, 'url'>, rendererDir: string): Promise<Response> {
  const file = rendererFileFor(request.url, rendererDir);
  if (file !== null) {
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { ...HEADERS, 'content-type': MIME[extname(file)] ?? 'application/octet-stream' } });
    } catch {
      // Missing, a folder, unreadable: all the same to the page.
    }
  }
  return new Response('not found', { status: 404, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}
