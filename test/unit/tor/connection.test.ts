// The connection against a scripted server: routing, order, timeouts, and
// faults (garbage, unsolicited replies, closing mid-reply) that tor itself
// will not produce on demand.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { TorControlConnection, type TorEvent } from '../../../electron/core/tor/connection';
import {
  TorArgumentError,
  TorConnectionClosedError,
  TorControlError,
  TorProtocolError,
  TorTimeoutError,
  TorUnreachableError,
} from '../../../electron/core/tor/errors';
import { startFakeServer, type FakeServer, type LineHandler } from './fake-server';

let server: FakeServer | undefined;
let conn: TorControlConnection | undefined;
afterEach(async () => {
  await conn?.close();
  await server?.close();
  conn = undefined;
  server = undefined;
});

async function open(handler: LineHandler, commandTimeoutMs = 2_000): Promise<TorControlConnection> {
  server = await startFakeServer(handler);
  conn = await TorControlConnection.connect({ path: server.path }, { commandTimeoutMs });
  return conn;
}

describe('TorControlConnection', () => {
  it('routes an event that arrives before the reply to listeners, not to the command', async () => {
    const c = await open((line, s) => {
      if (line === 'GETINFO version') {
        s.write('650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting"\r\n');
        s.write('650+HS_DESC_CONTENT x y z\r\ndesc line\r\n.\r\n650 OK\r\n');
        s.write('250-version=0.4.9.11\r\n250 OK\r\n');
      }
    });
    const typed: TorEvent[] = [];
    const all: string[] = [];
    c.onEvent('status_client', (e) => typed.push(e));
    c.onAnyEvent((e) => all.push(e.type));
    const reply = await c.send('GETINFO version');
    expect(reply.lines[0]?.text).toBe('version=0.4.9.11');
    expect(typed).toHaveLength(1);
    expect(typed[0]?.body).toBe('NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting"');
    expect(all).toEqual(['STATUS_CLIENT', 'HS_DESC_CONTENT']);
  });

  it('answers pipelined commands in order', async () => {
    const c = await open((line, s) => s.write(`250-echo=${line}\r\n250 OK\r\n`));
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => c.send(`GETINFO n${i}`)));
    expect(replies.map((r) => r.lines[0]?.text)).toEqual(Array.from({ length: 50 }, (_, i) => `echo=GETINFO n${i}`));
  });

  it('rejects a non-2xx reply with TorControlError and keeps the connection', async () => {
    const c = await open((line, s) => s.write(line === 'FOO' ? '510 Unrecognized command "FOO"\r\n' : '250 OK\r\n'));
    const error = await c.send('FOO').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TorControlError);
    expect((error as TorControlError).filtered).toBe(false);
    await expect(c.send('GETINFO ok')).resolves.toBeDefined();
    expect(c.closed).toBe(false);
  });

  it('refuses a command with a line break before sending anything', async () => {
    const c = await open((_line, s) => s.write('250 OK\r\n'));
    await expect(c.send('GETINFO a\r\nSIGNAL HALT')).rejects.toBeInstanceOf(TorArgumentError);
    await c.send('GETINFO b');
    expect(server?.received).toEqual(['GETINFO b']);
  });

  it('times out a command, closes, and fails the others with the reason', async () => {
    const c = await open(() => undefined, 200);
    const heard: TorConnectionClosedError[] = [];
    c.onClose((e) => heard.push(e));
    const first = c.send('GETINFO slow', { timeoutMs: 100 }).catch((e: unknown) => e);
    const second = c.send('GETINFO next', { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(await first).toBeInstanceOf(TorTimeoutError);
    const e2 = (await second) as TorConnectionClosedError;
    expect(e2).toBeInstanceOf(TorConnectionClosedError);
    expect(e2.reason).toBe('timeout');
    expect(e2.command).toBe('GETINFO next');
    expect(heard.map((h) => h.reason)).toEqual(['timeout']);
    expect(c.closed).toBe(true);
    await expect(c.send('GETINFO after')).rejects.toBeInstanceOf(TorConnectionClosedError);
  });

  it('closes on garbage and tells every waiting command and listener why', async () => {
    const c = await open((line, s) => {
      if (line === 'GETINFO b') s.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    const heard: TorConnectionClosedError[] = [];
    c.onClose((e) => heard.push(e));
    const results = await Promise.all([c.send('GETINFO a'), c.send('GETINFO b')].map((p) => p.catch((e: unknown) => e)));
    for (const r of results) {
      expect(r).toBeInstanceOf(TorConnectionClosedError);
      expect((r as TorConnectionClosedError).reason).toBe('protocol');
      expect((r as TorConnectionClosedError).cause).toBeInstanceOf(TorProtocolError);
    }
    expect(heard).toHaveLength(1);
  });

  it('closes on a reply that answers no command', async () => {
    server = await startFakeServer(() => undefined, (s) => s.write('250 OK\r\n'));
    conn = await TorControlConnection.connect({ path: server.path });
    const c = conn;
    const reason = await new Promise<TorConnectionClosedError>((resolve) => c.onClose(resolve));
    expect(reason.reason).toBe('protocol');
    expect((reason.cause as TorProtocolError).problem).toBe('unexpected-reply');
  });

  it('fails pending commands when the other side closes mid-reply', async () => {
    const c = await open((_line, s) => {
      s.write('250-version=0.4');
      s.end();
    });
    const error = (await c.send('GETINFO version').catch((e: unknown) => e)) as TorConnectionClosedError;
    expect(error).toBeInstanceOf(TorConnectionClosedError);
    expect(error.reason).toBe('remote');
    expect(error.midReply).toBe(true);
  });

  it('calls a close listener added after the close, too', async () => {
    const c = await open(() => undefined);
    await c.close();
    const e = await new Promise<TorConnectionClosedError>((resolve) => c.onClose(resolve));
    expect(e.reason).toBe('local');
  });

  it('keeps working when an event listener throws', async () => {
    const c = await open((line, s) => {
      if (line === 'GETINFO x') s.write('650 BW 1 2\r\n250 OK\r\n');
    });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.message);
    };
    process.on('warning', onWarning);
    c.onEvent('BW', () => {
      throw new Error('listener bug');
    });
    await c.send('GETINFO x');
    await new Promise((r) => setTimeout(r, 20));
    process.off('warning', onWarning);
    expect(c.closed).toBe(false);
    expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
  });

  it('says which socket or port could not be reached', async () => {
    const e1 = await TorControlConnection.connect({ path: '/nonexistent/oniondrop/control' }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(TorUnreachableError);
    expect((e1 as TorUnreachableError).code).toBe('ENOENT');
    expect((e1 as TorUnreachableError).label).toBe('unix:/nonexistent/oniondrop/control');
    // a port that was just free
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const e2 = await TorControlConnection.connect({ host: '127.0.0.1', port }).catch((e: unknown) => e);
    expect((e2 as TorUnreachableError).code).toBe('ECONNREFUSED');
    expect((e2 as TorUnreachableError).hint).toBe('nothing-listening');
  });
});
