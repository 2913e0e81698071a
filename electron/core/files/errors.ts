// Why a catalogued file cannot be served, as typed values: the same two kinds for single files, the zip and the website (plain Node).

/** What the catalog recorded about a file, or what fstat says about it now. */
export interface FileState {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

/**
 * A shared file no longer matches the catalog (size, mtime, identity), or is
 * gone. `actual` is null when it is gone or no longer a regular file (a
 * symlink, a FIFO put in its place). The server answers with a page before
 * the first byte, or cuts the transfer off after it: never a complete
 * response with different bytes.
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

export type FileProblem = FileChangedError | FileUnreadableError;

/** True for either kind, from any route. */
export function isFileProblem(err: unknown): err is FileProblem {
  return err instanceof FileChangedError || err instanceof FileUnreadableError;
}

/** The errno code of a Node error, or 'EIO' when there is none. */
export function errnoCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EIO';
}
