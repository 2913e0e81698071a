// Reads upcoming small files of an archive range in parallel, within a memory budget (plain Node).
// Folders of many small files are otherwise bound by per-file latency (four
// thread-pool round trips each), not by bandwidth.
import type { PlannedEntry, PlannedFile } from './plan';
import { readWholeCatalogued } from '../../files/catalogued-file';

/** Files up to this size are read whole and ahead of time. */
export const SMALL_FILE = 256 * 1024;
const MAX_FILES = 32;
const MAX_BYTES = 1024 * 1024;

export class ReadAhead {
  private readonly pending = new Map<number, { bytes: number; read: Promise<Buffer> }>();
  private cursor: number;
  private bytes = 0;

  /**
   * @param wanted decides which entries in [from, to) are read ahead; it must be a
   *   pure function of the entry (checked once, when the cursor passes it).
   */
  constructor(
    private readonly entries: readonly PlannedEntry[],
    from: number,
    private readonly to: number,
    private readonly wanted: (e: PlannedFile) => boolean,
  ) {
    this.cursor = from;
  }

  static eligible(e: PlannedEntry): e is PlannedFile {
    return e.kind === 'file' && e.size <= SMALL_FILE;
  }

  /** The whole content of entry `index` if it was chosen for read-ahead, else undefined. */
  take(index: number): Promise<Buffer> | undefined {
    this.fill(index);
    const p = this.pending.get(index);
    if (p === undefined) return undefined;
    this.pending.delete(index);
    this.bytes -= p.bytes;
    const read = p.read;
    this.fill(index + 1);
    return read;
  }

  private fill(index: number): void {
    if (this.cursor < index) this.cursor = index;
    while (this.cursor < this.to && this.pending.size < MAX_FILES) {
      const e = this.entries[this.cursor];
      if (e === undefined) break;
      if (ReadAhead.eligible(e) && this.wanted(e)) {
        if (this.pending.size > 0 && this.bytes + e.size > MAX_BYTES) break;
        const read = readWholeCatalogued(e.source);
        // Abandoned reads (client gone) still finish and close their file; their
        // errors are reported by take() when the entry is reached, never unhandled.
        read.catch(() => undefined);
        this.pending.set(this.cursor, { bytes: e.size, read });
        this.bytes += e.size;
      }
      this.cursor++;
    }
  }
}
