// Uploads whose multipart body is broken: truncated, cut mid-part, limits hit; nothing crashes, nothing stays (plain Node, real sockets).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_RECEIVE_LIMITS } from '../../../electron/core/receive/receive-server';
import { multipart, postParts, rawExchange, startReceive, statusOf, stillServing, stopAll, tempDir, tree, until } from './helpers';

const tmp = tempDir('recv-broken');
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

let n = 0;
let inbox: string;
beforeEach(() => {
  inbox = join(tmp.path, `inbox-${n++}`);
});

/** The body from issue 13: a file part whose closing boundary never comes, sent whole with a Content-Length. */
const TRUNCATED = Buffer.from('--B\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n\r\nabc');

function postRaw(port: number, body: Buffer, boundary = 'B'): Promise<{ text: string; closedBy: 'server' | 'timeout' }> {
  return rawExchange(port, (socket) => {
    socket.write(
      `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body);
  });
}

describe('a truncated multipart body', () => {
  it('is refused with 400, leaves nothing behind, and the server goes on', async () => {
    const r = await startReceive({ receiveDir: inbox });
    const reply = await postRaw(r.server.port, TRUNCATED);
    expect(statusOf(reply.text)).toBe(400);
    // Whether the file part began before the parser saw the body end depends on
    // how the bytes arrived; either way the upload is over once none is active.
    await until(() => r.server.activeUploads() === 0);
    expect(r.submissions.every((s) => s.outcome === 'rejected')).toBe(true);
    expect(tree(inbox)).toEqual([]);
    await stillServing(r, inbox);
  });

  it('does not disturb another visitor whose upload is in progress', async () => {
    const r = await startReceive({ receiveDir: inbox });
    // Visitor A: a large file, sent in two halves around visitor B's broken upload.
    const { body, contentType } = multipart([{ name: 'file', filename: 'a.bin', data: Buffer.alloc(4 * 1024 * 1024, 0x61) }]);
    const a = connect({ host: '127.0.0.1', port: r.server.port });
    a.on('error', () => undefined);
    const answer: Buffer[] = [];
    a.on('data', (c: Buffer) => answer.push(c));
    const closed = new Promise<void>((resolve) => a.on('close', () => resolve()));
    await new Promise<void>((resolve) => a.once('connect', () => resolve()));
    a.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    a.write(body.subarray(0, 1024 * 1024));
    await until(() => tree(inbox).some((p) => p.endsWith('a.bin.part')));

    const b = await postRaw(r.server.port, TRUNCATED);
    expect(statusOf(b.text)).toBe(400);

    // Not end(): a client that half-closes is taken as gone.
    a.write(body.subarray(1024 * 1024));
    await closed;
    expect(statusOf(Buffer.concat(answer).toString('latin1'))).toBe(200);
    const files = tree(inbox);
    expect(files.filter((p) => !p.endsWith('/'))).toHaveLength(1);
    expect(files.some((p) => p.endsWith('/a.bin'))).toBe(true);
    expect(files.some((p) => p.endsWith('.part'))).toBe(false);
  });

  it('a body cut inside the part headers, or before any part, is refused the same way', async () => {
    const r = await startReceive({ receiveDir: inbox });
    for (const cut of [3, 20, TRUNCATED.length - 5]) {
      const reply = await postRaw(r.server.port, TRUNCATED.subarray(0, cut));
      expect(statusOf(reply.text)).toBe(400);
    }
    expect(tree(inbox)).toEqual([]);
    await stillServing(r, inbox);
  });
});


describe('a request over the file limit', () => {
  it('5000 parts against the default limit: 413, and none of the files written before the limit stays', async () => {
    const r = await startReceive({ receiveDir: inbox });
    const parts = Array.from({ length: 5000 }, (_, i) => ({ name: 'file', filename: `f${i}.txt`, data: `part ${i}` }));
    const reply = await postParts(r.url, parts);
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('Too many files');
    expect(tree(inbox)).toEqual([]);
    expect(r.submissions.at(-1)).toMatchObject({ outcome: 'rejected', files: [], folder: null });
    await stillServing(r, inbox);
  });

  it('exactly the limit is taken', async () => {
    const r = await startReceive({ receiveDir: inbox, limits: { maxFiles: 5 } });
    const parts = Array.from({ length: 5 }, (_, i) => ({ name: 'file', filename: `f${i}.txt`, data: `part ${i}` }));
    expect((await postParts(r.url, parts)).status).toBe(200);
    expect(tree(inbox).filter((p) => !p.endsWith('/'))).toHaveLength(5);
  });

  it('the default is 1000 files per upload', () => {
    expect(DEFAULT_RECEIVE_LIMITS.maxFiles).toBe(1000);
  });
});
