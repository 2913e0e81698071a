// Throughput check (plain Node script, not a test): a 1 GiB file through createZipRangeStream
// into a null sink, next to fs.createReadStream alone. Run:
//   npx esbuild --bundle --platform=node --format=esm test/integration/zip/measure-throughput.ts \
//     --outfile=/tmp/zip-throughput.mjs && node /tmp/zip-throughput.mjs
import { createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { CrcCache, planZip } from '../../../electron/core/share/zip';
import { createZipRangeStream } from '../../unit/zip/fixtures';

const SIZE = 1024 ** 3;
const dir = mkdtempSync(join(tmpdir(), 'oniondrop-zip-throughput-'));
const path = join(dir, 'one-gib.bin');

function writeTestFile(): void {
  const block = randomBytes(1024 * 1024);
  const fd = openSync(path, 'w');
  for (let written = 0; written < SIZE; written += block.length) writeSync(fd, block);
  closeSync(fd);
}

async function timeToNull(make: () => Readable): Promise<number> {
  const start = performance.now();
  let bytes = 0;
  await pipeline(
    make(),
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return bytes / seconds / 1024 ** 2;
}

const ROUNDS = 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
try {
  writeTestFile();
  const st = statSync(path);
  const plan = planZip([{ kind: 'file', name: 'one-gib.bin', size: st.size, mtime: st.mtime, sourcePath: path }]);
  const warm = new CrcCache();
  await timeToNull(() => createZipRangeStream(plan, 0, plan.size - 1, warm));
  const half = Math.floor(plan.size / 2);
  const cases: [string, () => Readable][] = [
    ['fs.createReadStream (1 MiB chunks)', () => createReadStream(path, { highWaterMark: 1024 * 1024 })],
    ['zip range stream, whole archive, cold CRC cache', () => createZipRangeStream(plan, 0, plan.size - 1, new CrcCache())],
    ['zip range stream, whole archive, warm CRC cache', () => createZipRangeStream(plan, 0, plan.size - 1, warm)],
    // Rate of the bytes sent; the whole file is read, since the CRC needs its first half.
    ['zip range stream, 2nd half, cold cache', () => createZipRangeStream(plan, half, plan.size - 1, new CrcCache())],
  ];
  // Interleaved rounds, so a busy moment on the machine does not favour one case.
  const rates = cases.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, make]] of cases.entries()) rates[i]?.push(await timeToNull(make));
  }
  const reference = median(rates[0] ?? []);
  for (const [i, [label]] of cases.entries()) {
    const m = median(rates[i] ?? []);
    const all = (rates[i] ?? []).map((r) => r.toFixed(0)).join(', ');
    console.log(`${label.padEnd(50)} median ${m.toFixed(0).padStart(5)} MiB/s  ratio ${(m / reference).toFixed(2)}  (${all})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
