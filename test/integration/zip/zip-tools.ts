// Helpers for checking archives with real Debian tools (plain Node): unzip, 7z, bsdtar, python3.
import { spawnSync } from 'node:child_process';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): RunResult {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LC_ALL: 'C.UTF-8', ...env },
    ...(cwd === undefined ? {} : { cwd }),
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Writes a stream to a file. With `sparse`, chunks of zeros become holes, so an
 * archive holding a huge sparse file costs no disk and the file still reads back
 * byte for byte as what the stream produced.
 */
export async function streamToFile(stream: Readable, path: string, sparse = false): Promise<number> {
  const fh = await open(path, 'w');
  const zeros = Buffer.alloc(1024 * 1024);
  let position = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      const allZero = sparse && b.length <= zeros.length && b.equals(zeros.subarray(0, b.length));
      if (!allZero) await fh.write(b, 0, b.length, position);
      position += b.length;
    }
    await fh.truncate(position);
  } finally {
    await fh.close();
  }
  return position;
}

export interface PyEntry {
  name: string;
  size: number;
  dateTime: [number, number, number, number, number, number];
  isDir: boolean;
  headerOffset: number;
  crc: number;
  /** sha256 hex of the extracted content (files only, when asked). */
  sha256?: string;
}

export interface PyReport {
  /** First bad member name from ZipFile.testzip(), or null when every CRC matched. */
  testzip: string | null;
  entries: PyEntry[];
}

const PY = `
import hashlib, json, sys, zipfile
path, test, hashes = sys.argv[1], sys.argv[2] == '1', json.loads(sys.argv[3])
with zipfile.ZipFile(path) as z:
    bad = z.testzip() if test else None
    out = []
    for i in z.infolist():
        e = {'name': i.filename, 'size': i.file_size, 'dateTime': list(i.date_time), 'isDir': i.is_dir(),
             'headerOffset': i.header_offset, 'crc': i.CRC}
        if not i.is_dir() and (hashes is True or i.filename in hashes):
            # Reading to the end makes zipfile check the CRC (BadZipFile otherwise).
            h = hashlib.sha256()
            with z.open(i) as f:
                for block in iter(lambda: f.read(1 << 20), b''):
                    h.update(block)
            e['sha256'] = h.hexdigest()
        out.append(e)
print(json.dumps({'testzip': bad, 'entries': out}))
`;

/**
 * What Python's zipfile module sees in the archive. `hashes`: true for every file,
 * or the names of the files to read (each read checks that file's CRC).
 */
export function pythonZip(path: string, opts: { testzip?: boolean; hashes?: boolean | string[] } = {}): PyReport {
  const r = run('python3', ['-c', PY, path, opts.testzip === false ? '0' : '1', JSON.stringify(opts.hashes ?? [])]);
  if (r.status !== 0) throw new Error(`python zipfile failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PyReport;
}
