// Re-validates a path the renderer (or a dialog) handed over before anything
// is shared from it (plain Node): absolute, exists, a file or a folder, with
// symlinks resolved. Page script never gets a way to read an arbitrary path.
import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { PathReason, Problem } from '../contract';

export type ResolvedPath =
  | { ok: true; path: string; name: string; kind: 'file' | 'folder' }
  | { ok: false; problem: Extract<Problem, { kind: 'path-rejected' }> };

const rejected = (path: string, reason: Exclude<PathReason, 'other'>): ResolvedPath => ({
  ok: false,
  problem: { kind: 'path-rejected', path, use: 'share', reason },
});

export async function resolveSharedPath(raw: unknown): Promise<ResolvedPath> {
  if (typeof raw !== 'string' || raw.length === 0) return rejected(String(raw), 'not-a-path');
  if (raw.includes('\0')) return rejected(raw.replace(/\0/g, '\\0'), 'not-a-path');
  if (!isAbsolute(raw)) return rejected(raw, 'not-absolute');
  let real: string;
  try {
    real = await realpath(raw);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return rejected(raw, code === 'ENOENT' ? 'not-found' : code === 'EACCES' ? 'unreadable' : 'not-found');
  }
  let info;
  try {
    info = await stat(real);
  } catch {
    return rejected(raw, 'unreadable');
  }
  if (info.isFile()) return { ok: true, path: real, name: basename(raw), kind: 'file' };
  if (info.isDirectory()) return { ok: true, path: real, name: basename(raw) || real, kind: 'folder' };
  return rejected(raw, 'special-file');
}
