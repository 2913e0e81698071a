// Uploads that end early: a client that vanishes, one that stalls, a server that stops (plain Node, raw sockets).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { multipart, startReceive, stillServing, stopAll, tempDir, tree, until, type Running } from './helpers';

const MiB = 1024 * 1024;
const tmp = tempDir('recv-abort');
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

let n = 0;
let inbox: string;
beforeEach(() => {
  inbox = join(tmp.path, `inbox-${n++}`);
});

/** Open a raw connection and send the head and the first `bytes` of a one-file upload's body. */
async function sendPart(port: number, bytes: number, size = 4 * MiB): Promise<{ socket: Socket; total: number }> {
  const { body, contentType } = multipart([{ name: 'file', filename: 'half.bin', data: Buffer.alloc(size, 0x61) }]);
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`);
  await new Promise<void>((resolve) => socket.write(body.subarray(0, bytes), () => resolve()));
  return { socket, total: body.length };
}

/** The part file exists while the upload runs (so the test really cut it mid-file). */
async function partIsBeingWritten(): Promise<void> {
  await until(() => tree(inbox).some((p) => p.endsWith('half.bin.part')));
}

function lastEvent(r: Running) {
  return r.events.at(-1);
}

describe('aborted uploads', () => {
  it('a client that disconnects half-way leaves no file and no folder behind', async () => {
    const r = await startReceive({ receiveDir: inbox });
    const { socket } = await sendPart(r.server.port, 2 * MiB);
    await partIsBeingWritten();
    socket.destroy();
    await until(() => r.submissions.length === 1);
    expect(tree(inbox)).toEqual([]);
    expect(lastEvent(r)).toMatchObject({ type: 'transfer-cancelled', problem: null });
    expect(r.submissions[0]).toMatchObject({ outcome: 'aborted', files: [], folder: null });
    expect(r.server.activeUploads()).toBe(0);
    await stillServing(r, inbox);
  });

  it('a disconnect removes the files that arrived whole before it as well as the cut one', async () => {
    const r = await startReceive({ receiveDir: inbox });
    const { body, contentType } = multipart([
      { name: 'file', filename: 'whole.txt', data: 'complete' },
      { name: 'file', filename: 'half.bin', data: Buffer.alloc(4 * MiB, 0x62) },
    ]);
    const socket = connect({ host: '127.0.0.1', port: r.server.port });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body.subarray(0, 2 * MiB));
    await partIsBeingWritten();
    socket.destroy();
    await until(() => r.submissions.length === 1);
    expect(tree(inbox)).toEqual([]);
    expect(r.submissions[0]).toMatchObject({ outcome: 'aborted', files: [], folder: null });
  });

  it('an uploader that stalls is cut off by the idle timeout and its part deleted', async () => {
    const r = await startReceive({ receiveDir: inbox, httpLimits: { idleTimeoutMs: 1000, checkIntervalMs: 200 } });
    const { socket } = await sendPart(r.server.port, MiB);
    await partIsBeingWritten();
    const closed = new Promise<number>((resolve) => {
      const t0 = Date.now();
      socket.once('close', () => resolve(Date.now() - t0));
    });
    // Send nothing more.
    const after = await closed;
    expect(after).toBeLessThan(5000);
    await until(() => r.submissions.length === 1);
    expect(tree(inbox)).toEqual([]);
    expect(r.submissions[0]?.outcome).toBe('aborted');
    await stillServing(r, inbox);
  });

  it('a slow but steady uploader is not cut off, however long it takes', async () => {
    const r = await startReceive({ receiveDir: inbox, httpLimits: { idleTimeoutMs: 1000, checkIntervalMs: 200 } });
    const { body, contentType } = multipart([{ name: 'file', filename: 'slow.bin', data: Buffer.alloc(64 * 1024, 0x63) }]);
    const socket = connect({ host: '127.0.0.1', port: r.server.port });
    let reply = '';
    socket.on('data', (c: Buffer) => (reply += c.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    // About 3 s in all, longer than the idle timeout, a piece every 300 ms.
    const pieces = 10;
    const step = Math.ceil(body.length / pieces);
    for (let i = 0; i < pieces; i++) {
      socket.write(body.subarray(i * step, (i + 1) * step));
      await new Promise((res) => setTimeout(res, 300));
    }
    await closed;
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    expect(tree(inbox).filter((p) => p.endsWith('slow.bin'))).toHaveLength(1);
  });

  it('stopping the server during an upload deletes its part before close() resolves', async () => {
    const r = await startReceive({ receiveDir: inbox });
    const { socket } = await sendPart(r.server.port, MiB);
    await partIsBeingWritten();
    expect(r.server.activeUploads()).toBe(1);
    await r.server.close();
    expect(tree(inbox)).toEqual([]);
    expect(r.submissions[0]?.outcome).toBe('aborted');
    socket.destroy();
    rmSync(inbox, { recursive: true, force: true });
  });
});
