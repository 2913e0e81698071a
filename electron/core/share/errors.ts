// Typed failures of the share server and its catalog (plain Node).
// Each carries a `kind` discriminant and the data a caller needs to tell the
// user what went wrong (which path, what changed), never just a string.

/** Why a path the user chose cannot be shared at all. */
export type CatalogRootProblem = 'not-found' | 'unreadable' | 'special-file' | 'symlink-loop' | 'not-a-path';

/** A path the user chose is unusable; the share cannot start with it. */
export class CatalogRootError extends Error {
  readonly kind = 'catalog-root' as const;
  constructor(
    readonly path: string,
    readonly problem: CatalogRootProblem,
    readonly code?: string,
  ) {
    super(`cannot share ${JSON.stringify(path)}: ${problem}${code ? ` (${code})` : ''}`);
    this.name = 'CatalogRootError';
  }
}

/** What the catalog recorded about a file and what the disk says now. */
export interface FileState {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

/**
 * A shared file no longer matches the catalog (size, mtime, identity), or is
 * gone. `actual` is null when it is gone or no longer a regular file. The
 * server answers with a page before the first byte, or cuts the transfer off
 * after it: never a complete response with different bytes.
 */
export class FileChangedError extends Error {
  readonly kind = 'file-changed' as const;
  constructor(
    readonly relPath: string,
    readonly expected: FileState,
    readonly actual: FileState | null,
  ) {
    super(`shared file changed after it was shared: ${relPath}`);
    this.name = 'FileChangedError';
  }
}

/** A shared file exists and matches but cannot be opened or read. */
export class FileUnreadableError extends Error {
  readonly kind = 'file-unreadable' as const;
  constructor(
    readonly relPath: string,
    readonly code: string,
  ) {
    super(`shared file cannot be read (${code}): ${relPath}`);
    this.name = 'FileUnreadableError';
  }
}

/** startShareServer was given options that cannot make a share. */
export class ShareServerConfigError extends Error {
  readonly kind = 'share-server-config' as const;
  constructor(readonly problem: 'empty-catalog' | 'several-items-without-archive' | 'bad-archive-name') {
    super(`cannot start the share server: ${problem}`);
    this.name = 'ShareServerConfigError';
  }
}

/** The errno code of a Node error, or 'EIO' when there is none. */
export function errnoCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EIO';
}

/**
 * True for "a source changed" errors from any producer, ours or the zip
 * writer's (which has its own class): the server shows the same page for both.
 */
export function isSourceChangedError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('kind' in err)) return false;
  return err.kind === 'file-changed' || err.kind === 'zip-source-changed';
}
