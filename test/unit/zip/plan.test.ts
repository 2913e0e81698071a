// Unit tests: archive layout computed before any byte is sent (plain Node).
import { describe, expect, it } from 'vitest';
import { CrcCache, planZip, type ZipEntry } from '../../../electron/core/share/zip';
import { collect, createZipRangeStream, unreadFile } from './fixtures';

const t = new Date('2024-05-06T07:08:10Z');
const file = (name: string, size: number): ZipEntry => unreadFile(name, size, t);
const dir = (name: string): ZipEntry => ({ kind: 'dir', name, mtime: t });
const GiB = 1024 ** 3;

/** Bytes of the end records, which need no file to be read. */
async function trailerBytes(entries: ZipEntry[]): Promise<{ bytes: Buffer; plan: ReturnType<typeof planZip> }> {
  const plan = planZip(entries);
  const bytes = await collect(createZipRangeStream(plan, plan.trailerOffset, plan.size - 1, new CrcCache()));
  return { bytes, plan };
}

describe('planZip', () => {
  it('lays out headers, data, descriptors, central directory and end record', () => {
    const plan = planZip([dir('d/'), file('d/f.txt', 5)]);
    const [d, f] = plan.entries;
    // dir: 30 fixed + 2 name + 9 timestamp extra, no data, no descriptor
    expect(d).toMatchObject({ localOffset: 0, dataOffset: 41, descriptorOffset: 41, end: 41 });
    // file: 30 + 7 + 9 header, 5 data, 16 descriptor
    expect(f).toMatchObject({ localOffset: 41, dataOffset: 87, descriptorOffset: 92, end: 108 });
    // central records: 46 fixed + name + 9
    expect(d).toMatchObject({ centralOffset: 108, centralLength: 57 });
    expect(f).toMatchObject({ centralOffset: 165, centralLength: 62 });
    expect(plan).toMatchObject({ centralOffset: 108, centralSize: 119, trailerOffset: 227, zip64Trailer: false, size: 249 });
  });

  it('an empty archive is just the end record', async () => {
    const { bytes, plan } = await trailerBytes([]);
    expect(plan.size).toBe(22);
    expect(bytes.readUInt32LE(0)).toBe(0x06054b50);
  });

  it('uses ZIP64 for a file over 4 GiB and for offsets past 4 GiB', async () => {
    const { plan, bytes } = await trailerBytes([file('big', 5 * GiB), file('s', 10)]);
    const [big, s] = plan.entries;
    // + 20 bytes ZIP64 extra in the local header, 24-byte descriptor
    expect(big).toMatchObject({ dataOffset: 62, descriptorOffset: 62 + 5 * GiB, end: 86 + 5 * GiB, centralLength: 78 });
    expect(big?.fields.zip64Local).toBe(true);
    // small file: no local ZIP64, but its central record needs the 8-byte offset
    expect(s).toMatchObject({ localOffset: 86 + 5 * GiB, end: 86 + 5 * GiB + 40 + 10 + 16, centralLength: 68 });
    expect(s?.fields.zip64Local).toBe(false);
    expect(plan.zip64Trailer).toBe(true);
    expect(plan.size).toBe(plan.trailerOffset + 56 + 20 + 22);

    expect(bytes.readUInt32LE(0)).toBe(0x06064b50);
    expect(Number(bytes.readBigUInt64LE(24))).toBe(2); // entries on this disk
    expect(Number(bytes.readBigUInt64LE(32))).toBe(2); // entries total
    expect(Number(bytes.readBigUInt64LE(40))).toBe(plan.centralSize);
    expect(Number(bytes.readBigUInt64LE(48))).toBe(plan.centralOffset);
    expect(bytes.readUInt32LE(56)).toBe(0x07064b50);
    expect(Number(bytes.readBigUInt64LE(64))).toBe(plan.trailerOffset);
    expect(bytes.readUInt32LE(76)).toBe(0x06054b50);
    expect(bytes.readUInt32LE(76 + 16)).toBe(0xffffffff); // central directory offset: see ZIP64 record
  });

  it('treats a size of exactly 0xFFFFFFFF as needing ZIP64 (it is the marker value)', () => {
    expect(planZip([file('a', 0xffffffff)]).entries[0]?.fields.zip64Local).toBe(true);
    expect(planZip([file('a', 0xfffffffe)]).entries[0]?.fields.zip64Local).toBe(false);
  });

  it('switches to the ZIP64 end record at 65535 entries', async () => {
    const names = (n: number): ZipEntry[] => Array.from({ length: n }, (_, i) => dir(`d${i}/`));
    expect(planZip(names(65534)).zip64Trailer).toBe(false);
    const { plan, bytes } = await trailerBytes(names(65535));
    expect(plan.zip64Trailer).toBe(true);
    expect(Number(bytes.readBigUInt64LE(32))).toBe(65535);
    expect(bytes.readUInt16LE(76 + 10)).toBe(0xffff);
  });
});
