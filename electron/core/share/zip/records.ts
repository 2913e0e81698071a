// Byte layout of the zip records this writer emits (plain Node).
// Lengths are computed from the same rules the builders follow, so a plan made
// without touching any file gives the exact size of what the builders produce.
import type { DosDateTime } from './dos-time';

export const MAX32 = 0xffffffff;
export const MAX16 = 0xffff;

// Exported for the get client, which reads these records back to check a downloaded zip.
export const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_ZIP64_EOCD = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;
export const SIG_EOCD = 0x06054b50;

const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
// Upper byte 3 = Unix, so extractors apply the Unix mode in the external attributes.
const MADE_BY = (3 << 8) | 45;
const NEEDS_DEFAULT = 20;
const NEEDS_ZIP64 = 45;
const MODE_FILE = 0o100644;
const MODE_DIR = 0o040755;
const MSDOS_DIR_ATTR = 0x10;

const EXTRA_ZIP64 = 0x0001;
const EXTRA_TIMESTAMP = 0x5455;
const TIMESTAMP_EXTRA_LENGTH = 4 + 5;
const LOCAL_ZIP64_EXTRA_LENGTH = 4 + 16;

export const LOCAL_FIXED = 30;
export const CENTRAL_FIXED = 46;
export const ZIP64_EOCD_LENGTH = 56;
export const ZIP64_LOCATOR_LENGTH = 20;
export const EOCD_LENGTH = 22;

export type Method = 0 | 8;

/** What both headers of one entry share. */
export interface EntryFields {
  name: string;
  /** UTF-8 length of `name`. */
  nameLength: number;
  isDir: boolean;
  method: Method;
  dos: DosDateTime;
  unixTime: number;
  /** Sizes go into the local ZIP64 extra field and the descriptor has 8-byte sizes. */
  zip64Local: boolean;
  /** CRC and sizes follow the data (general purpose bit 3). */
  hasDescriptor: boolean;
}

