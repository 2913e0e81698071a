// Every receive limit refuses with a page, deletes everything the refused upload wrote, and the server goes on (plain Node, real HTTP).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeBytes } from '../../../electron/core/receive/disk-space';
import type { ReceiveLimits } from '../../../electron/core/receive/submission';
import {
  curl,
  httpRequest,
  onlySubmission,
  postParts,
  rawExchange,
  startReceive,
  statusOf,
  stillServing,
  stopAll,
  tempDir,
  tree,
  type Running,
} from './helpers';

const KiB = 1024;
const MiB = 1024 * KiB;
const tmp = tempDir('recv-limits');
const src = join(tmp.path, 'src');

beforeAll(() => {
  mkdirSync(src);
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

let n = 0;
async function receiver(limits: Partial<ReceiveLimits>): Promise<{ r: Running; inbox: string }> {
  const inbox = join(tmp.path, `inbox-${n++}`);
  return { r: await startReceive({ receiveDir: inbox, limits, lingerMs: 2000 }), inbox };
}

function sourceFile(name: string, size: number): string {
  const path = join(src, name);
  writeFileSync(path, randomBytes(size));
  return path;
}

function lastCancel(r: Running) {
  const e = r.events.at(-1);
  return e?.type === 'transfer-cancelled' ? e.problem : undefined;
}

describe('per-file size', () => {
  it('a file over the limit gets a 413 page, its part is deleted, the server goes on', async () => {
    const { r, inbox } = await receiver({ maxFileSize: MiB });
    const reply = await curl(['-F', `file=@${sourceFile('big.bin', 3 * MiB)}`, `${r.url}/upload`]);
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('File too large');
    expect(reply.body).toContain('big.bin');
    expect(reply.body).toContain('1.0 MB');
    expect(tree(inbox)).toEqual([]);
    expect(lastCancel(r)).toEqual({ kind: 'limit', which: 'file-size', limit: MiB });
    expect(r.submissions.at(-1)).toMatchObject({ outcome: 'rejected', files: [], folder: null });
    await stillServing(r, inbox);
  });

  it('a file of exactly the limit is taken', async () => {
    const { r, inbox } = await receiver({ maxFileSize: MiB });
    expect((await curl(['-F', `file=@${sourceFile('exact.bin', MiB)}`, `${r.url}/upload`])).status).toBe(200);
    expect(onlySubmission(inbox).files.get('exact.bin')?.length).toBe(MiB);
  });

  it('files that arrived whole before the one over the limit are removed too: a refused upload keeps nothing', async () => {
    const { r, inbox } = await receiver({ maxFileSize: MiB });
    const reply = await curl(['-F', `file=@${sourceFile('small.bin', 100 * KiB)}`, '-F', `file=@${sourceFile('huge.bin', 2 * MiB)}`, `${r.url}/upload`]);
    expect(reply.status).toBe(413);
    expect(reply.body).not.toContain('were kept');
    expect(tree(inbox)).toEqual([]);
    expect(r.submissions.at(-1)).toMatchObject({ outcome: 'rejected', files: [], folder: null });
  });
});

describe('per-submission size', () => {
  it('crossing it while streaming refuses the upload with 413 and deletes the file being written', async () => {
    const { r, inbox } = await receiver({ maxTotalSize: MiB });
    const reply = await curl(['-F', `file=@${sourceFile('a.bin', 600 * KiB)}`, '-F', `file=@${sourceFile('b.bin', 600 * KiB)}`, `${r.url}/upload`]);
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('Upload too large');
    expect(tree(inbox)).toEqual([]);
    expect(lastCancel(r)).toEqual({ kind: 'limit', which: 'total-size', limit: MiB });
    await stillServing(r, inbox);
  });

  it('a Content-Length already over it is refused before the body is read', async () => {
    const { r, inbox } = await receiver({ maxTotalSize: MiB });
    const t0 = Date.now();
    const { text } = await rawExchange(
      r.server.port,
      (s) => {
        s.write(
          'POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=B\r\n' +
            `Content-Length: ${10 * 1024 * MiB}\r\n\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="x.bin"\r\n\r\n`,
        );
        s.write(Buffer.alloc(64 * KiB));
      },
      // The server hangs up after its linger time; 10 GiB were never coming.
      10_000,
    );
    expect(statusOf(text)).toBe(413);
    expect(text).toContain('Upload too large');
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(tree(inbox)).toEqual([]);
    expect(lastCancel(r)).toEqual({ kind: 'limit', which: 'total-size', limit: MiB });
    await stillServing(r, inbox);
  });

  it('a client that asks first (Expect: 100-continue) is refused without sending the body', async () => {
    const { r, inbox } = await receiver({ maxTotalSize: MiB });
    const { text, closedBy } = await rawExchange(r.server.port, (s) => {
      s.write(
        'POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=B\r\n' +
          `Content-Length: ${50 * MiB}\r\nExpect: 100-continue\r\n\r\n`,
      );
    });
    expect(closedBy).toBe('server');
    expect(text).not.toContain('100 Continue');
    expect(statusOf(text)).toBe(413);
    expect(tree(inbox)).toEqual([]);
    // curl asks first for large bodies: the same answer, no body sent.
    const reply = await curl(['-F', `file=@${sourceFile('five.bin', 5 * MiB)}`, `${r.url}/upload`]);
    expect(reply.status).toBe(413);
    await stillServing(r, inbox);
  });

  it('a chunked body with no length is counted as it arrives', async () => {
    const { r, inbox } = await receiver({ maxTotalSize: MiB });
    const reply = await curl(['-H', 'Transfer-Encoding: chunked', '-F', `file=@${sourceFile('c.bin', 3 * MiB)}`, `${r.url}/upload`]);
    expect(reply.status).toBe(413);
    expect(tree(inbox)).toEqual([]);
    await stillServing(r, inbox);
  });
});

describe('message length', () => {
  it('a message over the limit is refused with 413 and not saved', async () => {
    const { r, inbox } = await receiver({ maxMessageLength: 20 });
    const reply = await postParts(r.url, [{ name: 'text', data: 'x'.repeat(21) }]);
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('Message too long');
    expect(tree(inbox)).toEqual([]);
    expect(lastCancel(r)).toEqual({ kind: 'limit', which: 'message-length', limit: 20 });
    await stillServing(r, inbox);
  });

  it('counts characters, not bytes: 20 emoji fit a 20-character limit', async () => {
    const { r, inbox } = await receiver({ maxMessageLength: 20 });
    const reply = await postParts(r.url, [{ name: 'text', data: '😀'.repeat(20) }]);
    expect(reply.status).toBe(200);
    expect(onlySubmission(inbox).files.get('message.txt')?.toString()).toBe('😀'.repeat(20));
  });

  it('a message far over the limit (megabytes) is cut off, not buffered', async () => {
    const { r, inbox } = await receiver({ maxMessageLength: 100 });
    const reply = await postParts(r.url, [{ name: 'text', data: 'y'.repeat(5 * MiB) }]);
    expect(reply.status).toBe(413);
    expect(tree(inbox)).toEqual([]);
  });
});

describe('files or text turned off', () => {
  it('disable files: a file is refused with 400, a message is taken, the page has no file input', async () => {
    const { r, inbox } = await receiver({ disableFiles: true });
    const page = await httpRequest(r.url, {});
    expect(page.body).not.toContain('type="file"');
    const refused = await postParts(r.url, [{ name: 'file', filename: 'x.txt', data: 'x' }]);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Files are not accepted');
    expect(tree(inbox)).toEqual([]);
    expect(lastCancel(r)).toEqual({ kind: 'limit', which: 'files-disabled', limit: 0 });
    expect((await postParts(r.url, [{ name: 'text', data: 'words only' }])).status).toBe(200);
  });

  it('disable text: a message is refused with 400, a file is taken', async () => {
    const { r, inbox } = await receiver({ disableText: true });
    const page = await httpRequest(r.url, {});
    expect(page.body).not.toContain('<textarea');
    const refused = await postParts(r.url, [{ name: 'text', data: 'hello' }]);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Messages are not accepted');
    expect(tree(inbox)).toEqual([]);
    expect(lastCancel(r)).toEqual({ kind: 'limit', which: 'text-disabled', limit: 0 });
    await stillServing(r, inbox);
  });
});

describe('free-space floor', () => {
  it('a floor above the free space refuses every upload with 507, and the server goes on answering', async () => {
    const probe = join(tmp.path, 'probe');
    mkdirSync(probe, { recursive: true });
    const floor = (await freeBytes(probe)) + 1024 * 1024 * MiB;
    const { r, inbox } = await receiver({ minFreeSpace: floor });
    for (let i = 0; i < 2; i++) {
      const reply = await curl(['-F', `file=@${sourceFile('tiny.txt', 10)}`, `${r.url}/upload`]);
      expect(reply.status).toBe(507);
      expect(reply.body).toContain('Not enough disk space');
      expect(lastCancel(r)).toEqual({ kind: 'limit', which: 'free-space', limit: floor });
    }
    expect(tree(inbox)).toEqual([]);
    expect((await httpRequest(r.url, {})).status).toBe(200);
  });
});

describe('number of files', () => {
  it('more files than allowed in one upload are refused with 413', async () => {
    const { r, inbox } = await receiver({ maxFiles: 3 });
    const parts = Array.from({ length: 5 }, (_, i) => ({ name: 'file', filename: `f${i}.txt`, data: `content ${i}` }));
    const reply = await postParts(r.url, parts);
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('Too many files');
    // The three under the limit were written, and removed again with the rest of the request.
    expect(tree(inbox)).toEqual([]);
    await stillServing(r, inbox);
  });
});
