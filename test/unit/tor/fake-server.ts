// Test helper (plain Node): a tiny scripted control-port server on a real
// Unix socket, for faults a real tor cannot be made to produce. It records
// every line it receives, so a test can assert what was (not) sent.
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeSession {
  socket: Socket;
  /** Writes raw text (include the CRLFs yourself). */
  write(text: string): void;
  end(): void;
}

/** Called per received line (without CRLF). */
export type LineHandler = (line: string, session: FakeSession) => void;

export interface FakeServer {
  path: string;
  /** Every line received, over all connections, in order. */
  received: string[];
  connections: number;
  close(): Promise<void>;
}

export async function startFakeServer(onLine: LineHandler, onConnect?: (s: FakeSession) => void): Promise<FakeServer> {
  const dir = mkdtempSync(join(tmpdir(), 'oniondrop-fake-'));
  const path = join(dir, 'control');
  const sockets = new Set<Socket>();
  const state: FakeServer = {
    path,
    received: [],
    connections: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    state.connections += 1;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const session: FakeSession = {
      socket,
      write: (text) => {
        if (!socket.destroyed) socket.write(text);
      },
      end: () => socket.end(),
    };
    onConnect?.(session);
    let buf = '';
    socket.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) !== -1) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        state.received.push(line);
        onLine(line, session);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, () => resolve()));
  return state;
}

/** Answers like onion-grater: PROTOCOLINFO says NULL, AUTHENTICATE always OK. */
export function graterLike(extra?: (line: string, s: FakeSession) => boolean): LineHandler {
  return (line, s) => {
    if (extra?.(line, s)) return;
    if (line.startsWith('PROTOCOLINFO')) {
      s.write('250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n');
    } else if (line.startsWith('AUTHENTICATE')) {
      s.write('250 OK\r\n');
    } else if (line === 'GETINFO version') {
      s.write('250-version=0.4.9.11\r\n250 OK\r\n');
    } else {
      s.write('510 Command filtered\r\n');
    }
  };
}
