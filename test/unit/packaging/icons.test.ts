// Unit tests (plain Node): the app icon exists as SVG and as every PNG size desktops look up.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, repoPath } from './builder-config';

interface Png {
  width: number;
  height: number;
  colorType: number;
  /** Alpha of the top-left pixel, 0-255. */
  cornerAlpha: number;
}

/** Reads what a desktop cares about from a PNG; enough of the format for 8-bit RGBA. */
function readPng(file: string): Png {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9] ?? -1;
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  // Row 0, pixel 0: every PNG filter leaves the first pixel of the first row
  // unchanged (its left and upper neighbours count as zero). Byte 0 is the
  // row's filter type, bytes 1-4 are R, G, B, A.
  return { width, height, colorType, cornerAlpha: pixels[4] ?? -1 };
}

describe('assets/icons', () => {
  it('has the SVG source, square', () => {
    const svg = readFileSync(repoPath('assets/icons/oniondrop.svg'), 'utf8');
    expect(svg).toMatch(/<svg[^>]+viewBox="0 0 512 512"/);
  });

  it.each(ICON_SIZES)('has %ipx as an RGBA PNG of that size with a transparent background', (size) => {
    const png = readPng(repoPath(`assets/icons/${size}x${size}.png`));
    expect([png.width, png.height]).toEqual([size, size]);
    expect(png.colorType).toBe(6);
    expect(png.cornerAlpha).toBe(0);
  });
});
