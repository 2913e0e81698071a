// A share server for the get client's tests, over real sockets, that can misbehave on demand (plain Node).
//
// It serves a hand-written manifest and the files' bytes with ranges,
// If-Range and ETags as the real share server does, counts every body byte
// it sends, and lets a test take over any request to lie about sizes, send
// too many or too few bytes, dribble, or change a file halfway. A SOCKS5
// server beside it accepts only username/password (as tor's IsolateSOCKSAuth
// needs), records each username, and connects every CONNECT to the share.
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, connect, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type Manifest, type ManifestFile, type ManifestFolder } from '../../../electron/core/manifest';
import { encodeSegment, urlPathFor } from '../../../electron/core/share/request-path';
import { generateOnionKey } from '../../../electron/core/tor/onion-keys';

export interface FakeFile {
  path: string;
  data: Buffer;
}

export interface Served {
  url: string;
  range: { start: number; end: number } | null;
  status: number;
}

export interface Hit {
  req: IncomingMessage;
  res: ServerResponse;
  file: ManifestFile;
  data: Buffer;
  /** Inclusive, as asked (null: the whole file). */
  range: { start: number; end: number } | null;
  /** Sends the bytes the default way (optionally other bytes, slowly). */
  send(options?: { data?: Buffer; chunk?: number; delayMs?: number }): Promise<void>;
}

/** A test's own answer to a request; return false to let the default answer it. */
export type Behaviour = (hit: Hit) => boolean | Promise<boolean>;

/** A valid manifest for `files` (folders derived from the paths), as a share would make it. */
export function manifestOf(files: readonly FakeFile[], options: { title?: string | null; archiveName?: string } = {}): Manifest {
  const folders: ManifestFolder[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = `${parts.slice(0, i).join('/')}/`;
      if (!seen.has(folder)) {
        seen.add(folder);
        folders.push({ path: folder, mtime: 1_700_000_000_000 });
      }
    }
  }
  const single = files.length === 1 && folders.length === 0 && options.archiveName === undefined;
  const manifestFiles: ManifestFile[] = files.map((f, i) => ({
    path: f.path,
    size: f.data.length,
    mtime: 1_700_000_000_000 + i * 1000,
    sha256: createHash('sha256').update(f.data).digest('hex'),
    etag: `"file-${i}-${f.data.length}"`,
    url: single ? `/download/${encodeSegment(f.path)}` : urlPathFor('/files', f.path),
  }));
  const archiveName = options.archiveName ?? 'Shared files.zip';
  const archiveEtag = `"archive-${files.length}"`;
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    title: options.title ?? null,
    etag: single ? (manifestFiles[0] as ManifestFile).etag : archiveEtag,
    oneDownloadAtATime: false,
    individualFiles: true,
    archive: single ? null : { name: archiveName, url: `/download/${encodeSegment(archiveName)}`, size: 1, etag: archiveEtag, ranges: true },
    files: manifestFiles,
    folders,
    totals: { files: files.length, folders: folders.length, bytes: files.reduce((n, f) => n + f.data.length, 0) },
  };
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d+)-(\d*)$/.exec(header ?? '');
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return { start, end };
}

