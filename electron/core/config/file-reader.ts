// Reads one config file safely and splits it into checked lines (plain Node).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Larger files are refused: a config file is a few KiB, anything else is a mistake. */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_LINE_BYTES = 4096;

export type FileLine =
  | { readonly number: number; readonly kind: 'text'; readonly text: string }
  | { readonly number: number; readonly kind: 'too-long' }
  | { readonly number: number; readonly kind: 'invalid-utf8' };

export type ReadOutcome =
  | { readonly ok: true; readonly lines: readonly FileLine[] }
  | { readonly ok: false; readonly reason: string };

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file (a dangling symbolic link?)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
};

/** The errno name (`ENOENT`, ...) of a failed filesystem call, if it has one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** One readable phrase for a failed filesystem call. */
export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  if (code === undefined) return 'cannot be read';
  return FS_REASONS[code] ?? `cannot be read (${code})`;
}

function readWhole(fd: number, size: number): Buffer {
  const buffer = Buffer.alloc(size);
  let filled = 0;
  while (filled < size) {
    const n = readSync(fd, buffer, filled, size - filled, null);
    if (n === 0) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function splitLines(content: Buffer): FileLine[] {
  const lines: FileLine[] = [];
  let start = 0;
  let number = 1;
  while (start < content.length) {
    let end = content.indexOf(0x0a, start);
    if (end < 0) end = content.length;
    let bytes = content.subarray(start, end);
    if (bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    if (bytes.length > MAX_LINE_BYTES) {
      lines.push({ number, kind: 'too-long' });
    } else {
      // Decoding per line pins an encoding error to its line, and the BOM
      // check (ignoreBOM false strips it) only matters on line 1 anyway.
      try {
        lines.push({ number, kind: 'text', text: decoder.decode(bytes) });
      } catch {
        lines.push({ number, kind: 'invalid-utf8' });
      }
    }
    start = end + 1;
    number++;
  }
  return lines;
}

/**
 * Opens without blocking (a FIFO named *.conf must not hang the app) and reads
 * only regular files, checking the type on the open descriptor, not the name.
 */
export function readConfigFile(realPath: string): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(realPath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, reason: 'is a folder' };
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, reason: `larger than ${MAX_FILE_BYTES / 1024} KiB` };
    return { ok: true, lines: splitLines(readWhole(fd, stat.size)) };
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}
