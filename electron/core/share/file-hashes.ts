// SHA-256 of every file of a share, computed in the background after the share is ready (plain Node).
//
// start() returns at once and the first read waits for a later turn of the
// event loop, so "ready" is never delayed. Files are hashed one at a time, in
// catalog order (the order a downloader fetches them), by a HashRunner: by
// default a worker thread at nice 19 (see file-hash-runner.ts for why).
// Hashes already known for the same (device, inode, size, mtime) come from the
// cache file without reading anything. A file the share finds changed loses
// its hash (forget), and one that changes while it is read never gets one.
import type { Catalog, CatalogFile } from './catalog';
import type { FileState } from './errors';
import { HashCache } from './file-hash-cache';
import { createHashRunner, DEFAULT_HASH_CHUNK, type HashRunner, type HashRunnerKind } from './file-hash-runner';

export interface FileHashesOptions {
  /** The cache file (hashCachePath(dataDir)), or null to remember nothing across restarts. */
  cacheFile: string | null;
  /** Default 'worker'. */
  runner?: HashRunnerKind;
  chunkSize?: number;
  /** A file got its hash (for the share page and the manifest). */
  onHash?: (file: CatalogFile, sha256: string) => void;
  /** Something a developer may want in the log (the cache could not be written). Never a path of a shared file. */
  onWarning?: (message: string) => void;
  /** How often the cache is written while hashing. Default 10 s. */
  saveIntervalMs?: number;
}

export interface HashProgress {
  /** Files with a hash (read now or found in the cache). */
  hashed: number;
  /** Files that changed or could not be read: they get none. */
  failed: number;
  total: number;
  /** All files were tried (or stop() was called). */
  finished: boolean;
}

type Result = { kind: 'hashed'; state: FileState; sha256: string } | { kind: 'failed' };

const DEFAULT_SAVE_INTERVAL_MS = 10_000;

function isFileList(source: Catalog | readonly CatalogFile[]): source is readonly CatalogFile[] {
  return Array.isArray(source);
}

function stateOf(f: CatalogFile): FileState {
  return { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino, dev: f.dev };
}

function sameIdentity(a: FileState, b: FileState): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev;
}

export class FileHashes {
  private readonly files: readonly CatalogFile[];
  private readonly results = new Map<string, Result>();
  private readonly forgotten = new Set<string>();
  private runner: HashRunner | null = null;
  private cache: HashCache | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private finished = false;

  constructor(
    source: Catalog | readonly CatalogFile[],
    private readonly options: FileHashesOptions,
  ) {
    this.files = isFileList(source) ? source : source.entries.filter((e): e is CatalogFile => e.kind === 'file');
  }

  /** Begins in the background; call once the share is ready. Calling again does nothing. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.run().catch((error: unknown) => {
      this.options.onWarning?.(`file hashing stopped: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** The file's SHA-256 (lower-case hex) when known and still about the same file, else null. */
  sha256Of(file: CatalogFile): string | null {
    const r = this.results.get(file.relPath);
    return r?.kind === 'hashed' && sameIdentity(r.state, stateOf(file)) ? r.sha256 : null;
  }

  /** The share found this file changed: its hash no longer describes what is on disk. */
  forget(relPath: string): void {
    this.forgotten.add(relPath);
    const r = this.results.get(relPath);
    if (r?.kind === 'hashed') this.cache?.delete(r.state);
    this.results.set(relPath, { kind: 'failed' });
  }

  get progress(): HashProgress {
    let hashed = 0;
    let failed = 0;
    for (const r of this.results.values()) {
      if (r.kind === 'hashed') hashed++;
      else failed++;
    }
    return { hashed, failed, total: this.files.length, finished: this.finished };
  }

  /** Resolves when every file was tried, or after stop(). */
  async idle(): Promise<void> {
    await this.running;
  }

  /** Ends hashing (a file being read is left unhashed) and writes the cache. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.runner?.close();
    await this.running;
    // forget() may have changed the cache after the run ended.
    await this.saveCache();
  }

  private async saveCache(): Promise<void> {
    try {
      await this.cache?.save();
    } catch (error) {
      this.options.onWarning?.(`the file hash cache could not be written (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private async run(): Promise<void> {
    // Never in the turn that reported "ready".
    await new Promise((resolve) => setTimeout(resolve, 0));
    const cache = await HashCache.open(this.options.cacheFile);
    this.cache = cache;
    const saveEvery = this.options.saveIntervalMs ?? DEFAULT_SAVE_INTERVAL_MS;
    let savedAt = Date.now();
    const save = async (): Promise<void> => {
      savedAt = Date.now();
      await this.saveCache();
    };
    try {
      for (const file of this.files) {
        const known = cache.get(stateOf(file));
        if (known !== null && !this.forgotten.has(file.relPath)) this.record(file, known);
      }
      for (const file of this.files) {
        if (this.stopped) break;
        if (this.results.has(file.relPath)) continue;
        this.runner ??= createHashRunner(this.options.runner ?? 'worker', this.options.chunkSize ?? DEFAULT_HASH_CHUNK);
        const outcome = await this.runner.hash(file);
        if (outcome.kind === 'stopped') break;
        if (this.forgotten.has(file.relPath)) continue;
        if (outcome.kind === 'hashed') {
          cache.set(stateOf(file), outcome.sha256);
          this.record(file, outcome.sha256);
        } else {
          this.results.set(file.relPath, { kind: 'failed' });
        }
        if (Date.now() - savedAt >= saveEvery) await save();
      }
    } finally {
      this.finished = true;
      await this.runner?.close();
      await save();
    }
  }

  private record(file: CatalogFile, sha256: string): void {
    this.results.set(file.relPath, { kind: 'hashed', state: stateOf(file), sha256 });
    try {
      this.options.onHash?.(file, sha256);
    } catch (error) {
      this.options.onWarning?.(`a file hash listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
