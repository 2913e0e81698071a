// Streams any byte range of a planned stored zip, reading only what that range needs (plain Node).
// A range can start anywhere (a resumed download); its bytes are exactly those the
// full archive has at those offsets. Data descriptors and central directory
// records need each file's CRC-32: it is taken from the CrcCache when an earlier
// response computed it, and otherwise computed by reading the file (continuing
// from the furthest checkpoint an earlier, possibly interrupted, read left).
// The chunks are lent (see ../body.ts): a consumer that keeps them copies them.
import { BufferPair } from '../../files/buffer-pair';
import { checkCatalogued, readSegments, type ReadSegment, type SegmentChunk } from '../../files/catalogued-file';
import { ChunkBatch } from './chunk-batch';
import { crc32 } from './crc32';
import type { CrcCache } from './crc-cache';
import { ZipRangeError } from './errors';
import { centralRecordAtOffset, entryAtOffset, type PlannedFile, type ZipPlan } from './plan';
import { centralHeader, dataDescriptor, localHeader, trailer } from './records';
import { ReadAhead, SMALL_FILE } from './read-ahead';

export interface ZipRangeOptions {
  /**
   * Bytes per file read. Default 512 KiB: few enough system calls, and small
   * enough that reading the next chunk overlaps sending this one.
   */
  chunkSize?: number;
}

export const DEFAULT_CHUNK_SIZE = 512 * 1024;

/**
 * Bytes [start, endInclusive] of the archive, as lent chunks: each one is valid
 * until the next is asked for. Throws ZipRangeError synchronously for a range
 * outside the archive; iteration fails with FileChangedError or
 * FileUnreadableError if a shared file is no longer the catalogued one.
 * Stopping the iteration early (client gone) closes any open file.
 */
export function zipRangeChunks(
  plan: ZipPlan,
  start: number,
  endInclusive: number,
  crcCache: CrcCache,
  opts: ZipRangeOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  if (
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(endInclusive) ||
    start < 0 ||
    endInclusive < start ||
    endInclusive >= plan.size
  ) {
    throw new ZipRangeError(start, endInclusive, plan.size);
  }
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be a positive integer');
  return produceRange(plan, start, endInclusive + 1, crcCache, chunkSize);
}

/**
 * The part of one file's data a range reads: [from, to) of the file, of which
 * [emitFrom, emitTo) goes out; around it, what is read so the file's CRC-32
 * becomes known (from the checkpoint an earlier response left, to the end).
 */
interface DataRead extends ReadSegment {
  readonly entry: PlannedFile;
  readonly emitFrom: number;
  readonly emitTo: number;
  /** Whether the CRC is computed along, continuing from `crc` over the first `covered` bytes. */
  readonly track: boolean;
  readonly crc: number;
  readonly covered: number;
  /** The CRC the cache knew when the read was planned. */
  readonly known: number | undefined;
}

/**
 * What to read of `e` to emit [from, to) of its data and, with `needCrc`,
 * learn its CRC; null when nothing needs reading. Without `needCrc` the CRC
 * is still tracked for free whenever the read starts at or before the
 * checkpoint.
 */
function dataRead(e: PlannedFile, from: number, to: number, needCrc: boolean, cache: CrcCache): DataRead | null {
  const known = cache.complete(e);
  const checkpoint = cache.checkpoint(e);
  const track = known === undefined && (needCrc || from <= checkpoint.length);
  const readFrom = track ? Math.min(from, checkpoint.length) : from;
  const readTo = track && needCrc ? e.size : to;
  if (readFrom >= readTo) return null;
  return { file: e.source, from: readFrom, to: readTo, entry: e, emitFrom: from, emitTo: to, track, crc: checkpoint.crc, covered: checkpoint.length, known };
}

/**
 * The reads of the files of a range, in order, one reader for all of them
 * (readSegments: the next file is opened and read while the current one is
 * sent). The range's loop asks for the reads of each entry in turn; the
 * reads are planned ahead of it, so the loop follows the plan: an entry with
 * a planned read takes it, whatever the cache says by then.
 */
class PlannedReads {
  private readonly chunks: AsyncGenerator<SegmentChunk<DataRead>, void, undefined>;
  private head: Promise<IteratorResult<SegmentChunk<DataRead>, void>> | undefined;

  constructor(plans: Iterator<DataRead>, chunkSize: number, buffers: BufferPair) {
    this.chunks = readSegments(plans, { chunkSize, buffers });
  }

  /** The planned read of `e`, if the next one is for it (reading its first chunk if not done yet). */
  async for(e: PlannedFile): Promise<DataRead | null> {
    if (this.head === undefined) {
      this.head = this.chunks.next();
      // Awaited below or in emit(); a range cut short may leave it unawaited.
      this.head.catch(() => undefined);
    }
    const next = await this.head;
    return !next.done && next.value.segment.entry === e ? next.value.segment : null;
  }

