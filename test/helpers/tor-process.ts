// Test helper (plain Node): starts a real, networkless Debian `tor` with a
// throwaway DataDirectory and hands out its control endpoints. Every tor it
// starts is remembered by pid and killed when the test file ends, also when a
// test fails or the worker exits.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';

export interface TorOptions {
  /** Open a ControlSocket (Unix). Default true. */
  controlSocket?: boolean;
  /** Open a TCP ControlPort on 127.0.0.1 (port chosen by tor). Default false. */
  controlPort?: boolean;
  /** CookieAuthentication 1 (tor then offers COOKIE and SAFECOOKIE). Default true. */
  cookie?: boolean;
  /** HashedControlPassword for this plain password. */
  password?: string;
  /** Open a SOCKS Unix socket. Default false. */
  socksSocket?: boolean;
  /** Keep the network off (ADD_ONION still works). Default true. */
  disableNetwork?: boolean;
  /** Reuse an existing folder (to restart the "same" tor). */
  baseDir?: string;
  /** Extra torrc lines. */
  extra?: string[];
}

export interface TorHandle {
  pid: number;
  baseDir: string;
  dataDir: string;
  controlSocketPath?: string;
  controlPort?: number;
  socksSocketPath?: string;
  cookiePath: string;
  /** The whole log so far (tor's stdout). */
  log(): string;
  /** Kill tor (SIGTERM, then SIGKILL) and wait for it to exit. */
  stop(): Promise<void>;
  /** Stop and remove the folder. */
  dispose(): Promise<void>;
}

const live = new Map<number, ChildProcess>();

function killAllSync(): void {
  for (const [pid] of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}
process.once('exit', killAllSync);

export function hashPassword(password: string): string {
  const out = spawnSync('tor', ['--hash-password', password, '--quiet'], { encoding: 'utf8' });
  const line = out.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('16:')) throw new Error(`tor --hash-password failed: ${out.stderr}`);
  return line;
}

export async function startTor(opts: TorOptions = {}): Promise<TorHandle> {
  const baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'oniondrop-tor-'));
  const dataDir = join(baseDir, 'data');
  const runDir = join(baseDir, 'run');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  chmodSync(runDir, 0o700);
  const controlSocketPath = opts.controlSocket === false ? undefined : join(runDir, 'control');
  const socksSocketPath = opts.socksSocket ? join(runDir, 'socks') : undefined;
  const portFile = join(baseDir, 'control.port');
  rmSync(portFile, { force: true });
  const cookiePath = join(dataDir, 'control_auth_cookie');

  const lines = [
    `DataDirectory ${dataDir}`,
    'Log notice stdout',
    'RunAsDaemon 0',
    `DisableNetwork ${opts.disableNetwork === false ? 0 : 1}`,
    'AvoidDiskWrites 1',
    socksSocketPath ? `SocksPort unix:${socksSocketPath}` : 'SocksPort 0',
    `CookieAuthentication ${opts.cookie === false ? 0 : 1}`,
  ];
  if (controlSocketPath) lines.push(`ControlSocket unix:${controlSocketPath}`);
  if (opts.controlPort) lines.push('ControlPort 127.0.0.1:auto', `ControlPortWriteToFile ${portFile}`);
  if (opts.password !== undefined) lines.push(`HashedControlPassword ${hashPassword(opts.password)}`);
  lines.push(...(opts.extra ?? []));

  const args = ['-f', '-', '--defaults-torrc', '/dev/null', '--ignore-missing-torrc'];
  for (const line of lines) {
    const sp = line.indexOf(' ');
    args.push(line.slice(0, sp), line.slice(sp + 1));
  }
  const child = spawn('tor', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('could not start tor');
  const pid = child.pid;
  live.set(pid, child);
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(pid));

  const ready = (): boolean =>
    (!controlSocketPath || existsSync(controlSocketPath)) &&
    (!opts.controlPort || existsSync(portFile)) &&
    (opts.cookie === false || existsSync(cookiePath)) &&
    // tor opens no SOCKS listener while DisableNetwork is set.
    (!socksSocketPath || opts.disableNetwork !== false || existsSync(socksSocketPath));
  const deadline = Date.now() + 30_000;
  // The socket file appears at bind(), a moment before tor listens on it: only
  // a connection that is accepted says tor is ready (else ECONNREFUSED).
  while (!ready() || (controlSocketPath !== undefined && !(await accepts(controlSocketPath)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tor did not start:\n${log.split('\n').slice(-15).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let controlPort: number | undefined;
  if (opts.controlPort) {
    const m = /PORT=[\d.]+:(\d+)/.exec(readFileSync(portFile, 'utf8'));
    controlPort = m ? Number(m[1]) : undefined;
  }

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    pid,
    baseDir,
    dataDir,
    controlSocketPath,
    controlPort,
    socksSocketPath,
    cookiePath,
    log: () => log,
    stop,
    dispose: async () => {
      await stop();
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

/** Kill every tor this worker started (for afterAll hooks). */
export async function stopAllTors(): Promise<void> {
  const waits = [...live.values()].map(
    (c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    }),
  );
  await Promise.all(waits);
}

/** Whether a Unix socket accepts a connection now (closed again at once). */
function accepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
