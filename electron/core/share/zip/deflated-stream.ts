// Streams a deflate-compressed zip of the entries, start to end only (plain Node).
// Compressed sizes are unknown until each file went through zlib, so there is no
// Content-Length and no byte ranges: this is the per-share `compress` option.
// Each file's CRC and sizes follow its data in a descriptor; the central directory
// at the end carries them all.
import { Readable, pipeline } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';
import { ChunkBatch } from './chunk-batch';
import { crc32 } from './crc32';
import { dosDateTime, unixSeconds } from './dos-time';
import { openCatalogued, readCatalogued } from '../../files/catalogued-file';
import { entryMtimeMs, entrySize, validateEntries, type ZipEntry, type ZipFileEntry } from './entry';
import {
  MAX32,
  centralHeader,
  dataDescriptor,
  localHeader,
  trailer,
  type EntryFields,
  type EntryResult,
} from './records';
import { DEFAULT_CHUNK_SIZE } from './range-stream';

export interface DeflatedZipOptions {
  /** zlib level 1-9. Default 6 (zlib's own default). */
  level?: number;
  /** Bytes per file read. Default 512 KiB (as the stored zip). */
  chunkSize?: number;
}

/**
 * Validates the entries (throws ZipEntryError) and returns the archive as lent
 * chunks (see ../body.ts), as the server takes them.
 */
export function deflatedZipChunks(entries: readonly ZipEntry[], opts: DeflatedZipOptions = {}): AsyncGenerator<Buffer, void, undefined> {
  validateEntries(entries);
  const level = opts.level ?? 6;
  if (!Number.isInteger(level) || level < 1 || level > 9) throw new RangeError('level must be 1-9');
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be a positive integer');
  return produceDeflated(entries, level, chunkSize);
}

/**
 * Deflate can make incompressible data slightly larger (zlib's deflateBound), so
 * the ZIP64 decision, which must be made before the header is sent, uses the
 * worst case rather than the input size.
 */
function mayNeedZip64(size: number): boolean {
  const bound = size + Math.floor(size / 4096) + Math.floor(size / 16384) + Math.floor(size / 33554432) + 64;
  return bound >= MAX32;
}

async function* produceDeflated(
  entries: readonly ZipEntry[],
  level: number,
  chunkSize: number,
): AsyncGenerator<Buffer, void, undefined> {
  const out = new ChunkBatch();
  const written: { fields: EntryFields; result: EntryResult }[] = [];
  let offset = 0;
  for (const entry of entries) {
    const mtimeMs = entryMtimeMs(entry);
    const isFile = entry.kind === 'file';
    const fields: EntryFields = {
      name: entry.name,
      nameLength: Buffer.byteLength(entry.name, 'utf8'),
      isDir: !isFile,
      method: isFile ? 8 : 0,
      dos: dosDateTime(mtimeMs),
      unixTime: unixSeconds(mtimeMs),
      zip64Local: isFile && mayNeedZip64(entrySize(entry)),
      hasDescriptor: isFile,
    };
    const localOffset = offset;
    const header = localHeader(fields);
    yield* out.add(header);
    offset += header.length;
    const result: EntryResult = { crc: 0, compressedSize: 0, size: 0, localOffset };
    if (entry.kind === 'file') {
      const sum = { crc: 0 };
      for await (const chunk of deflated(entry, level, chunkSize, sum)) {
        result.compressedSize += chunk.length;
        yield* out.add(chunk);
      }
      result.crc = sum.crc;
      result.size = entry.source.size;
      const descriptor = dataDescriptor(fields.zip64Local, result.crc, result.compressedSize, result.size);
      yield* out.add(descriptor);
      offset += result.compressedSize + descriptor.length;
    }
    written.push({ fields, result });
  }
  const centralOffset = offset;
  for (const { fields, result } of written) {
    const record = centralHeader(fields, result);
    yield* out.add(record);
    offset += record.length;
  }
  yield* out.add(trailer({ entryCount: written.length, centralOffset, centralSize: offset - centralOffset }));
  yield* out.flush();
}

function deflated(entry: ZipFileEntry, level: number, chunkSize: number, sum: { crc: number }): Readable {
  const src = entry.source;
  async function* raw(): AsyncGenerator<Buffer, void, undefined> {
    for await (const bytes of readCatalogued(await openCatalogued(src), src, 0, src.size, { chunkSize })) {
      sum.crc = crc32(bytes, sum.crc);
      // A copy: the deflater queues chunks, and the reader's buffers are lent.
      yield Buffer.from(bytes);
    }
  }
  // Errors (a changed source) destroy the last stream too; iterating it rethrows them.
  return pipeline(Readable.from(raw(), { objectMode: false }), createDeflateRaw({ level }), () => {});
}
