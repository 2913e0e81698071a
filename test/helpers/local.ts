// Small helpers the integration tests of every mode share (plain Node): temp folders, polling, running a client.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `oniondrop-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Wait until `predicate` holds, polling. */
export async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!predicate()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Run a command without blocking the event loop: the server under test lives
 * in this process, so spawnSync of a client would deadlock against it.
 */
export function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Paths this process has open, from /proc (real kernel state, not our bookkeeping). */
export function openPaths(): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      out.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed while listing
    }
  }
  return out;
}

/**
 * What the port of a stopped server answers now, or null when nothing does.
 * Test files run in parallel and listen on the first free port of one small
 * range (platform/port-range.ts), so another file's server may take a freed
 * port at once: a test shows that *its* server is gone by what no longer comes
 * back (its file, its room, its inbox), never by the port being silent.
 */
export function afterStop<T>(probe: () => Promise<T>): Promise<T | null> {
  return probe().catch(() => null);
}
