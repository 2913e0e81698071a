// Starts our own tor when no tor answers (never on Whonix), and reports its bootstrap (plain Node).
// Tor runs with a private DataDirectory and sockets in a private runtime
// folder, and exits with the app: __OwningControllerProcess until we are
// connected, then TAKEOWNERSHIP on our control connection.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseBootstrap, type BootstrapStatus } from './bootstrap';
import { planBridges, type BridgePlan, type BridgeSetup } from './bridges/plan';
import { BootstrapStallWatch, DEFAULT_BRIDGE_STALL_MS, type StallWatchOptions } from './bridges/stall';
import { TorController } from './controller';
import type { SocksEndpoint } from './endpoint';
import { TorLaunchError, TorUnreachableError, type TorBridgeError } from './errors';

export interface LaunchOptions {
  /** From platform detection; any Whonix marker means no own tor, ever. */
  platform: { whonix: string | null; markers: readonly string[] };
  /** Whether the configuration allows starting a tor. */
  allowed: boolean;
  /** The app's data folder; tor's DataDirectory is `<dataDir>/tor` (0700). */
  dataDir: string;
  /** A private runtime folder (e.g. $XDG_RUNTIME_DIR/oniondrop); sockets go in `<runtimeDir>/tor` (0700). */
  runtimeDir: string;
  /** The tor executable. Default `tor` (from PATH). */
  torPath?: string;
  /** More torrc lines, `Key value` each (tests: `DisableNetwork 1`). */
  extraTorrc?: readonly string[];
  /** tor.bridges / tor.bridge_lines; null or absent: tor connects directly. */
  bridges?: BridgeSetup | null;
  /** Where to look for the pluggable-transport programs. Default: this process's PATH. */
  searchPath?: string;
  /** Bootstrap through bridges that has not moved for this long is reported to onStall. Default 90 s. */
  bridgeStallMs?: number;
  onBridgeStall?: (error: TorBridgeError) => void;
  onBootstrap?: (status: BootstrapStatus) => void;
  /** How long tor may take to open its control socket. Default 30 s. */
  startTimeoutMs?: number;
  commandTimeoutMs?: number;
}

export type LaunchRefusal =
  | { reason: 'whonix'; role: string; markers: string[]; message: string }
  | { reason: 'not-allowed'; message: string };

export type LaunchOutcome = { ok: true; tor: OwnTor } | { ok: false; refusal: LaunchRefusal };

export interface TorExit {
  code: number | null;
  signal: string | null;
}

/** Linux sun_path holds 108 bytes including the final NUL. */
const MAX_SOCKET_PATH = 107;
const LOG_LINES = 200;

const running = new Set<ChildProcess>();
process.once('exit', () => {
  // Tor would exit on its own (ownership), but not before its next poll.
  for (const child of running) child.kill('SIGKILL');
});

export function refusalFor(options: Pick<LaunchOptions, 'platform' | 'allowed'>): LaunchRefusal | undefined {
  if (options.platform.whonix !== null) {
    return {
      reason: 'whonix',
      role: options.platform.whonix,
      markers: [...options.platform.markers],
      message:
        'On Whonix, Tor runs on the Gateway; OnionDrop never starts a tor of its own here. ' +
        'Check that the Gateway is running and that onion-grater allows OnionDrop.',
    };
  }
  if (!options.allowed) {
    return { reason: 'not-allowed', message: 'No tor answered, and the configuration does not allow starting one.' };
  }
  return undefined;
}

function privateDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    // mkdir leaves an existing folder's mode alone; tor refuses a
    // group-readable DataDirectory or ControlSocket folder.
    chmodSync(path, 0o700);
  } catch (error) {
    throw new TorLaunchError('folder', `cannot make private folder ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function removeSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) rmSync(path, { force: true });
  } catch {
    // not there
  }
}

/** tor's last `[warn]` line since bootstrap began, without its timestamp. */
function lastWarning(log: readonly string[]): string | null {
  const began = log.findIndex((l) => / \[notice\] Bootstrapped /.test(l));
  for (let i = log.length - 1; i > began; i -= 1) {
    const warn = / \[warn\] (.+)$/.exec(log[i] ?? '');
    if (warn?.[1]) return warn[1].trim();
  }
  return null;
}

function torrcArgs(lines: readonly string[]): string[] {
  const args: string[] = [];
  for (const line of lines) {
    if (/[\r\n\0]/.test(line)) throw new TorLaunchError('bad-option', 'a torrc line holds a line break or NUL');
    const trimmed = line.trim();
    const sp = trimmed.indexOf(' ');
    if (sp === -1) args.push(trimmed, '');
    else args.push(trimmed.slice(0, sp), trimmed.slice(sp + 1).trim());
  }
  return args;
}

/**
 * Starts tor, or says why not (Whonix, not allowed). Rejects with
 * TorLaunchError when tor is missing, exits, or does not open its socket in
 * time, and with the control layer's errors if connecting fails; in every
 * failure the tor it started is killed.
 */
export async function launchTor(options: LaunchOptions): Promise<LaunchOutcome> {
  const refusal = refusalFor(options);
  if (refusal) return { ok: false, refusal };
  // Before anything starts: a missing transport program is the user's to install.
  const bridges = options.bridges ? planBridges(options.bridges, options.searchPath ?? process.env['PATH'] ?? '') : null;

  const dataDir = join(options.dataDir, 'tor');
  const runDir = join(options.runtimeDir, 'tor');
  privateDir(options.dataDir);
  privateDir(dataDir);
  privateDir(options.runtimeDir);
  privateDir(runDir);
  const controlSocket = join(runDir, 'control');
  const socksSocket = join(runDir, 'socks');
  const cookieFile = join(dataDir, 'control_auth_cookie');
  for (const p of [controlSocket, socksSocket]) {
    if (Buffer.byteLength(p) > MAX_SOCKET_PATH) {
      throw new TorLaunchError('socket-path-too-long', `${p} is longer than ${MAX_SOCKET_PATH} bytes`);
    }
  }
  // A socket or cookie left by an earlier run would look like a ready tor.
  removeSocket(controlSocket);
  removeSocket(socksSocket);
  rmSync(cookieFile, { force: true });

  const args = [
    '-f', '/dev/null',
    '--defaults-torrc', '/dev/null',
    '--ignore-missing-torrc',
    ...torrcArgs([
      `DataDirectory ${dataDir}`,
      `ControlSocket unix:${controlSocket}`,
      'ControlSocketsGroupWritable 0',
      // ExtendedErrors: onion failures come back as their own SOCKS codes (0xF0-0xF7).
      `SocksPort unix:${socksSocket} ExtendedErrors`,
      'CookieAuthentication 1',
      `CookieAuthFile ${cookieFile}`,
      `__OwningControllerProcess ${process.pid}`,
      'ClientOnly 1',
      'RunAsDaemon 0',
      'Log notice stdout',
      ...(bridges?.torrc ?? []),
      ...(options.extraTorrc ?? []),
    ]),
  ];

  const child = spawn(options.torPath ?? 'tor', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const keeper = (): ((chunk: string) => void) => {
    let partial = '';
    return (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) log.push(line);
      if (log.length > LOG_LINES) log.splice(0, log.length - LOG_LINES);
    };
  };
  child.stdout.setEncoding('utf8').on('data', keeper());
  child.stderr.setEncoding('utf8').on('data', keeper());
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (e) => (spawnError = e));
  const exited = new Promise<TorExit>((resolve) =>
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  if (child.pid !== undefined) running.add(child);

  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGKILL');
    if (child.pid !== undefined) await exited;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (spawnError) {
      throw new TorLaunchError(
        spawnError.code === 'ENOENT' ? 'not-installed' : 'exited',
        `${options.torPath ?? 'tor'}: ${spawnError.code ?? spawnError.message}`,
      );
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await exited;
      throw new TorLaunchError('exited', `tor exited (${child.exitCode ?? child.signalCode})`, log.slice(-20));
    }
    if (existsSync(controlSocket) && existsSync(cookieFile)) break;
    if (Date.now() > deadline) {
      await kill();
      throw new TorLaunchError('timeout', 'tor did not open its control socket in time', log.slice(-20));
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  let controller: TorController;
  for (;;) {
    try {
      controller = await TorController.connectAndAuthenticate(
        { path: controlSocket },
        { cookieFile },
        options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs },
      );
      break;
    } catch (error) {
      // The socket file appears at bind(), a moment before tor listens on it.
      const notListeningYet = error instanceof TorUnreachableError && error.code === 'ECONNREFUSED';
      if (notListeningYet && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      await kill();
      throw error;
    }
  }

  const stall: StallWatchOptions | undefined = bridges
    ? {
        afterMs: options.bridgeStallMs ?? DEFAULT_BRIDGE_STALL_MS,
        transport: bridges.programs[0]?.transport ?? null,
        onStall: (error) => options.onBridgeStall?.(error),
        loggedWarning: () => lastWarning(log),
      }
    : undefined;
  const tor = new OwnTor(child, controller, { path: socksSocket }, controlSocket, dataDir, log, exited, options.onBootstrap, bridges, stall);
  try {
    await controller.takeOwnership();
    // Ownership now rides on this connection; tor stops polling our pid (control-spec 3.23).
    await controller.send('RESETCONF __OwningControllerProcess');
    await tor.watchBootstrap();
  } catch (error) {
    await tor.stop();
    throw error;
  }
  return { ok: true, tor };
}

export class OwnTor {
  private latest: BootstrapStatus | undefined;
  private stallWatch: BootstrapStallWatch | undefined;

  constructor(
    private readonly child: ChildProcess,
    readonly controller: TorController,
    readonly socks: SocksEndpoint,
    readonly controlSocket: string,
    readonly dataDir: string,
    private readonly logLines: string[],
    /** Resolves when the tor process has exited. */
    readonly exited: Promise<TorExit>,
    private readonly onBootstrap?: (status: BootstrapStatus) => void,
    /** The bridges this tor runs with (which transport programs), or null. */
    readonly bridges: BridgePlan | null = null,
    private readonly stall?: StallWatchOptions,
  ) {}

  get pid(): number {
    return this.child.pid as number;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last bootstrap status seen. */
  get bootstrap(): BootstrapStatus | undefined {
    return this.latest;
  }

  /** The tail of tor's log (notice level), for a problem report. */
  log(): string[] {
    return [...this.logLines];
  }

  /** Subscribes to STATUS_CLIENT and reads the current phase; with bridges, watches for a stall. */
  async watchBootstrap(): Promise<void> {
    if (this.stall) {
      const watch = new BootstrapStallWatch(this.stall);
      this.stallWatch = watch;
      void this.exited.then(() => watch.stop());
    }
    this.controller.onEvent('STATUS_CLIENT', (event) => {
      const status = parseBootstrap(event.body);
      if (status) this.report(status, event.body);
    });
    await this.controller.addEvents(['STATUS_CLIENT']);
    this.report(await this.controller.getBootstrap());
  }

  private report(status: BootstrapStatus, rawEvent?: string): void {
    this.stallWatch?.report(status, rawEvent);
    this.latest = status;
    this.onBootstrap?.(status);
  }

  /** Stops tor and waits until its process is gone. */
  async stop(): Promise<void> {
    this.stallWatch?.stop();
    if (this.running) {
      // Closing the owning connection makes tor exit by itself.
      await this.controller.close();
      if (await this.exitsWithin(3_000)) return;
      this.child.kill('SIGTERM');
      if (await this.exitsWithin(3_000)) return;
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const done = await Promise.race([this.exited.then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }
}
