// Child processes the benchmark starts, tracked by pid so every one ends on exit, failure or Ctrl-C (plain Node).
// Servers that fork (nginx's workers) are ended through the descendants found under
// their pid in /proc, never by name: other jobs on this machine run the same programs.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { BenchError } from './errors';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const KEEP_LINES = 200;
const live = new Map<number, TrackedProcess>();

export class TrackedProcess {
  readonly exited: Promise<ExitInfo>;
  /** Resolves once the output pipes are closed too, so `stdout` is complete. */
  readonly closed: Promise<void>;
  private exitInfo: ExitInfo | null = null;
  private readonly lines: string[] = [];
  private readonly watchers = new Set<(line: string) => void>();
  private stdoutText = '';

  constructor(
    readonly name: string,
    readonly pid: number,
    child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.exitInfo !== null) return;
        this.exitInfo = { code, signal };
        live.delete(pid);
        resolve(this.exitInfo);
      };
      child.once('exit', finish);
      child.once('error', () => finish(null, null));
    });
    this.closed = new Promise((resolve) => {
      child.once('close', () => resolve());
      child.once('error', () => resolve());
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stdoutText += chunk.toString('utf8');
      this.feed(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => this.feed(chunk));
  }

  get alive(): boolean {
    return this.exitInfo === null;
  }

  get exit(): ExitInfo | null {
    return this.exitInfo;
  }

  /** Everything written to stdout so far (used for curl's -w report). */
  get stdout(): string {
    return this.stdoutText;
  }

  tail(n = 20): string[] {
    return this.lines.slice(-n);
  }

  /** Calls `fn` for each complete output line from now on; returns an unsubscribe function. */
  onLine(fn: (line: string) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private partial = '';
  private feed(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > KEEP_LINES) this.lines.shift();
      for (const w of this.watchers) w(line);
    }
  }
}

export interface SpawnOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export function spawnTracked(name: string, command: string, args: readonly string[], opts: SpawnOptions = {}): TrackedProcess {
  const child = spawn(command, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) {
    // The 'error' event (ENOENT, EACCES) follows on the next tick; it is expected here.
    child.once('error', () => undefined);
    throw new BenchError('launch', `${name}: could not start ${command}`);
  }
  const tracked = new TrackedProcess(name, child.pid, child);
  live.set(child.pid, tracked);
  return tracked;
}

/** Runs a short command to completion (tracked while it runs). */
export async function runTracked(name: string, command: string, args: readonly string[], opts: SpawnOptions = {}): Promise<{ exit: ExitInfo; stdout: string; tail: string[] }> {
  const p = spawnTracked(name, command, args, opts);
  const exit = await p.exited;
  await p.closed;
  return { exit, stdout: p.stdout, tail: p.tail() };
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids whose parent chain leads to `pid` (from /proc), children before grandchildren. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses; the ppid follows the last ')'.
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(after[1]));
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const [child, parent] of parentOf) if (frontier.includes(parent)) next.push(child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asks politely (`signal`), then SIGKILLs after `graceMs`; also ends any descendant left behind. */
export async function stopTracked(p: TrackedProcess, signal: NodeJS.Signals = 'SIGINT', graceMs = 5000): Promise<void> {
  const kids = p.alive ? descendants(p.pid) : [];
  if (p.alive) {
    signalPid(p.pid, signal);
    const done = await Promise.race([p.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) {
      signalPid(p.pid, 'SIGKILL');
      await p.exited;
    }
  }
  for (const kid of kids) {
    for (let i = 0; i < 50 && isPidAlive(kid); i++) await sleep(20);
    if (isPidAlive(kid)) signalPid(kid, 'SIGKILL');
  }
}

/** Synchronous last resort for exit handlers: SIGKILL every tracked process and its descendants. */
export function killAllNow(): void {
  for (const p of [...live.values()]) {
    const kids = descendants(p.pid);
    signalPid(p.pid, 'SIGKILL');
    for (const kid of kids) signalPid(kid, 'SIGKILL');
  }
  live.clear();
}

export function liveCount(): number {
  return live.size;
}
