// Test helpers for the share server over real HTTP on loopback (plain Node).
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { expect } from 'vitest';
import type { ArchiveSource } from '../../../electron/core/share/archive-source';
import type { Catalog, CatalogFile } from '../../../electron/core/share/catalog';
import { archiveEtag } from '../../../electron/core/share/etag';
import type { ShareServerEvent } from '../../../electron/core/share/events';
import { openCatalogued, readCatalogued } from '../../../electron/core/files/catalogued-file';
import type { ByteRange } from '../../../electron/core/share/ranges';
import { startShareServer, type ShareServer, type ShareServerOptions } from '../../../electron/core/share/share-server';
import { run, tempDir, until } from '../../helpers/local';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request with Node's http client (which sends the path exactly as given). */
export function get(server: ShareServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: server.host, port: server.port, path, method, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Send bytes on a raw socket and collect everything until the server closes it. */
export function raw(port: number, data: string | Buffer, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const parts: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${Buffer.concat(parts).toString('latin1').slice(0, 200)}`));
    }, timeoutMs);
    socket.on('data', (c) => parts.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(parts).toString('latin1'));
    });
    socket.write(data);
  });
}

/** Status code and lower-cased headers of a raw response. */
export function parseHead(text: string): { status: number; headers: Map<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, end < 0 ? text.length : end).split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: end < 0 ? '' : text.slice(end + 4) };
}

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** The headers every response must carry, and the ones none may. */
export function expectSecureHeaders(headers: IncomingHttpHeaders | Map<string, string>): void {
  const h = (name: string): string | undefined => {
    if (headers instanceof Map) return headers.get(name);
    const v = headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  for (const [name, value] of Object.entries(SECURITY)) expect(h(name), name).toBe(value);
  const csp = h('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(h('x-powered-by')).toBeUndefined();
  expect(h('server')).toBeUndefined();
}

/**
 * A stand-in for the zip writer: the catalog's files concatenated in order,
 * with ranges. Reads through the guarded reader, so a changed file fails the
 * body the way the real writer does.
 */
export function concatArchive(catalog: Catalog, name = 'share.zip', variant = 'concat-test'): ArchiveSource {
  const files = catalog.entries.filter((e): e is CatalogFile => e.kind === 'file');
  const size = files.reduce((n, f) => n + f.size, 0);
  return {
    name,
    size,
    etag: archiveEtag(catalog.entries, variant),
    async *stream(range: ByteRange | null): AsyncGenerator<Buffer, void, undefined> {
      const start = range ? range.start : 0;
      const end = range ? range.end + 1 : size;
      let offset = 0;
      for (const f of files) {
        const from = Math.max(start, offset);
        const to = Math.min(end, offset + f.size);
        if (from < to) yield* readCatalogued(await openCatalogued(f), f, from - offset, to - offset);
        offset += f.size;
      }
    },
  };
}

/** A started server that records its events; stopped by `stopAll`. */
const running: ShareServer[] = [];
export async function serve(options: Partial<ShareServerOptions> & Pick<ShareServerOptions, 'catalog'>): Promise<{ server: ShareServer; events: ShareServerEvent[] }> {
  const events: ShareServerEvent[] = [];
  const server = await startShareServer({
    host: '127.0.0.1',
    stopAfterFirstDownload: false,
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  running.push(server);
  return { server, events };
}

export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.close()));
}

export { run, tempDir, until };
