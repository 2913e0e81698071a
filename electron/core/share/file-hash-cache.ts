// Remembered SHA-256s of shared files, keyed by (device, inode, size, mtime), in one small private file (plain Node).
//
// So a persistent share restarted later does not read every file again. The
// key is what the catalog and the ETags already trust to say "same file";
// an entry never names a path. The file is JSON, mode 0600, replaced
// atomically, merged with what another OnionDrop process wrote meanwhile,
// and kept small: entries unused for a long time, then the least recently
// used beyond a cap, are dropped.
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writePrivateFileAtomically } from '../atomic-file';
import type { FileState } from './errors';

const FORMAT = 'oniondrop-file-hashes';
const VERSION = 1;
export const HASH_CACHE_FILE = 'file-hashes.json';
export const MAX_CACHE_ENTRIES = 50_000;
const MAX_AGE_MS = 180 * 24 * 3600 * 1000;
const SHA256 = /^[0-9a-f]{64}$/;

/** Where the app keeps the cache: in its data folder. */
export function hashCachePath(dataDir: string): string {
  return join(dataDir, HASH_CACHE_FILE);
}

export function cacheKey(state: FileState): string {
  return `${state.dev}:${state.ino}:${state.size}:${state.mtimeMs}`;
}

interface Entry {
  sha256: string;
  /** Last time a share used it, ms. */
  usedAt: number;
}

type Entries = Map<string, Entry>;

async function readEntries(file: string): Promise<Entries> {
  const entries: Entries = new Map();
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // Missing or damaged: start empty (the next save replaces a damaged file).
    return entries;
  }
  if (typeof json !== 'object' || json === null) return entries;
  const o = json as { format?: unknown; version?: unknown; entries?: unknown };
  if (o.format !== FORMAT || o.version !== VERSION || typeof o.entries !== 'object' || o.entries === null) return entries;
  for (const [key, value] of Object.entries(o.entries as Record<string, unknown>)) {
    if (!Array.isArray(value) || value.length !== 2) continue;
    const [sha256, usedAt] = value as unknown[];
    if (typeof sha256 === 'string' && SHA256.test(sha256) && typeof usedAt === 'number' && Number.isFinite(usedAt)) {
      entries.set(key, { sha256, usedAt });
    }
  }
  return entries;
}

export class HashCache {
  private entries: Entries = new Map();
  private readonly removed = new Set<string>();
  private dirty = false;

  private constructor(
    /** null: remembered for this process only. */
    private readonly file: string | null,
    private readonly now: () => number,
  ) {}

  static async open(file: string | null, now: () => number = Date.now): Promise<HashCache> {
    const cache = new HashCache(file, now);
    if (file) cache.entries = await readEntries(file);
    return cache;
  }

  get(state: FileState): string | null {
    const entry = this.entries.get(cacheKey(state));
    if (!entry) return null;
    entry.usedAt = this.now();
    this.dirty = true;
    return entry.sha256;
  }

  set(state: FileState, sha256: string): void {
    const key = cacheKey(state);
    this.entries.set(key, { sha256, usedAt: this.now() });
    this.removed.delete(key);
    this.dirty = true;
  }

  /** A file with this identity turned out to change without a new identity (same size and mtime): its hash is wrong. */
  delete(state: FileState): void {
    const key = cacheKey(state);
    this.entries.delete(key);
    this.removed.add(key);
    this.dirty = true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Writes the file if anything changed, merged with what is on disk now. Errors are the caller's to log. */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    const onDisk = await readEntries(this.file);
    for (const [key, entry] of this.entries) {
      const other = onDisk.get(key);
      if (!other || other.usedAt <= entry.usedAt) onDisk.set(key, entry);
    }
    for (const key of this.removed) onDisk.delete(key);
    const cutoff = this.now() - MAX_AGE_MS;
    const kept = [...onDisk].filter(([, e]) => e.usedAt >= cutoff).sort((a, b) => b[1].usedAt - a[1].usedAt);
    kept.length = Math.min(kept.length, MAX_CACHE_ENTRIES);
    const out: Record<string, [string, number]> = {};
    for (const [key, e] of kept) out[key] = [e.sha256, e.usedAt];
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    writePrivateFileAtomically(this.file, JSON.stringify({ format: FORMAT, version: VERSION, entries: out }));
    this.entries = new Map(kept);
    this.removed.clear();
    this.dirty = false;
  }
}
