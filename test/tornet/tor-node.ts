// One tor process of the test network (plain Node): spawns it from its torrc,
// knows its pid and log, kills it by pid. Every live tor is remembered so a
// Node exit kills it too.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { sleep } from './deadline';
import { TorNetError } from './errors';

export type NodeRole = 'authority' | 'relay' | 'client' | 'bridge';

const live = new Map<number, ChildProcess>();

function killAllSync(): void {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}
process.once('exit', killAllSync);

/** Pids of every tor this Node process started and that has not exited yet. */
export function livePids(): number[] {
  return [...live.keys()];
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface TorNodeFiles {
  torrcPath: string;
  dataDir: string;
  logPath: string;
  /** tor's stdout/stderr: what it says before its log file is configured. */
  stdoutPath: string;
  controlSocketPath: string;
  cookiePath: string;
}

export class TorNode {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private lastExit: string | undefined;

  constructor(
    readonly name: string,
    readonly role: NodeRole,
    readonly files: TorNodeFiles,
  ) {}

  /** Starts tor; stale control socket and cookie are removed first so their reappearance means "this run is up". */
  start(): void {
    if (this.alive) throw new TorNetError('spawn', `${this.name} is already running (pid ${this.pid})`);
    rmSync(this.files.controlSocketPath, { force: true });
    rmSync(this.files.cookiePath, { force: true });
    const out = openSync(this.files.stdoutPath, 'a');
    const child = spawn('tor', ['-f', this.files.torrcPath, '--defaults-torrc', '/dev/null'], {
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    const pid = child.pid;
    if (pid === undefined) throw new TorNetError('spawn', `could not spawn tor for ${this.name}`);
    this.child = child;
    this.lastExit = undefined;
    live.set(pid, child);
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(pid);
        this.lastExit = signal ? `killed by ${signal}` : `exited with code ${code}`;
        resolve();
      });
    });
  }

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new TorNetError('spawn', `${this.name} was never started`);
    return pid;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** "exited with code 1" / "killed by SIGKILL" once tor is gone, else undefined. */
  get exitStatus(): string | undefined {
    return this.alive ? undefined : (this.lastExit ?? 'not started');
  }

  /** Is the control socket there and the cookie written? (tor's first sign of life.) */
  controlReady(): boolean {
    return existsSync(this.files.controlSocketPath) && existsSync(this.files.cookiePath);
  }

  /**
   * Sends `signal` and waits until tor is gone; SIGKILL follows after
   * `graceMs` if SIGTERM was not enough.
   */
  async kill(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', graceMs = 5_000): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The whole notice log (all runs of this node). */
  log(): string {
    return existsSync(this.files.logPath) ? readFileSync(this.files.logPath, 'utf8') : '';
  }

  /** Last lines of the notice log, plus tor's own stdout when it died. */
  logTail(lines = 20): string {
    const tail = this.log().trimEnd().split('\n').slice(-lines).join('\n');
    const died = this.exitStatus;
    if (died === undefined) return tail;
    const stdout = existsSync(this.files.stdoutPath) ? readFileSync(this.files.stdoutPath, 'utf8') : '';
    const stdoutTail = stdout.trimEnd().split('\n').slice(-lines).join('\n');
    return `${tail}\n[tor ${died}; its stdout:]\n${stdoutTail}`;
  }

  /** Resident memory of this tor in KiB (VmRSS), 0 if it is not running. */
  rssKiB(): number {
    if (!this.alive) return 0;
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    } catch {
      return 0;
    }
  }
}

/** Waits (polling, bounded) for the control socket of a freshly started node. */
export async function waitForControlSocket(node: TorNode, deadline: number): Promise<string | undefined> {
  while (!node.controlReady()) {
    if (!node.alive) return `tor ${node.exitStatus}`;
    if (Date.now() > deadline) return 'control socket did not appear in time';
    await sleep(50);
  }
  return undefined;
}
