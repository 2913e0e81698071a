// Fuzzing the upload path: random boundaries, part counts, truncations, cut connections and corrupted bytes,
// over real sockets against a real receive server; no crash, and nothing left of a refused or broken upload (plain Node).
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startReceive, statusOf, stillServing, stopAll, tempDir, tree, until } from './helpers';

const tmp = tempDir('recv-fuzz');
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

/** xorshift32: the same seed gives the same run, so a failure can be replayed. */
function prng(seed: number): { int(max: number): number; bytes(n: number): Buffer; pick<T>(items: readonly T[]): T } {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return {
    int: (max) => next() % max,
    bytes: (n) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = next() & 0xff;
      return b;
    },
    pick: (items) => items[next() % items.length] as (typeof items)[number],
  };
}

type Rand = ReturnType<typeof prng>;

// RFC 2046 bchars (a space may not come last).
const BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

function boundaryOf(r: Rand): string {
  const length = 1 + r.int(70);
  let b = '';
  for (let i = 0; i < length; i++) b += BCHARS[r.int(BCHARS.length)];
  return b.endsWith(' ') ? `${b.slice(0, -1)}x` : b;
}

interface PlannedPart {
  file: { name: string; data: Buffer } | null;
  message: string | null;
}

interface Case {
  label: string;
  head: string;
  body: Buffer;
  /** Where the closing delimiter ends: a body cut at or after it is still complete. */
  closeEnd: number;
  parts: PlannedPart[];
  /** Whether the whole, unmodified body is something the server takes (a file, or a message that is not blank). */
  acceptable: boolean;
}

const MAX_FILES = 6;
const MAX_FILE_SIZE = 48 * 1024;

function buildCase(r: Rand, id: number): Case {
  const boundary = boundaryOf(r);
  const count = r.int(MAX_FILES + 3);
  const parts: PlannedPart[] = [];
  const chunks: Buffer[] = [];
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let hasMessage = false;
  for (let i = 0; i < count; i++) {
    const asMessage = !hasMessage && r.int(5) === 0;
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (asMessage) {
      hasMessage = true;
      const text = `message ${id} ${'x'.repeat(r.int(200))}`;
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="text"\r\n\r\n${text}\r\n`));
      parts.push({ file: null, message: text });
      continue;
    }
    // Sometimes over the per-file limit; data never holds the delimiter (that would end the part early).
    const size = r.int(8) === 0 ? MAX_FILE_SIZE + 1 + r.int(4096) : r.int(MAX_FILE_SIZE / 4);
    let data = r.bytes(size);
    while (data.includes(delimiter)) data = r.bytes(size);
    const name = `r${id}-p${i}.bin`;
    chunks.push(
      Buffer.from(`Content-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      data,
      Buffer.from('\r\n'),
    );
    parts.push({ file: { name, data }, message: null });
  }
  chunks.push(Buffer.from(`--${boundary}--`));
  const closeEnd = chunks.reduce((n, c) => n + c.length, 0);
  chunks.push(Buffer.from('\r\n'));
  const body = Buffer.concat(chunks);
  const quoted = /^[0-9A-Za-z'+_\-.]+$/.test(boundary) ? boundary : `"${boundary}"`;
  const head = `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${quoted}\r\nConnection: close\r\n`;
  const acceptable = parts.some((p) => p.file !== null) || parts.some((p) => p.message !== null);
  return { label: `#${id} boundary ${JSON.stringify(boundary)}, ${count} parts`, head, body, closeEnd, parts, acceptable };
}

type Mode = 'whole' | 'truncated' | 'cut' | 'corrupted';

interface Sent {
  c: Case;
  mode: Mode;
  /** The status line's code; 0 when the connection closed without one. */
  status: number;
  /** The exact bytes sent, when the server may have taken them (whole, truncated after the close, corrupted). */
  sentBody: Buffer;
}

/** Writes head and body on a fresh socket; 'cut' closes it half-way instead of waiting for an answer. */
function send(port: number, c: Case, mode: Mode, r: Rand): Promise<Sent> {
  let body = c.body;
  if (mode === 'truncated') body = body.subarray(0, r.int(body.length + 1));
  if (mode === 'corrupted') {
    body = Buffer.from(body);
    for (let k = 1 + r.int(4); k > 0 && body.length > 0; k--) body[r.int(body.length)] = r.int(256);
  }
  const cutAt = mode === 'cut' ? r.int(c.body.length) : -1;
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const answer: Buffer[] = [];
    socket.on('data', (d: Buffer) => answer.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ c, mode, status: statusOf(Buffer.concat(answer).toString('latin1')), sentBody: body }));
    socket.on('connect', () => {
      socket.write(`${c.head}Content-Length: ${body.length}\r\n\r\n`);
      if (cutAt >= 0) {
        // The announced length is the whole body's; the client goes away before sending it all.
        socket.write(body.subarray(0, cutAt), () => setTimeout(() => socket.destroy(), 5));
      } else socket.write(body);
    });
  });
}

