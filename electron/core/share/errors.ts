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

// The file errors are the guarded reader's, the same on every route.
export { FileChangedError, FileUnreadableError, errnoCode, type FileState } from '../files/errors';

/** startShareServer was given options that cannot make a share. */
export class ShareServerConfigError extends Error {
  readonly kind = 'share-server-config' as const;
  constructor(readonly problem: 'empty-catalog' | 'several-items-without-archive' | 'bad-archive-name') {
    super(`cannot start the share server: ${problem}`);
    this.name = 'ShareServerConfigError';
  }
}

/** True when a transfer stopped because a shared file changed (the server shows the same page on every route). */
export function isSourceChangedError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'kind' in err && err.kind === 'file-changed';
}