export class FakeShare {
  /** What /manifest.json answers: this object as JSON, or `manifestBody` when set. */
  manifest: Manifest;
  manifestBody: string | null = null;
  manifestStatus = 200;
  /** Bytes by URL path. */
  readonly data = new Map<string, Buffer>();
  /** Body bytes sent for file and archive URLs. */
  bytesServed = 0;
  readonly served: Served[] = [];
  behaviour: Behaviour | null = null;
  /** Default sending: bytes per write and pause between writes (to make a download last). */
  pace: { chunk: number; delayMs: number } | null = null;
  port = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(files: readonly FakeFile[], manifest?: Manifest) {
    this.manifest = manifest ?? manifestOf(files);
    for (const f of this.manifest.files ?? []) {
      const file = files.find((x) => x.path === f.path);
      if (file && f.url) this.data.set(f.url, file.data);
    }
    this.server = createHttpServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Serve `data` at `url` (e.g. a real archive). */
  serve(url: string, data: Buffer): void {
    this.data.set(url, data);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private entryFor(url: string): ManifestFile | null {
    const file = this.manifest.files?.find((f) => f.url === url);
    if (file) return file;
    const a = this.manifest.archive;
    if (a && a.url === url) return { path: a.name, size: a.size ?? 0, mtime: 0, sha256: null, etag: a.etag, url: a.url };
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (url === '/manifest.json') {
      const body = Buffer.from(this.manifestBody ?? JSON.stringify(this.manifest));
      res.writeHead(this.manifestStatus, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    const file = this.entryFor(url);
    const data = this.data.get(url);
    if (!file || !data) {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
      return;
    }
    const ifRange = req.headers['if-range'];
    const rangeAsked = ifRange === undefined || ifRange === file.etag ? parseRange(req.headers.range, data.length) : null;
    const range = rangeAsked && rangeAsked.start < data.length ? rangeAsked : null;
    const hit: Hit = {
      req,
      res,
      file,
      data,
      range,
      send: (o = {}) => this.send(res, file, o.data ?? data, range, o.chunk ?? this.pace?.chunk, o.delayMs ?? this.pace?.delayMs),
    };
    if (this.behaviour && (await this.behaviour(hit))) return;
    if (rangeAsked && rangeAsked.start >= data.length) {
      this.served.push({ url, range: rangeAsked, status: 416 });
      res.writeHead(416, { 'Content-Range': `bytes */${data.length}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    await hit.send();
  }

  private async send(res: ServerResponse, file: ManifestFile, data: Buffer, range: { start: number; end: number } | null, chunk = 64 * 1024, delayMs = 0): Promise<void> {
    const start = range?.start ?? 0;
    const end = range?.end ?? data.length - 1;
    this.served.push({ url: file.url ?? '', range, status: range ? 206 : 200 });
    res.writeHead(range ? 206 : 200, {
      'Content-Length': end - start + 1,
      ETag: file.etag,
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${data.length}` } : {}),
    });
    for (let at = start; at <= end && !res.destroyed; at += chunk) {
      const piece = data.subarray(at, Math.min(end + 1, at + chunk));
      this.bytesServed += piece.length;
      const ok = res.write(piece);
      if (!ok) await new Promise((r) => res.once('drain', r));
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    }
    res.end();
  }
}

/** A random but valid v3 onion address for the fake to answer to. */
export function fakeOnion(): { serviceId: string; host: string } {
  const { serviceId } = generateOnionKey();
  return { serviceId, host: `${serviceId}.onion` };
}

export interface SocksRecorder {
  endpoint: { host: string; port: number };
  /** Username of every CONNECT, in order. */
  usernames: string[];
  hosts: string[];
  /** When set, CONNECT is answered with this reply code instead of connecting. */
  replyCode: number | null;
  close(): Promise<void>;
}

/** A SOCKS5 server (username/password only) that forwards every CONNECT to 127.0.0.1:`targetPort`. */
export async function startSocksRecorder(targetPort: () => number): Promise<SocksRecorder> {
  const sockets = new Set<Socket>();
  const recorder: SocksRecorder = {
    endpoint: { host: '127.0.0.1', port: 0 },
    usernames: [],
    hosts: [],
    replyCode: null,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: TcpServer = createTcpServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'connect' | 'done' = 'greeting';
    let username = '';
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (stage === 'greeting') {
          if (buffer.length < 2 || buffer.length < 2 + (buffer[1] as number)) return;
          const methods = buffer.subarray(2, 2 + (buffer[1] as number));
          buffer = buffer.subarray(2 + (buffer[1] as number));
          if (!methods.includes(0x02)) {
            client.end(Buffer.from([5, 0xff]));
            return;
          }
          client.write(Buffer.from([5, 2]));
          stage = 'auth';
        } else if (stage === 'auth') {
          if (buffer.length < 2) return;
          const ulen = buffer[1] as number;
          if (buffer.length < 3 + ulen) return;
          const plen = buffer[2 + ulen] as number;
          if (buffer.length < 3 + ulen + plen) return;
          username = buffer.subarray(2, 2 + ulen).toString();
          buffer = buffer.subarray(3 + ulen + plen);
          client.write(Buffer.from([1, 0]));
          stage = 'connect';
        } else if (stage === 'connect') {
          if (buffer.length < 5) return;
          const hlen = buffer[4] as number;
          if (buffer.length < 7 + hlen) return;
          recorder.hosts.push(buffer.subarray(5, 5 + hlen).toString());
          recorder.usernames.push(username);
          buffer = buffer.subarray(7 + hlen);
          stage = 'done';
          client.off('data', onData);
          if (recorder.replyCode !== null) {
            client.end(Buffer.from([5, recorder.replyCode, 0, 1, 0, 0, 0, 0, 0, 0]));
            return;
          }
          const upstream = connect({ host: '127.0.0.1', port: targetPort() }, () => {
            client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
            if (buffer.length > 0) upstream.write(buffer);
            client.pipe(upstream);
            upstream.pipe(client);
          });
          sockets.add(upstream);
          upstream.on('close', () => {
            sockets.delete(upstream);
            client.destroy();
          });
          upstream.on('error', () => client.destroy());
          client.on('close', () => upstream.destroy());
          return;
        } else {
          return;
        }
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.endpoint.port = (server.address() as AddressInfo).port;
  return recorder;
}
