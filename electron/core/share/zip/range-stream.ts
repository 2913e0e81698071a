// Streams any byte range of a planned stored zip, reading only what that range needs (plain Node).
// A range can start anywhere (a resumed download); its bytes are exactly those the
// full archive has at those offsets. Data descriptors and central directory
// records need each file's CRC-32: it is taken from the CrcCache when an earlier
// response computed it, and otherwise computed by reading the file (continuing
// from the furthest checkpoint an earlier, possibly interrupted, read left).
// The chunks are lent (see ../body.ts): a consumer that keeps them copies them.
import { BufferPair } from '../../files/buffer-pair';
import { checkCatalogued, openCatalogued, readCatalogued } from '../../files/catalogued-file';
import { ChunkBatch } from './chunk-batch';
import { crc32 } from './crc32';
import type { CrcCache } from './crc-cache';
import { ZipRangeError } from './errors';
import { centralRecordAtOffset, entryAtOffset, type PlannedFile, type ZipPlan } from './plan';
import { centralHeader, dataDescriptor, localHeader, trailer } from './records';
import { ReadAhead } from './read-ahead';

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

async function* produceRange(
  plan: ZipPlan,
  start: number,
  stop: number,
  cache: CrcCache,
  chunkSize: number,
): AsyncGenerator<Buffer, void, undefined> {
  const out = new ChunkBatch();
  // One pair of read buffers for every file this response reads.
  const buffers = new BufferPair(chunkSize);
  const entries = plan.entries;
  let pos = start;

  if (pos < plan.centralOffset) {
    const first = entryAtOffset(plan, pos);
    const last = stop > plan.centralOffset ? entries.length : entryAtOffset(plan, stop - 1) + 1;
    // Small files whose data lies wholly inside the range are read ahead, several at once.
    const dataInRange = (e: PlannedFile): boolean =>
      e.dataOffset >= start && e.dataOffset < stop && e.descriptorOffset <= stop;
    const ahead = new ReadAhead(entries, first, last, dataInRange);
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
      if (whole !== undefined) {
        const data = await whole;
        if (crc === undefined) {
          crc = crc32(data, 0);
          cache.record(e, e.size, crc);
        }
        yield* out.add(data);
        pos = e.descriptorOffset;
      } else if (wantData || crc === undefined) {
        const from = wantData ? pos - e.dataOffset : e.size;
        const to = wantData ? Math.min(stop, e.descriptorOffset) - e.dataOffset : e.size;
        crc = yield* fileData(e, from, to, wantDescriptor, cache, out, chunkSize, buffers);
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
  }

  if (pos < stop && pos < plan.trailerOffset) {
    const first = centralRecordAtOffset(plan, pos);
    const last = stop > plan.trailerOffset ? entries.length : centralRecordAtOffset(plan, stop - 1) + 1;
    // Small files whose CRC nobody computed yet are read ahead, several at once.
    const ahead = new ReadAhead(entries, first, last, (e) => cache.complete(e) === undefined);
    for (let i = first; i < last && pos < stop; i++) {
      const e = entries[i];
      if (e === undefined) break;
      let crc = 0;
      if (e.kind === 'file') {
        const whole = ahead.take(i);
        let known = cache.complete(e);
        if (known === undefined && whole !== undefined) {
          known = crc32(await whole, 0);
          cache.record(e, e.size, known);
        }
        known ??= yield* fileData(e, e.size, e.size, true, cache, out, chunkSize, buffers);
        if (known === undefined) throw new Error('internal: CRC missing for a central record');
        crc = known;
      }
      const record = centralHeader(e.fields, { crc, compressedSize: e.size, size: e.size, localOffset: e.localOffset });
      const upto = Math.min(stop, e.centralOffset + e.centralLength);
      yield* out.add(record.subarray(pos - e.centralOffset, upto - e.centralOffset));
      pos = upto;
    }
  }

  if (pos < stop) {
    const tail = trailer({ entryCount: entries.length, centralOffset: plan.centralOffset, centralSize: plan.centralSize });
    yield* out.add(tail.subarray(pos - plan.trailerOffset, stop - plan.trailerOffset));
  }
  yield* out.flush();
}

/**
 * Emits bytes [from, to) of a file's data and returns its full CRC when known.
 * With `needCrc` the file is read to its end (emitting only the asked part), and
 * from the cached checkpoint if that lies before `from`. Without it, the CRC is
 * still tracked for free whenever the read starts at or before the checkpoint.
 */
async function* fileData(
  e: PlannedFile,
  from: number,
  to: number,
  needCrc: boolean,
  cache: CrcCache,
  out: ChunkBatch,
  chunkSize: number,
  buffers: BufferPair,
): AsyncGenerator<Buffer, number | undefined, undefined> {
  const known = cache.complete(e);
  const checkpoint = cache.checkpoint(e);
  const track = known === undefined && (needCrc || from <= checkpoint.length);
  const readFrom = track ? Math.min(from, checkpoint.length) : from;
  const readTo = track && needCrc ? e.size : to;
  if (readFrom >= readTo) return known;
  let crc = checkpoint.crc;
  let covered = checkpoint.length;
  let position = readFrom;
  const handle = await openCatalogued(e.source);
  for await (const bytes of readCatalogued(handle, e.source, readFrom, readTo, { chunkSize, buffers })) {
    const chunkEnd = position + bytes.length;
    if (track && chunkEnd > covered) {
      crc = crc32(bytes.subarray(covered - position), crc);
      covered = chunkEnd;
      cache.record(e, covered, crc);
    }
    const a = Math.max(from, position);
    const b = Math.min(to, chunkEnd);
    if (a < b) yield* out.add(bytes.subarray(a - position, b - position));
    position = chunkEnd;
  }
  return track && covered === e.size ? crc : known;
}
