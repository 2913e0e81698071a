// Computing one shared file's SHA-256, on a low-priority worker thread or on the event loop (plain Node).
//
// Either way the file is opened by openCatalogued (the identity the catalog
// recorded, no symlink, no FIFO) and checked again after the last byte: a
// file that changed while it was read gets no hash.
//
// The worker (the default) reads with synchronous calls on its own thread and
// lowers that thread's priority to nice 19 (Linux: setpriority on the thread
// id), which on CFQ/BFQ also lowers its disk priority. So hashing neither
// holds the event loop nor takes a slot of libuv's thread pool, which serves
// the downloads' file reads. bench/src/hash-impact.ts measures both runners
// against a download; the figures are in bench/README.md.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { errnoCode, openCatalogued, sameState, stateOf, type CataloguedFile, type FileState } from '../files';

export type HashOutcome =
  | { kind: 'hashed'; sha256: string }
  /** Not the file the catalog recorded any more (or it changed while being read). */
  | { kind: 'changed' }
  | { kind: 'unreadable'; code: string }
  /** stop() was called meanwhile. */
  | { kind: 'stopped' };

export interface HashRunner {
  hash(file: CataloguedFile): Promise<HashOutcome>;
  /** Ends a hash in progress (it resolves `stopped`) and frees the thread. */
  close(): Promise<void>;
}

export type HashRunnerKind = 'worker' | 'event-loop';

export const DEFAULT_HASH_CHUNK = 1024 * 1024;

/** Opens the file as the catalog knows it; null with the outcome when that fails. */
async function openForHash(file: CataloguedFile): Promise<{ handle: FileHandle } | { outcome: HashOutcome }> {
  try {
    return { handle: await openCatalogued(file) };
  } catch (err) {
    const kind = typeof err === 'object' && err !== null && 'kind' in err ? err.kind : null;
    if (kind === 'file-changed') return { outcome: { kind: 'changed' } };
    if (kind === 'file-unreadable') return { outcome: { kind: 'unreadable', code: errnoCode(err) } };
    throw err;
  }
}

function judge(file: CataloguedFile, bytes: number, after: FileState, sha256: string): HashOutcome {
  return bytes === file.size && sameState(after, file) ? { kind: 'hashed', sha256 } : { kind: 'changed' };
}

/** Reads on the thread pool, hashes on the event loop, and gives the loop a turn after every chunk. */
export function eventLoopRunner(chunkSize = DEFAULT_HASH_CHUNK): HashRunner {
  let stopped = false;
  return {
    async hash(file) {
      if (stopped) return { kind: 'stopped' };
      const opened = await openForHash(file);
      if ('outcome' in opened) return opened.outcome;
      const { handle } = opened;
      try {
        const hash = createHash('sha256');
        const buffer = Buffer.allocUnsafe(chunkSize);
        let bytes = 0;
        for (;;) {
          if (stopped) return { kind: 'stopped' };
          const { bytesRead } = await handle.read(buffer, 0, chunkSize, bytes);
          if (bytesRead === 0) break;
          hash.update(buffer.subarray(0, bytesRead));
          bytes += bytesRead;
          // A file that grew would otherwise be read forever.
          if (bytes > file.size) return { kind: 'changed' };
          await new Promise((resolve) => setImmediate(resolve));
        }
        return judge(file, bytes, stateOf(await handle.stat()), hash.digest('hex'));
      } catch (err) {
        return { kind: 'unreadable', code: errnoCode(err) };
      } finally {
        await handle.close().catch(() => undefined);
      }
    },
    async close() {
      stopped = true;
    },
  };
}

// The worker's program, as text so that it survives bundling. It gets an open
// FileHandle (transferred), reads it with readSync until EOF or one byte past
// the expected size, and answers the digest, the byte count and a fresh fstat.
// The shared flag tells it to stop between chunks.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
} catch {}
const stop = new Int32Array(workerData.stop);
const buffer = Buffer.allocUnsafe(workerData.chunkSize);
parentPort.on('message', ({ handle, size }) => {
  let reply;
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      if (Atomics.load(stop, 0) !== 0) { reply = { kind: 'stopped' }; break; }
      const n = fs.readSync(handle.fd, buffer, 0, buffer.length, bytes);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      bytes += n;
      if (bytes > size) break;
    }
    if (!reply) {
      const st = fs.fstatSync(handle.fd);
      reply = { kind: 'read', sha256: hash.digest('hex'), bytes, state: { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev } };
    }
  } catch (err) {
    reply = { kind: 'unreadable', code: typeof err.code === 'string' ? err.code : 'EIO' };
  }
  handle.close().then(() => parentPort.postMessage(reply), () => parentPort.postMessage(reply));
});
`;

type WorkerReply =
  | { kind: 'read'; sha256: string; bytes: number; state: FileState }
  | { kind: 'unreadable'; code: string }
  | { kind: 'stopped' };

/** One worker thread, one file at a time; started on the first hash, ended by close(). */
export function workerRunner(chunkSize = DEFAULT_HASH_CHUNK): HashRunner {
  const stop = new SharedArrayBuffer(4);
  let worker: Worker | null = null;
  let waiting: ((reply: WorkerReply) => void) | null = null;
  let closed = false;

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { stop, chunkSize } });
    // A hash in progress must not keep the process alive at exit.
    w.unref();
    w.on('message', (reply: WorkerReply) => {
      const resolve = waiting;
      waiting = null;
      resolve?.(reply);
    });
    const lost = (code: string): void => {
      worker = null;
      const resolve = waiting;
      waiting = null;
      resolve?.(closed ? { kind: 'stopped' } : { kind: 'unreadable', code });
    };
    w.on('error', () => lost('EWORKER'));
    w.on('exit', () => lost('EWORKER'));
    return w;
  };

  return {
    async hash(file) {
      if (closed) return { kind: 'stopped' };
      const opened = await openForHash(file);
      if ('outcome' in opened) return opened.outcome;
      if (closed) {
        await opened.handle.close().catch(() => undefined);
        return { kind: 'stopped' };
      }
      worker ??= start();
      const reply = await new Promise<WorkerReply>((resolve) => {
        waiting = resolve;
        (worker as Worker).postMessage({ handle: opened.handle, size: file.size }, [opened.handle]);
      });
      if (reply.kind === 'read') return judge(file, reply.bytes, reply.state, reply.sha256);
      return reply;
    },
    async close() {
      closed = true;
      Atomics.store(new Int32Array(stop), 0, 1);
      const w = worker;
      worker = null;
      if (!w) return;
      // Let a hash in progress notice the flag and close its file first.
      if (waiting) await new Promise<void>((resolve) => w.once('message', () => resolve()).once('exit', () => resolve()));
      await w.terminate();
    },
  };
}

export function createHashRunner(kind: HashRunnerKind, chunkSize = DEFAULT_HASH_CHUNK): HashRunner {
  return kind === 'worker' ? workerRunner(chunkSize) : eventLoopRunner(chunkSize);
}