/** Values only known once the data went through (or from the plan, for stored files). */
export interface EntryResult {
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function writeU64(buf: Buffer, value: number, offset: number): number {
  buf.writeUInt32LE(value % 0x100000000, offset);
  buf.writeUInt32LE(Math.floor(value / 0x100000000), offset + 4);
  return offset + 8;
}

function flags(f: EntryFields): number {
  return FLAG_UTF8 | (f.hasDescriptor ? FLAG_DESCRIPTOR : 0);
}

export function localHeaderLength(nameLength: number, zip64Local: boolean): number {
  return LOCAL_FIXED + nameLength + TIMESTAMP_EXTRA_LENGTH + (zip64Local ? LOCAL_ZIP64_EXTRA_LENGTH : 0);
}

export function descriptorLength(zip64Local: boolean): number {
  return zip64Local ? 24 : 16;
}

function centralZip64Fields(r: EntryResult): number {
  return (r.size >= MAX32 ? 1 : 0) + (r.compressedSize >= MAX32 ? 1 : 0) + (r.localOffset >= MAX32 ? 1 : 0);
}

export function centralHeaderLength(nameLength: number, r: EntryResult): number {
  const n = centralZip64Fields(r);
  return CENTRAL_FIXED + nameLength + TIMESTAMP_EXTRA_LENGTH + (n > 0 ? 4 + 8 * n : 0);
}

function writeTimestampExtra(buf: Buffer, f: EntryFields, at: number): number {
  at = buf.writeUInt16LE(EXTRA_TIMESTAMP, at);
  at = buf.writeUInt16LE(5, at);
  at = buf.writeUInt8(1, at); // only the modification time is present
  return buf.writeUInt32LE(f.unixTime, at);
}

/**
 * Local header. With a descriptor the CRC and sizes are zero here (APPNOTE 4.4.4);
 * a ZIP64 extra field with zero sizes still tells streaming readers that the
 * descriptor carries 8-byte sizes.
 */
export function localHeader(f: EntryFields): Buffer {
  const length = localHeaderLength(f.nameLength, f.zip64Local);
  const buf = Buffer.alloc(length);
  let at = buf.writeUInt32LE(SIG_LOCAL, 0);
  at = buf.writeUInt16LE(f.zip64Local ? NEEDS_ZIP64 : NEEDS_DEFAULT, at);
  at = buf.writeUInt16LE(flags(f), at);
  at = buf.writeUInt16LE(f.method, at);
  at = buf.writeUInt16LE(f.dos.time, at);
  at = buf.writeUInt16LE(f.dos.date, at);
  at = buf.writeUInt32LE(0, at);
  const sizeField = f.zip64Local ? MAX32 : 0;
  at = buf.writeUInt32LE(sizeField, at);
  at = buf.writeUInt32LE(sizeField, at);
  at = buf.writeUInt16LE(f.nameLength, at);
  at = buf.writeUInt16LE(length - LOCAL_FIXED - f.nameLength, at);
  at += buf.write(f.name, at, 'utf8');
  if (f.zip64Local) {
    at = buf.writeUInt16LE(EXTRA_ZIP64, at);
    at = buf.writeUInt16LE(16, at);
    at += 16; // both sizes zero, see above
  }
  writeTimestampExtra(buf, f, at);
  return buf;
}

export function dataDescriptor(zip64Local: boolean, crc: number, compressedSize: number, size: number): Buffer {
  const buf = Buffer.alloc(descriptorLength(zip64Local));
  let at = buf.writeUInt32LE(SIG_DESCRIPTOR, 0);
  at = buf.writeUInt32LE(crc, at);
  if (zip64Local) {
    at = writeU64(buf, compressedSize, at);
    writeU64(buf, size, at);
  } else {
    at = buf.writeUInt32LE(compressedSize, at);
    buf.writeUInt32LE(size, at);
  }
  return buf;
}

export function centralHeader(f: EntryFields, r: EntryResult): Buffer {
  const zip64Count = centralZip64Fields(r);
  const length = centralHeaderLength(f.nameLength, r);
  const buf = Buffer.alloc(length);
  let at = buf.writeUInt32LE(SIG_CENTRAL, 0);
  at = buf.writeUInt16LE(MADE_BY, at);
  at = buf.writeUInt16LE(f.zip64Local || zip64Count > 0 ? NEEDS_ZIP64 : NEEDS_DEFAULT, at);
  at = buf.writeUInt16LE(flags(f), at);
  at = buf.writeUInt16LE(f.method, at);
  at = buf.writeUInt16LE(f.dos.time, at);
  at = buf.writeUInt16LE(f.dos.date, at);
  at = buf.writeUInt32LE(r.crc, at);
  at = buf.writeUInt32LE(Math.min(r.compressedSize, MAX32), at);
  at = buf.writeUInt32LE(Math.min(r.size, MAX32), at);
  at = buf.writeUInt16LE(f.nameLength, at);
  at = buf.writeUInt16LE(length - CENTRAL_FIXED - f.nameLength, at);
  at = buf.writeUInt16LE(0, at); // comment length
  at = buf.writeUInt16LE(0, at); // disk number start
  at = buf.writeUInt16LE(0, at); // internal attributes
  const mode = f.isDir ? MODE_DIR : MODE_FILE;
  at = buf.writeUInt32LE(((mode << 16) | (f.isDir ? MSDOS_DIR_ATTR : 0)) >>> 0, at);
  at = buf.writeUInt32LE(Math.min(r.localOffset, MAX32), at);
  at += buf.write(f.name, at, 'utf8');
  if (zip64Count > 0) {
    at = buf.writeUInt16LE(EXTRA_ZIP64, at);
    at = buf.writeUInt16LE(8 * zip64Count, at);
    // Fixed order (APPNOTE 4.5.3), only the fields whose 32-bit slot overflowed.
    if (r.size >= MAX32) at = writeU64(buf, r.size, at);
    if (r.compressedSize >= MAX32) at = writeU64(buf, r.compressedSize, at);
    if (r.localOffset >= MAX32) at = writeU64(buf, r.localOffset, at);
  }
  writeTimestampExtra(buf, f, at);
  return buf;
}

export interface Directory {
  entryCount: number;
  centralOffset: number;
  centralSize: number;
}

export function needsZip64Trailer(d: Directory): boolean {
  return d.entryCount >= MAX16 || d.centralOffset >= MAX32 || d.centralSize >= MAX32;
}

export function trailerLength(d: Directory): number {
  return (needsZip64Trailer(d) ? ZIP64_EOCD_LENGTH + ZIP64_LOCATOR_LENGTH : 0) + EOCD_LENGTH;
}

/** ZIP64 end record and locator (when needed), then the classic end record. */
export function trailer(d: Directory): Buffer {
  const buf = Buffer.alloc(trailerLength(d));
  let at = 0;
  if (needsZip64Trailer(d)) {
    const zip64EocdOffset = d.centralOffset + d.centralSize;
    at = buf.writeUInt32LE(SIG_ZIP64_EOCD, at);
    at = writeU64(buf, ZIP64_EOCD_LENGTH - 12, at);
    at = buf.writeUInt16LE(MADE_BY, at);
    at = buf.writeUInt16LE(NEEDS_ZIP64, at);
    at = buf.writeUInt32LE(0, at);
    at = buf.writeUInt32LE(0, at);
    at = writeU64(buf, d.entryCount, at);
    at = writeU64(buf, d.entryCount, at);
    at = writeU64(buf, d.centralSize, at);
    at = writeU64(buf, d.centralOffset, at);
    at = buf.writeUInt32LE(SIG_ZIP64_LOCATOR, at);
    at = buf.writeUInt32LE(0, at);
    at = writeU64(buf, zip64EocdOffset, at);
    at = buf.writeUInt32LE(1, at);
  }
  at = buf.writeUInt32LE(SIG_EOCD, at);
  at = buf.writeUInt16LE(0, at);
  at = buf.writeUInt16LE(0, at);
  at = buf.writeUInt16LE(Math.min(d.entryCount, MAX16), at);
  at = buf.writeUInt16LE(Math.min(d.entryCount, MAX16), at);
  at = buf.writeUInt32LE(Math.min(d.centralSize, MAX32), at);
  at = buf.writeUInt32LE(Math.min(d.centralOffset, MAX32), at);
  buf.writeUInt16LE(0, at);
  return buf;
}
