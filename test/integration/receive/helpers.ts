// Test helpers for the receive server over real HTTP on loopback (plain Node).
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import type { SubmissionRecord } from '../../../electron/core/receive/events';
import { startReceiveServer, type ReceiveServer, type ReceiveServerOptions } from '../../../electron/core/receive/receive-server';
import type { ModeEvent } from '../../../electron/core/session';
import { run, tempDir, until } from '../../helpers/local';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Running {
  server: ReceiveServer;
  events: ModeEvent[];
  submissions: SubmissionRecord[];
  url: string;
}

const servers: ReceiveServer[] = [];

/** A receive server on 127.0.0.1 (free-space floor off unless asked), recording its events. */
export async function startReceive(options: Partial<ReceiveServerOptions> & Pick<ReceiveServerOptions, 'receiveDir'>): Promise<Running> {
  const events: ModeEvent[] = [];
  const submissions: SubmissionRecord[] = [];
  const server = await startReceiveServer({
    host: '127.0.0.1',
    progressIntervalMs: 0,
    ...options,
    limits: { minFreeSpace: 0, ...options.limits },
    onEvent: (e) => events.push(e),
    onSubmission: (r) => submissions.push(r),
  });
  servers.push(server);
  return { server, events, submissions, url: server.localUrl };
}

export async function stopAll(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

/** Every file and folder under `dir`, relative, sorted; folders end with '/'. */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out.push(`${relative(dir, p)}/`);
        walk(p);
      } else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** The submission folders under the receive folder. */
export function submissionFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort();
}

/** The files of the only submission folder, name -> content. */
export function onlySubmission(dir: string): { folder: string; files: Map<string, Buffer> } {
  const folders = submissionFolders(dir);
  if (folders.length !== 1) throw new Error(`expected one submission folder, found ${JSON.stringify(folders)}`);
  const folder = join(dir, folders[0] as string);
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(folder)) files.set(name, readFileSync(join(folder, name)));
  return { folder, files };
}

/** curl with the status on the last line; `-s` and no progress. */
export async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const r = await run('curl', ['-s', '-w', '\n%{http_code}', ...args]);
  const cut = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(cut + 1)), body: r.stdout.slice(0, cut) };
}

export interface Part {
  name: string;
  /** Raw bytes of the filename parameter (sent as is, between quotes); absent for a plain field. */
  filename?: Buffer | string;
  data: Buffer | string;
}

/** A multipart/form-data body built by hand, so names can carry bytes no client library would send. */
export function multipart(parts: Part[], boundary = `----oniondrop${Math.random().toString(16).slice(2)}`): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`));
    if (p.filename !== undefined) {
      chunks.push(Buffer.from('; filename="'), Buffer.from(p.filename), Buffer.from('"\r\nContent-Type: application/octet-stream'));
    }
    chunks.push(Buffer.from('\r\n\r\n'), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** One request with Node's http client. */
export function httpRequest(url: string, options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: Buffer }): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST a hand-built multipart body to /upload. */
export function postParts(url: string, parts: Part[], headers: Record<string, string> = {}): Promise<Reply> {
  const { body, contentType } = multipart(parts);
  return httpRequest(url, {
    method: 'POST',
    path: '/upload',
    headers: { 'Content-Type': contentType, 'Content-Length': body.length, ...headers },
    body,
  });
}

/** Bytes on a raw socket; resolves with everything received once the server closes (or `timeoutMs`). */
export function rawExchange(port: number, write: (socket: ReturnType<typeof connect>) => void, timeoutMs = 10_000): Promise<{ text: string; closedBy: 'server' | 'timeout' }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const parts: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text: Buffer.concat(parts).toString('latin1'), closedBy: 'timeout' });
    }, timeoutMs);
    socket.on('data', (c) => parts.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(parts).toString('latin1'), closedBy: 'server' });
    });
    socket.on('connect', () => write(socket));
  });
}

/** Status code of a raw HTTP response text (the first one, if several). */
export function statusOf(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

/** The upload page still answers, and a small upload still lands: the server survived. */
export async function stillServing(running: Running, receiveDir: string): Promise<void> {
  const page = await httpRequest(running.url, {});
  if (page.status !== 200 || !page.body.includes('enctype="multipart/form-data"')) throw new Error(`upload page: ${page.status}`);
  const before = new Set(submissionFolders(receiveDir));
  const reply = await postParts(running.url, [{ name: 'file', filename: 'alive.txt', data: 'alive' }]);
  if (reply.status !== 200) throw new Error(`small upload after a rejection: ${reply.status}\n${reply.body}`);
  const added = submissionFolders(receiveDir).filter((f) => !before.has(f));
  if (added.length !== 1) throw new Error('small upload did not make one folder');
  rmSync(join(receiveDir, added[0] as string), { recursive: true });
}

export { run, tempDir, until };
