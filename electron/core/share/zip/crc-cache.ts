// Remembers CRC-32 progress per shared file across responses (plain Node).
// A resumed download or a request for the central directory then only reads the
// files (or the parts of files) whose checksum is not known yet. Progress is kept
// as (bytes covered, CRC so far), so even an interrupted download leaves a
// checkpoint that a resume can continue from instead of starting over.
import { sameState, type CataloguedFile } from '../../files/catalogued-file';
import type { PlannedFile } from './plan';

export interface CrcProgress {
  /** Bytes from the start of the file that `crc` covers. */
  readonly length: number;
  readonly crc: number;
}

interface Slot extends CrcProgress {
  readonly source: CataloguedFile;
}

const START: CrcProgress = { length: 0, crc: 0 };

export class CrcCache {
  // Keyed by entry index; a slot only counts for the same file (path, identity, size,
  // mtime), so a changed file (or a cache shared with a different plan) never reuses a checksum.
  // A number key keeps lookups cheap: they happen several times per entry.
  private readonly slots = new Map<number, Slot>();

  private slot(entry: PlannedFile): Slot | undefined {
    const s = this.slots.get(entry.index);
    return s !== undefined && s.source.realPath === entry.source.realPath && sameState(s.source, entry.source) ? s : undefined;
  }

  /** Furthest checkpoint known for this file (length 0 when nothing is known). */
  checkpoint(entry: PlannedFile): CrcProgress {
    return this.slot(entry) ?? START;
  }

  /** The CRC of the whole file, if some earlier read covered all of it. */
  complete(entry: PlannedFile): number | undefined {
    if (entry.size === 0) return 0;
    const s = this.slot(entry);
    return s !== undefined && s.length === entry.size ? s.crc : undefined;
  }

  /** Keeps the checkpoint only if it goes further than the one already known. */
  record(entry: PlannedFile, length: number, crc: number): void {
    const known = this.slot(entry);
    if (known === undefined || length > known.length) {
      this.slots.set(entry.index, { length, crc, source: entry.source });
    }
  }

  /** Number of files with a checkpoint. */
  get size(): number {
    return this.slots.size;
  }
}
