// Receive mode plugged into a Session (no Tor): the session's transfer list is the upload
// history, and stopping the session closes the listener (plain Node, real HTTP).
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShareOptions } from '../../../electron/contract';
import { fileKeyStore } from '../../../electron/core/key-store';
import { receiveModeServer } from '../../../electron/core/modes/receive-mode';
import type { SubmissionRecord } from '../../../electron/core/receive/events';
import { Session, type StartServer } from '../../../electron/core/session';
import { afterStop } from '../../helpers/local';
import { postParts, tempDir, until } from './helpers';
import { shareOptions } from '../../helpers/share-options';

const tmp = tempDir('recv-session');
afterAll(() => tmp.remove());

function options(patch: Partial<ShareOptions> = {}): ShareOptions {
  return shareOptions({
    public: true,
    stopAfterFirstDownload: false,
    receive: { folder: join(tmp.path, 'inbox'), maxFileSize: 1000, maxTotalSize: 0, disableText: false, disableFiles: false },
    ...patch,
  });
}

function session(startServer: StartServer, opts: ShareOptions): Session {
  return new Session({
    label: 'test',
    options: opts,
    startServer,
    link: null,
    platform: { whonix: null, markers: [], qubes: false, tails: false },
    listenHost: '127.0.0.1',
    portRange: { first: 17600, last: 17659 },
    keys: fileKeyStore(join(tmp.path, 'keys')),
  });
}

describe('receive mode in a Session', () => {
  it('uploads appear as upload transfers: finished, or rejected with the limit', async () => {
    const records: SubmissionRecord[] = [];
    const opts = options();
    const s = session(receiveModeServer(opts, { minFreeSpace: 0, maxMessageLength: 100, onSubmission: (r) => records.push(r) }), opts);
    await s.start();
    expect(s.state).toBe('ready');
    const url = s.localUrl as string;

    expect((await postParts(url, [{ name: 'file', filename: 'ok.txt', data: 'fine' }])).status).toBe(200);
    expect((await postParts(url, [{ name: 'file', filename: 'big.bin', data: Buffer.alloc(5000) }])).status).toBe(413);
    await until(() => s.transfers.list().filter((t) => t.state !== 'running').length === 2);
    const [ok, big] = s.transfers.list();
    expect(ok).toMatchObject({ direction: 'upload', name: 'ok.txt', state: 'finished', problem: null });
    expect(big).toMatchObject({ direction: 'upload', name: 'big.bin', state: 'rejected', problem: { kind: 'limit', which: 'file-size', limit: 1000 } });
    expect(records.map((r) => r.outcome)).toEqual(['received', 'rejected']);

    await s.stop();
    expect(s.state).toBe('stopped');
    await afterStop(() => postParts(url, [{ name: 'file', filename: 'late.txt', data: 'late' }]));
    expect(records).toHaveLength(2);
    expect(s.transfers.list()).toHaveLength(2);
  });

  it('a receive folder that cannot be made fails the session with a problem, not a crash', async () => {
    const blocker = join(tmp.path, 'a-file');
    writeFileSync(blocker, 'x');
    const opts = options({ receive: { ...options().receive, folder: join(blocker, 'inbox') } });
    const s = session(receiveModeServer(opts, { minFreeSpace: 0, maxMessageLength: 100 }), opts);
    await s.start();
    expect(s.state).toBe('failed');
    // The user is told which folder and why (here: a file is in the way).
    expect(s.problem).toEqual({ kind: 'path-rejected', path: join(blocker, 'inbox'), use: 'receive-folder', reason: 'not-a-folder' });
  });
});
