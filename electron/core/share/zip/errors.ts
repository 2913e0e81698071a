// Typed failures of the zip writer (plain Node).
// Each carries a `kind` discriminant and the data a caller needs to explain the
// problem to the user (which entry, which file, what changed).

export type ZipEntryProblem =
  | 'empty-name'
  | 'absolute'
  | 'backslash'
  | 'nul'
  | 'empty-segment'
  | 'dot-segment'
  | 'drive-letter'
  | 'malformed-unicode'
  | 'name-too-long'
  | 'folder-name-without-slash'
  | 'file-name-with-slash'
  | 'duplicate'
  | 'file-used-as-folder'
  | 'bad-size'
  | 'bad-mtime';

/** An entry handed to planZip cannot go into an archive safely. */
export class ZipEntryError extends Error {
  readonly kind = 'zip-invalid-entry' as const;
  constructor(
    readonly index: number,
    readonly entryName: string,
    readonly problem: ZipEntryProblem,
  ) {
    super(`zip entry #${index} ${JSON.stringify(entryName)} is invalid: ${problem}`);
    this.name = 'ZipEntryError';
  }
}

/** What the writer knows about a source file at one moment. */
export interface SourceState {
  size: number;
  mtimeMs: number;
}

/**
 * A shared file no longer matches what the archive was planned from. The stream
 * stops instead of sending an archive whose sizes or CRCs would be wrong.
 * `actual` is null when the path is gone or is no longer a regular file.
 */
export class ZipSourceChangedError extends Error {
  readonly kind = 'zip-source-changed' as const;
  constructor(
    readonly path: string,
    readonly expected: SourceState,
    readonly actual: SourceState | null,
  ) {
    super(`shared file changed since the share started: ${path}`);
    this.name = 'ZipSourceChangedError';
  }
}

/** A shared file exists but cannot be read (permissions, I/O error). */
export class ZipSourceUnreadableError extends Error {
  readonly kind = 'zip-source-unreadable' as const;
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`shared file cannot be read (${code}): ${path}`);
    this.name = 'ZipSourceUnreadableError';
  }
}

/** A byte range outside the archive; HTTP callers answer 416 before getting here. */
export class ZipRangeError extends Error {
  readonly kind = 'zip-bad-range' as const;
  constructor(
    readonly start: number,
    readonly endInclusive: number,
    readonly archiveSize: number,
  ) {
    super(`byte range ${start}-${endInclusive} is outside the archive of ${archiveSize} bytes`);
    this.name = 'ZipRangeError';
  }
}

export type ZipError = ZipEntryError | ZipSourceChangedError | ZipSourceUnreadableError | ZipRangeError;