  /** Emits the data of `read` (planned by `for`), returning the file's CRC when known. */
  async *emit(read: DataRead, cache: CrcCache, out: ChunkBatch): AsyncGenerator<Buffer, number | undefined, undefined> {
    let crc = read.crc;
    let covered = read.covered;
    const e = read.entry;
    for (;;) {
      const next = await (this.head ?? this.chunks.next());
      this.head = undefined;
      if (next.done || next.value.segment !== read) throw new Error('internal: planned reads out of step');
      const { position, bytes, last } = next.value;
      const chunkEnd = position + bytes.length;
      if (read.track && chunkEnd > covered) {
        crc = crc32(bytes.subarray(covered - position), crc);
        covered = chunkEnd;
        cache.record(e, covered, crc);
      }
      const a = Math.max(read.emitFrom, position);
      const b = Math.min(read.emitTo, chunkEnd);
      if (a < b) yield* out.add(bytes.subarray(a - position, b - position));
      if (last) break;
    }
    return read.track && covered === e.size ? crc : read.known;
  }

  /** Closes whatever file is still open (the range was cut short). */
  async close(): Promise<void> {
    await this.chunks.return(undefined);
  }
}

/**
 * A read the plan did not foresee (the loop and the plan both follow the
 * cache, which only ever learns more, so this is a safety net): done on its
 * own, with buffers of its own, since the planned reads may hold both of the
 * shared pair.
 */
async function* unplannedData(
  e: PlannedFile,
  from: number,
  to: number,
  needCrc: boolean,
  cache: CrcCache,
  out: ChunkBatch,
  chunkSize: number,
): AsyncGenerator<Buffer, number | undefined, undefined> {
  const read = dataRead(e, from, to, needCrc, cache);
  if (read === null) return cache.complete(e);
  const buffers = new BufferPair(chunkSize);
  const reads = new PlannedReads([read][Symbol.iterator](), chunkSize, buffers);
  try {
    return yield* reads.emit(read, cache, out);
  } finally {
    await reads.close();
    buffers.release();
  }
}

/** What every part of a range shares: the plan, the cache, the buffers its files are read into and the batch its small pieces go through. */
interface RangeParts {
  readonly plan: ZipPlan;
  readonly cache: CrcCache;
  readonly chunkSize: number;
  readonly buffers: BufferPair;
  readonly out: ChunkBatch;
}

/*
 * A range is produced in three parts, each a function of its own: V8
 * optimizes a function once it has run a while, and one function holding
 * all three was optimized while the data part ran, then thrown away when the
 * central directory part first ran and compiled again (about 250 ms of
 * compiling each time, and some 10 MB of compiler memory; bench/README.md,
 * finding 8).
 */
async function* produceRange(
  plan: ZipPlan,
  start: number,
  stop: number,
  cache: CrcCache,
  chunkSize: number,
): AsyncGenerator<Buffer, void, undefined> {
  // One pair of read buffers for every file this response reads.
  const parts: RangeParts = { plan, cache, chunkSize, buffers: new BufferPair(chunkSize), out: new ChunkBatch() };
  try {
    let pos = start;
    if (pos < plan.centralOffset) pos = yield* dataPart(parts, start, stop);
    if (pos < stop && pos < plan.trailerOffset) pos = yield* centralPart(parts, pos, stop);
    if (pos < stop) {
      const tail = trailer({ entryCount: plan.entries.length, centralOffset: plan.centralOffset, centralSize: plan.centralSize });
      yield* parts.out.add(tail.subarray(pos - plan.trailerOffset, stop - plan.trailerOffset));
    }
    yield* parts.out.flush();
  } finally {
    // Every chunk read into the pair was sent: the consumer asked for more, or stopped.
    parts.buffers.release();
  }
}

