// The registry of what a share serves, built by a stat walk of the chosen paths (plain Node).
// Nothing is copied or read: the walk records names, sizes, times and file
// identities, and the server later serves only what is in this registry.
//
// Rules (the same for share and website mode):
// - A path the user chose is followed even if it is a symlink (they chose it).
// - Inside a chosen folder, a symlink is served as its target's content only
//   when the target is a regular file inside that same folder. Symlinks leading
//   out of the folder are skipped (they would leak files the user never chose),
//   and so are symlinks to folders: their content is already shared at its real
//   place inside the folder, and following them invites loops.
// - FIFOs, sockets and devices are skipped (reading them blocks or never ends),
//   and so are entries we may not read, names that are not UTF-8 (they cannot
//   be put into a URL or a zip faithfully), and names with a backslash or
//   control characters (a zip tool on Windows would read a backslash as a path
//   separator). Each skip is reported with its reason.
// - Top-level names are unique, case-insensitively (a zip extracted on macOS or
//   Windows would otherwise merge them): "a.txt", "a (2).txt".
import { constants } from 'node:fs';
import { access, lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { CatalogRootError, errnoCode } from './errors';
import { createLimiter, type Limiter } from './limiter';
import { hasUnsafeNameChar, replaceUnsafeNameChars } from './name-chars';

interface EntryBase {
  /** Position in `Catalog.entries`. */
  index: number;
  /** The last path segment, shown to people. */
  name: string;
  /** Path inside the archive and the URL space: '/'-separated; folders end with '/'. */
  relPath: string;
  mtimeMs: number;
  ino: number;
  dev: number;
  /** Absolute path with no symlink in it, to open when serving. */
  realPath: string;
}

export interface CatalogFile extends EntryBase {
  kind: 'file';
  size: number;
  /** Reached through a symlink inside the shared folder (the stat data is the target's). */
  viaSymlink: boolean;
}

export interface CatalogDirectory extends EntryBase {
  kind: 'directory';
  size: 0;
}

export type CatalogEntry = CatalogFile | CatalogDirectory;

export type SkipReason =
  | 'symlink-outside'
  | 'symlink-to-directory'
  | 'symlink-loop'
  | 'symlink-dangling'
  | 'special-file'
  | 'unreadable'
  | 'name-not-utf8'
  | 'unsafe-name'
  | 'duplicate-path'
  | 'vanished';

export interface SkippedEntry {
  /** Where it is on disk (lossy for names that are not UTF-8). */
  path: string;
  reason: SkipReason;
  /** The errno code when the reason came from a failed system call. */
  code?: string;
}

export interface CatalogRoot {
  /** As the user gave it. */
  sourcePath: string;
  realPath: string;
  /** Its unique top-level name in the share. */
  name: string;
  kind: 'file' | 'directory';
}

/**
 * `named`: every chosen path appears under its (unique) name; for share mode.
 * `contents`: one chosen folder whose children are the top level; for website mode.
 */
export type CatalogLayout = 'named' | 'contents';

export interface Catalog {
  layout: CatalogLayout;
  roots: CatalogRoot[];
  /** Deterministic order: roots in the order chosen, then depth first, names sorted. */
  entries: CatalogEntry[];
  skipped: SkippedEntry[];
  totals: { files: number; directories: number; bytes: number };
}

export interface CatalogOptions {
  layout?: CatalogLayout;
  /** File-system calls in flight at once. */
  concurrency?: number;
}

type Unindexed<T> = T extends CatalogEntry ? Omit<T, 'index'> : never;
type Draft = Unindexed<CatalogEntry>;

interface Walk {
  limit: Limiter;
  skipped: SkippedEntry[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function buildCatalog(paths: readonly string[], options: CatalogOptions = {}): Promise<Catalog> {
  const layout = options.layout ?? 'named';
  const walk: Walk = { limit: createLimiter(options.concurrency ?? 32), skipped: [] };
  if (paths.length === 0) throw new CatalogRootError('', 'not-a-path');
  if (layout === 'contents' && paths.length !== 1) throw new CatalogRootError(paths[1] ?? '', 'not-a-path');

  const roots: CatalogRoot[] = [];
  const drafts: Draft[] = [];
  const seenReal = new Set<string>();
  const usedNames = new Set<string>();
  for (const sourcePath of paths) {
    const absolute = resolve(sourcePath);
    const { st, real } = await statRoot(sourcePath, absolute);
    if (seenReal.has(real)) {
      walk.skipped.push({ path: absolute, reason: 'duplicate-path' });
      continue;
    }
    seenReal.add(real);
    if (layout === 'contents') {
      if (!st.isDirectory()) throw new CatalogRootError(sourcePath, 'not-a-path');
      roots.push({ sourcePath, realPath: real, name: safeRootName(absolute), kind: 'directory' });
      drafts.push(...(await walkRootDir(walk, sourcePath, real, '')));
      continue;
    }
    const name = uniqueName(safeRootName(absolute), usedNames);
    if (st.isFile()) {
      await walk.limit(() => access(real, constants.R_OK)).catch((err: unknown) => {
        throw new CatalogRootError(sourcePath, 'unreadable', errnoCode(err));
      });
      roots.push({ sourcePath, realPath: real, name, kind: 'file' });
      drafts.push(fileDraft(name, name, real, st, absolute !== real));
    } else if (st.isDirectory()) {
      roots.push({ sourcePath, realPath: real, name, kind: 'directory' });
      drafts.push(dirDraft(name, `${name}/`, real, st));
      drafts.push(...(await walkRootDir(walk, sourcePath, real, `${name}/`)));
    } else {
      throw new CatalogRootError(sourcePath, 'special-file');
    }
  }

  const entries = drafts.map((d, index) => ({ ...d, index }) as CatalogEntry);
  const totals = { files: 0, directories: 0, bytes: 0 };
  for (const e of entries) {
    if (e.kind === 'file') {
      totals.files++;
      totals.bytes += e.size;
    } else totals.directories++;
  }
  return { layout, roots, entries, skipped: walk.skipped, totals };
}

async function statRoot(sourcePath: string, absolute: string): Promise<{ st: Stats; real: string }> {
  try {
    const st = await stat(absolute);
    return { st, real: await realpath(absolute) };
  } catch (err) {
    const code = errnoCode(err);
    const problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : code === 'ELOOP' ? 'symlink-loop' : 'unreadable';
    throw new CatalogRootError(sourcePath, problem, code);
  }
}

async function walkRootDir(walk: Walk, sourcePath: string, real: string, relDir: string): Promise<Draft[]> {
  const names = await walk.limit(() => readdir(real, { encoding: 'buffer' })).catch((err: unknown) => {
    throw new CatalogRootError(sourcePath, 'unreadable', errnoCode(err));
  });
  return walkChildren(walk, real, real, relDir, names);
}

/** The entries under `dir` (a real path inside `boundary`), in catalog order. */
async function walkDir(walk: Walk, boundary: string, dir: string, relDir: string): Promise<Draft[] | null> {
  let names: Buffer[];
  try {
    names = await walk.limit(() => readdir(dir, { encoding: 'buffer' }));
  } catch (err) {
    const code = errnoCode(err);
    walk.skipped.push({ path: dir, reason: code === 'ENOENT' ? 'vanished' : 'unreadable', code });
    return null;
  }
  return walkChildren(walk, boundary, dir, relDir, names);
}

async function walkChildren(walk: Walk, boundary: string, dir: string, relDir: string, raw: Buffer[]): Promise<Draft[]> {
  const children: string[] = [];
  for (const bytes of raw) {
    let name: string;
    try {
      name = utf8.decode(bytes);
    } catch {
      walk.skipped.push({ path: `${dir}${sep}${bytes.toString('utf8')}`, reason: 'name-not-utf8' });
      continue;
    }
    if (hasUnsafeNameChar(name)) walk.skipped.push({ path: `${dir}${sep}${name}`, reason: 'unsafe-name' });
    else children.push(name);
  }
  children.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = await Promise.all(children.map((name) => visit(walk, boundary, `${dir}${sep}${name}`, name, relDir)));
  return parts.flat();
}

async function visit(walk: Walk, boundary: string, path: string, name: string, relDir: string): Promise<Draft[]> {
  let st: Stats;
  try {
    st = await walk.limit(() => lstat(path));
  } catch (err) {
    return skip(walk, path, err);
  }
  if (st.isDirectory()) {
    const inner = await walkDir(walk, boundary, path, `${relDir}${name}/`);
    return inner === null ? [] : [dirDraft(name, `${relDir}${name}/`, path, st), ...inner];
  }
  if (st.isFile()) {
    return (await readable(walk, path, st)) ? [fileDraft(name, `${relDir}${name}`, path, st, false)] : [];
  }
  if (st.isSymbolicLink()) return followInside(walk, boundary, path, name, relDir);
  walk.skipped.push({ path, reason: 'special-file' });
  return [];
}

async function followInside(walk: Walk, boundary: string, path: string, name: string, relDir: string): Promise<Draft[]> {
  let target: string;
  let st: Stats;
  try {
    target = await walk.limit(() => realpath(path));
    st = await walk.limit(() => stat(target));
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ELOOP') walk.skipped.push({ path, reason: 'symlink-loop', code });
    else if (code === 'ENOENT' || code === 'ENOTDIR') walk.skipped.push({ path, reason: 'symlink-dangling', code });
    else walk.skipped.push({ path, reason: 'unreadable', code });
    return [];
  }
  const inside = boundary.endsWith(sep) ? boundary : boundary + sep;
  if (!target.startsWith(inside)) {
    walk.skipped.push({ path, reason: 'symlink-outside' });
    return [];
  }
  if (st.isDirectory()) {
    walk.skipped.push({ path, reason: 'symlink-to-directory' });
    return [];
  }
  if (!st.isFile()) {
    walk.skipped.push({ path, reason: 'special-file' });
    return [];
  }
  return (await readable(walk, target, st)) ? [fileDraft(name, `${relDir}${name}`, target, st, true)] : [];
}

/**
 * Whether we may read the file. The permission bits answer without a system
 * call (an access() per file would double the cost of the walk); only when
 * they say no do we ask access(), which also knows about ACLs. A file that an
 * ACL closes despite its bits fails later at open, with a "cannot be read" page.
 */
async function readable(walk: Walk, path: string, st: Stats): Promise<boolean> {
  if (readableByMode(st)) return true;
  try {
    await walk.limit(() => access(path, constants.R_OK));
    return true;
  } catch (err) {
    skip(walk, path, err);
    return false;
  }
}

const uid = process.geteuid?.();
const groups = new Set(process.getgroups?.() ?? []);
if (process.getegid) groups.add(process.getegid());

function readableByMode(st: Stats): boolean {
  if (uid === undefined || uid === 0) return uid === 0;
  if (st.uid === uid) return (st.mode & 0o400) !== 0;
  if (groups.has(st.gid)) return (st.mode & 0o040) !== 0;
  return (st.mode & 0o004) !== 0;
}

function skip(walk: Walk, path: string, err: unknown): [] {
  const code = errnoCode(err);
  walk.skipped.push({ path, reason: code === 'ENOENT' ? 'vanished' : 'unreadable', code });
  return [];
}

function fileDraft(name: string, relPath: string, realPath: string, st: Stats, viaSymlink: boolean): Draft {
  return { kind: 'file', name, relPath, realPath, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev, viaSymlink };
}

function dirDraft(name: string, relPath: string, realPath: string, st: Stats): Draft {
  return { kind: 'directory', name, relPath, realPath, size: 0, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev };
}

/** A chosen path's name, made usable as one URL and zip segment. */
function safeRootName(absolute: string): string {
  const raw = basename(absolute);
  const cleaned = replaceUnsafeNameChars(raw, '_')
    // A lone surrogate cannot be written as UTF-8 (in a URL or a zip name).
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'shared' : cleaned;
}

/** "report.pdf", then "report (2).pdf"; compared case-insensitively. */
export function uniqueName(name: string, used: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  used.add(candidate.toLowerCase());
  return candidate;
}