/** What a complete, valid body should have left on disk, or null when the server must refuse it. */
function expectedFiles(c: Case): Map<string, Buffer> | null {
  const files = c.parts.filter((p) => p.file !== null).map((p) => p.file as { name: string; data: Buffer });
  if (files.length > MAX_FILES) return null;
  if (files.some((f) => f.data.length > MAX_FILE_SIZE)) return null;
  if (!c.acceptable) return null;
  return new Map(files.map((f) => [f.name, f.data]));
}

describe('multipart fuzzing against a live receive server', () => {
  it('300 random uploads: no crash, nothing kept from any refused or broken one, every good one kept whole', async () => {
    const inbox = join(tmp.path, 'inbox');
    const running = await startReceive({ receiveDir: inbox, lingerMs: 500, limits: { maxFiles: MAX_FILES, maxFileSize: MAX_FILE_SIZE } });
    const seed = 0x13_05_2026;
    const r = prng(seed);
    const modes: Mode[] = ['whole', 'truncated', 'cut', 'corrupted'];
    const results: Sent[] = [];
    // Four at a time, so broken uploads interleave with good ones the way visitors' do.
    for (let batch = 0; batch < 75; batch++) {
      const sends: Promise<Sent>[] = [];
      for (let k = 0; k < 4; k++) {
        const c = buildCase(r, batch * 4 + k);
        sends.push(send(running.server.port, c, r.pick(modes), r));
      }
      results.push(...(await Promise.all(sends)));
    }
    await until(() => running.server.activeUploads() === 0);

    // Answers: a complete body gets exactly the answer its content calls for.
    const expectedOnDisk = new Map<string, Buffer>();
    for (const s of results) {
      const where = `${s.c.label} (${s.mode}, answered ${s.status})`;
      const complete = s.mode === 'whole' || (s.mode === 'truncated' && s.sentBody.length >= s.c.closeEnd);
      if (complete) {
        const want = expectedFiles(s.c);
        expect(s.status, where).toBe(want === null ? (s.c.acceptable ? 413 : 400) : 200);
        for (const [name, data] of want ?? []) expectedOnDisk.set(name, data);
      } else if (s.mode === 'corrupted') {
        // A changed byte inside file data still makes valid multipart: that upload is then received, changed bytes and all.
        expect([200, 400, 413], where).toContain(s.status);
      } else if (s.mode === 'truncated') {
        expect([400, 413], where).toContain(s.status);
      } else {
        // Cut: the server may have refused before the cut came; it never says "received".
        expect(s.status, where).not.toBe(200);
      }
    }

    // The disk: exactly the files of the uploads that were received, nothing of any other.
    const received = running.submissions.filter((rec) => rec.outcome === 'received');
    expect(received).toHaveLength(results.filter((s) => s.status === 200).length);
    const keptByRecords = received
      .flatMap((rec) => [...rec.files.map((f) => f.name), ...(rec.message ? [rec.message.name] : [])].map((name) => join(rec.folder as string, name)))
      .map((abs) => abs.slice(inbox.length + 1))
      .sort();
    const left = tree(inbox).filter((p) => !p.endsWith('/'));
    expect(left).toEqual(keptByRecords);
    for (const rec of running.submissions.filter((x) => x.outcome !== 'received')) expect(rec).toMatchObject({ folder: null, files: [] });
    // Every good upload is there, whole.
    for (const [name, data] of expectedOnDisk) {
      const path = left.find((p) => p.endsWith(`/${name}`));
      expect(path, `${name} is missing`).toBeDefined();
      expect(readFileSync(join(inbox, path as string)).equals(data), name).toBe(true);
    }
    // No folder left empty by a refused upload.
    for (const folder of tree(inbox).filter((p) => p.endsWith('/'))) {
      expect(left.some((p) => p.startsWith(folder)), `${folder} is empty`).toBe(true);
    }
    await stillServing(running, inbox);
  }, 120_000);
});
