// The contract between the server and whatever builds an archive of several files (plain Node).
// The server knows nothing of zip: it asks for bytes, whole or by range, and
// relies on the source to stop with an error (never to end early or invent
// bytes) if a file changed while it was being read.
import type { Body } from './body';
import type { ByteRange } from './ranges';

export interface ArchiveSource {
  /** File name offered to the visitor, e.g. "photos.zip"; also the last URL segment. */
  readonly name: string;
  /** Exact byte size, or null when not known in advance (compressed): no ranges then. */
  readonly size: number | null;
  /** Strong ETag with quotes (see archiveEtag): stable across restarts for the same files. */
  readonly etag: string;
  /** Defaults to the newest mtime of the catalog. */
  readonly lastModifiedMs?: number;
  /** Defaults to application/zip. */
  readonly contentType?: string;
  /**
   * The whole archive (range null) or bytes range.start..range.end inclusive,
   * which the server has checked against `size`. The stream must produce
   * exactly that many bytes, or fail with an error (its chunks may be lent:
   * see Body); a FileChangedError (kind 'file-changed') tells the visitor a
   * file changed.
   */
  stream(range: ByteRange | null): Body | Promise<Body>;
}
