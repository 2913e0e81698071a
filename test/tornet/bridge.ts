// The test network's obfs4 bridge (plain Node): finds Debian's obfs4proxy,
// waits until the bridge's obfs4 listener answers, and reads the bridge line
// clients need (the cert= obfs4proxy wrote to pt_state/obfs4_bridgeline.txt).
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { pollUntil } from './deadline';

/** The server side of obfs4: Debian 12's obfs4proxy, or its successor lyrebird. */
export function findObfs4Server(searchPath = process.env.PATH ?? ''): string | undefined {
  for (const name of ['obfs4proxy', 'lyrebird']) {
    for (const dir of searchPath.split(':').filter((d) => isAbsolute(d))) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface Obfs4BridgeLine {
  fingerprint: string;
  cert: string;
  iatMode: string;
  /** `obfs4 127.0.0.1:PORT FINGERPRINT cert=... iat-mode=N`, as a client's Bridge option takes it. */
  line: string;
}

/** The cert= and iat-mode= from obfs4proxy's bridge line template, and tor's fingerprint; undefined until both files exist. */
export function readObfs4BridgeLine(dataDir: string, obfs4Port: number): Obfs4BridgeLine | undefined {
  const template = join(dataDir, 'pt_state', 'obfs4_bridgeline.txt');
  const fingerprintFile = join(dataDir, 'fingerprint');
  if (!existsSync(template) || !existsSync(fingerprintFile)) return undefined;
  // "Bridge obfs4 <IP ADDRESS>:<PORT> <FINGERPRINT> cert=... iat-mode=0"
  const params = /^Bridge obfs4 .* cert=(\S+) iat-mode=(\d)\s*$/m.exec(readFileSync(template, 'utf8'));
  const fingerprint = readFileSync(fingerprintFile, 'utf8').trim().split(/\s+/)[1];
  if (!params?.[1] || !params[2] || !fingerprint || !/^[0-9A-F]{40}$/.test(fingerprint)) return undefined;
  const [cert, iatMode] = [params[1], params[2]];
  return { fingerprint, cert, iatMode, line: `obfs4 127.0.0.1:${obfs4Port} ${fingerprint} cert=${cert} iat-mode=${iatMode}` };
}

/** Resolves when something accepts TCP connections on 127.0.0.1:port (obfs4proxy's listener). */
export async function waitForListener(port: number, deadline: number, abortIf: () => string | undefined): Promise<string | undefined> {
  const result = await pollUntil(
    () =>
      new Promise<true | undefined>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(undefined));
      }),
    { deadline, everyMs: 200, abortIf },
  );
  return result.ok ? undefined : `nothing listens on the obfs4 port 127.0.0.1:${port} (${result.reason})`;
}
