// CRC-32 (the zip/PNG polynomial) over Buffers (plain Node).
// zlib.crc32 runs natively (Node >= 20.15 / 22.2); the table version only exists
// for older runtimes and as a reference in tests.
import * as zlib from 'node:zlib';

export type Crc32 = (data: Uint8Array, previous: number) => number;

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  table = t;
  return t;
}

export const crc32Table: Crc32 = (data, previous) => {
  const t = crcTable();
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) {
    c = (t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
};

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

export const crc32: Crc32 = typeof native === 'function' ? (data, previous) => native(data, previous) : crc32Table;
