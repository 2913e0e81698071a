// Checking a finished download before it gets its final name: SHA-256 against the manifest, or a zip's own CRC-32s (plain Node).
//
// The zip check reads what any zip carries (end record, ZIP64 records,
// central directory, local headers) and recomputes every entry's CRC-32 over
// its data, inflating deflated entries; it extracts nothing. When the
// manifest lists the files, the zip must hold exactly those, with those sizes.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { ManifestFile, ManifestFolder } from '../manifest';
import { crc32 } from '../share/zip/crc32';
import { MAX16, MAX32, SIG_CENTRAL, SIG_EOCD, SIG_LOCAL, SIG_ZIP64_EOCD, SIG_ZIP64_LOCATOR } from '../share/zip/records';

const CHUNK = 1024 * 1024;

async function* readRange(handle: FileHandle, start: number, end: number): AsyncGenerator<Buffer> {
  for (let at = start; at < end; ) {
    const length = Math.min(CHUNK, end - at);
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(buffer, 0, length, at);
    if (bytesRead === 0) throw new Error('file ended early');
    at += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of readRange(handle, position, position + length)) parts.push(chunk);
  return Buffer.concat(parts, length);
}

export async function sha256Of(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of readRange(handle, 0, size)) hash.update(chunk);
  return hash.digest('hex');
}

export type ZipCheck = { ok: true; entries: number } | { ok: false; detail: string };

/** A central directory larger than this is not one a share makes. */
const MAX_CENTRAL = 512 * 1024 * 1024;

class ZipBroken extends Error {}

function u64(buf: Buffer, at: number): number {
  const value = buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * 0x100000000;
  if (!Number.isSafeInteger(value)) throw new ZipBroken('offset beyond 2^53');
  return value;
}

interface CentralEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

async function directory(handle: FileHandle, size: number): Promise<{ entries: CentralEntry[]; centralOffset: number }> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readExactly(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === SIG_EOCD && at + 22 + tail.readUInt16LE(at + 20) === tail.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipBroken('no end of central directory');
  let count = tail.readUInt16LE(eocd + 10);
  let centralSize = tail.readUInt32LE(eocd + 12);
  let centralOffset = tail.readUInt32LE(eocd + 16);
  if (count === MAX16 || centralSize === MAX32 || centralOffset === MAX32) {
    const locatorAt = size - tailLength + eocd - 20;
    if (locatorAt < 0) throw new ZipBroken('no ZIP64 locator');
    const locator = await readExactly(handle, locatorAt, 20);
    if (locator.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) throw new ZipBroken('no ZIP64 locator');
    const recordAt = u64(locator, 8);
    if (recordAt + 56 > size) throw new ZipBroken('ZIP64 end record out of bounds');
    const record = await readExactly(handle, recordAt, 56);
    if (record.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw new ZipBroken('no ZIP64 end record');
    count = u64(record, 32);
    centralSize = u64(record, 40);
    centralOffset = u64(record, 48);
  }
  if (centralSize > MAX_CENTRAL || centralOffset + centralSize > size) throw new ZipBroken('central directory out of bounds');
  const central = await readExactly(handle, centralOffset, centralSize);
  const entries: CentralEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > central.length || central.readUInt32LE(at) !== SIG_CENTRAL) throw new ZipBroken('bad central record');
    const method = central.readUInt16LE(at + 10);
    const crc = central.readUInt32LE(at + 16);
    let compressedSize = central.readUInt32LE(at + 20);
    let entrySize = central.readUInt32LE(at + 24);
    const nameLength = central.readUInt16LE(at + 28);
    const extraLength = central.readUInt16LE(at + 30);
    const commentLength = central.readUInt16LE(at + 32);
    let localOffset = central.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > central.length) throw new ZipBroken('bad central record');
    const name = central.toString('utf8', at + 46, at + 46 + nameLength);
    // ZIP64 extra field: the 64-bit values of the fields that overflowed, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = central.readUInt16LE(x);
      const length = central.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let y = x + 4;
        if (entrySize === MAX32) {
          entrySize = u64(central, y);
          y += 8;
        }
        if (compressedSize === MAX32) {
          compressedSize = u64(central, y);
          y += 8;
        }
        if (localOffset === MAX32) localOffset = u64(central, y);
      }
      x += 4 + length;
    }
    entries.push({ name, method, crc, compressedSize, size: entrySize, localOffset });
    at = end;
  }
  return { entries, centralOffset };
}

async function entryCrc(handle: FileHandle, e: CentralEntry, dataStart: number): Promise<{ crc: number; size: number }> {
  const data = readRange(handle, dataStart, dataStart + e.compressedSize);
  let crc = 0;
  let size = 0;
  if (e.method === 0) {
    for await (const chunk of data) {
      crc = crc32(chunk, crc);
      size += chunk.length;
    }
    return { crc, size };
  }
  const inflate = Readable.from(data).pipe(createInflateRaw());
  for await (const chunk of inflate as AsyncIterable<Buffer>) {
    size += chunk.length;
    // More than the directory says: stop, whatever the rest would inflate to.
    if (size > e.size) {
      inflate.destroy();
      break;
    }
    crc = crc32(chunk, crc);
  }
  return { crc, size };
}

/** Every entry's CRC-32 recomputed; with `expected`, the entries must be exactly those files and folders. */
export async function checkZip(
  handle: FileHandle,
  size: number,
  expected: { files: readonly ManifestFile[]; folders: readonly ManifestFolder[] } | null,
): Promise<ZipCheck> {
  try {
    const { entries, centralOffset } = await directory(handle, size);
    for (const e of entries) {
      if (e.name.endsWith('/')) continue;
      if (e.method !== 0 && e.method !== 8) throw new ZipBroken(`method ${e.method}`);
      if (e.localOffset + 30 > centralOffset) throw new ZipBroken('local header out of bounds');
      const local = await readExactly(handle, e.localOffset, 30);
      if (local.readUInt32LE(0) !== SIG_LOCAL) throw new ZipBroken('bad local header');
      const dataStart = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (dataStart + e.compressedSize > centralOffset) throw new ZipBroken('entry data out of bounds');
      if (e.method === 0 && e.compressedSize !== e.size) throw new ZipBroken('stored entry with two sizes');
      const actual = await entryCrc(handle, e, dataStart);
      if (actual.crc !== e.crc || actual.size !== e.size) return { ok: false, detail: `CRC-32 of ${e.name}` };
    }
    if (expected) {
      const inZip = new Map(entries.map((e) => [e.name, e.name.endsWith('/') ? null : e.size]));
      const wanted = new Map<string, number | null>([
        ...expected.files.map((f): [string, number] => [f.path, f.size]),
        ...expected.folders.map((f): [string, null] => [f.path, null]),
      ]);
      if (inZip.size !== wanted.size || entries.length !== wanted.size) return { ok: false, detail: 'entries differ from the manifest' };
      for (const [name, entrySize] of wanted) {
        if (!inZip.has(name) || inZip.get(name) !== entrySize) return { ok: false, detail: `entry ${name}` };
      }
    }
    return { ok: true, entries: entries.length };
  } catch (error) {
    if (error instanceof ZipBroken) return { ok: false, detail: error.message };
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