/** Local headers, file data and data descriptors of [start, stop), which starts before the central directory; returns where it ended. */
async function* dataPart(parts: RangeParts, start: number, stop: number): AsyncGenerator<Buffer, number, undefined> {
  const { plan, cache, chunkSize, buffers, out } = parts;
  const entries = plan.entries;
  let pos = start;
  const first = entryAtOffset(plan, pos);
  const last = stop > plan.centralOffset ? entries.length : entryAtOffset(plan, stop - 1) + 1;
  // Small files whose data lies wholly inside the range are read ahead, several at once.
  const dataInRange = (e: PlannedFile): boolean =>
    e.dataOffset >= start && e.dataOffset < stop && e.descriptorOffset <= stop;
  const ahead = new ReadAhead(entries, first, last, dataInRange);
  // The other files' data, planned as the loop below will meet them.
  function* plans(): Generator<DataRead, void, undefined> {
    for (let i = first; i < last; i++) {
      const e = entries[i];
      if (e === undefined || e.kind !== 'file') continue;
      const at = Math.max(start, e.dataOffset);
      if (at >= stop) return;
      if (at >= e.end || (ReadAhead.eligible(e) && dataInRange(e))) continue;
      const wantData = at < e.descriptorOffset;
      if (!wantData && cache.complete(e) !== undefined) continue;
      const from = wantData ? at - e.dataOffset : e.size;
      const to = wantData ? Math.min(stop, e.descriptorOffset) - e.dataOffset : e.size;
      const read = dataRead(e, from, to, stop > e.descriptorOffset, cache);
      if (read !== null) yield read;
    }
  }
  const reads = new PlannedReads(plans(), chunkSize, buffers);
  try {
    for (let i = first; i < last && pos < stop; i++) {
      const e = entries[i];
      if (e === undefined) break;
      if (pos < e.dataOffset) {
        const upto = Math.min(stop, e.dataOffset);
        yield* out.add(localHeader(e.fields).subarray(pos - e.localOffset, upto - e.localOffset));
        pos = upto;
      }
      if (e.kind !== 'file') continue;
      const whole = ahead.take(i);
      if (pos >= stop || pos >= e.end) continue;
      const wantData = pos < e.descriptorOffset;
      const wantDescriptor = stop > e.descriptorOffset;
      let crc = cache.complete(e);
      const read = whole === undefined ? await reads.for(e) : null;
      if (whole !== undefined) {
        const data = await whole;
        if (crc === undefined) {
          crc = crc32(data, 0);
          cache.record(e, e.size, crc);
        }
        yield* out.add(data);
        pos = e.descriptorOffset;
      } else if (read !== null) {
        crc = yield* reads.emit(read, cache, out);
        if (wantData) pos = e.dataOffset + read.emitTo;
      } else if (wantData || crc === undefined) {
        const from = wantData ? pos - e.dataOffset : e.size;
        const to = wantData ? Math.min(stop, e.descriptorOffset) - e.dataOffset : e.size;
        crc = yield* unplannedData(e, from, to, wantDescriptor, cache, out, chunkSize);
        if (wantData) pos = e.dataOffset + to;
      } else if (e.size === 0 && pos === e.dataOffset) {
        // No data to read, but a file that is no longer empty must still stop the archive.
        await checkCatalogued(e.source);
      }
      if (wantDescriptor) {
        if (crc === undefined) throw new Error('internal: CRC missing for a data descriptor');
        const upto = Math.min(stop, e.end);
        const descriptor = dataDescriptor(e.fields.zip64Local, crc, e.size, e.size);
        yield* out.add(descriptor.subarray(pos - e.descriptorOffset, upto - e.descriptorOffset));
        pos = upto;
      }
    }
  } finally {
    await reads.close();
  }
  return pos;
}

/** Central directory records from `from` (inside the directory) to `stop`; returns where it ended. */
async function* centralPart(parts: RangeParts, from: number, stop: number): AsyncGenerator<Buffer, number, undefined> {
  const { plan, cache, chunkSize, buffers, out } = parts;
  const entries = plan.entries;
  let pos = from;
  const first = centralRecordAtOffset(plan, pos);
  const last = stop > plan.trailerOffset ? entries.length : centralRecordAtOffset(plan, stop - 1) + 1;
  // Small files whose CRC nobody computed yet are read ahead, several at once.
  const ahead = new ReadAhead(entries, first, last, (e) => cache.complete(e) === undefined);
  // The larger ones are read whole for their CRC, one after another.
  function* plans(): Generator<DataRead, void, undefined> {
    for (let i = first; i < last; i++) {
      const e = entries[i];
      if (e === undefined || e.kind !== 'file' || e.size <= SMALL_FILE || cache.complete(e) !== undefined) continue;
      const read = dataRead(e, e.size, e.size, true, cache);
      if (read !== null) yield read;
    }
  }
  const reads = new PlannedReads(plans(), chunkSize, buffers);
  try {
    for (let i = first; i < last && pos < stop; i++) {
      const e = entries[i];
      if (e === undefined) break;
      let crc = 0;
      if (e.kind === 'file') {
        const whole = ahead.take(i);
        const read = e.size <= SMALL_FILE ? null : await reads.for(e);
        let known = read === null ? cache.complete(e) : yield* reads.emit(read, cache, out);
        if (known === undefined && whole !== undefined) {
          known = crc32(await whole, 0);
          cache.record(e, e.size, known);
        }
        known ??= yield* unplannedData(e, e.size, e.size, true, cache, out, chunkSize);
        if (known === undefined) throw new Error('internal: CRC missing for a central record');
        crc = known;
      }
      const record = centralHeader(e.fields, { crc, compressedSize: e.size, size: e.size, localOffset: e.localOffset });
      const upto = Math.min(stop, e.centralOffset + e.centralLength);
      yield* out.add(record.subarray(pos - e.centralOffset, upto - e.centralOffset));
      pos = upto;
    }
  } finally {
    await reads.close();
  }
  return pos;
}
