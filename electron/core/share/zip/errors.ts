// Typed failures of the zip writer (plain Node).
// Each carries a `kind` discriminant and the data a caller needs to explain the
// problem to the user (which entry, which range).

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

// A file that changed or cannot be read fails with the guarded reader's errors
// (FileChangedError, FileUnreadableError in ../../files/errors.ts), as on every route.
export type ZipError = ZipEntryError | ZipRangeError;
