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
import { accessSync, constants, lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import { CatalogRootError, errnoCode } from './errors';
import { hasUnsafeNameChar, replaceUnsafeNameChars } from './name-chars';
import { Pacer } from './pacer';

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
  /**
   * Names inside the chosen folders that are left out, with everything under
   * them, as if they were not there (website mode's dotfile rule); never
   * applied to the chosen paths themselves, and not reported as skipped.
   */
  leaveOut?: (name: string) => boolean;
}

type Unindexed<T> = T extends CatalogEntry ? Omit<T, 'index'> : never;
type Draft = Unindexed<CatalogEntry>;

/**
 * The walk calls the file system synchronously, one entry at a time, paced
 * (see pacer.ts): catalog time is most of a large folder's time to ready.
 */
class Walk {
  /** The entries found, in catalog order. */
  readonly drafts: Draft[] = [];
  readonly skipped: SkippedEntry[] = [];
  private readonly pacer = new Pacer();

  constructor(readonly leaveOut: (name: string) => boolean) {}

  /** Call before each file-system call; await what it returns (most often nothing). */
  pace(): Promise<void> | null {
    return this.pacer.pace();
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function buildCatalog(paths: readonly string[], options: CatalogOptions = {}): Promise<Catalog> {
  const layout = options.layout ?? 'named';
  const walk = new Walk(options.leaveOut ?? (() => false));
  if (paths.length === 0) throw new CatalogRootError('', 'not-a-path');
  if (layout === 'contents' && paths.length !== 1) throw new CatalogRootError(paths[1] ?? '', 'not-a-path');

  const roots: CatalogRoot[] = [];
  const drafts = walk.drafts;
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
      await walkRootDir(walk, sourcePath, real, '');
      continue;
    }
    const name = uniqueName(safeRootName(absolute), usedNames);
    if (st.isFile()) {
      try {
        accessSync(real, constants.R_OK);
      } catch (err) {
        throw new CatalogRootError(sourcePath, 'unreadable', errnoCode(err));
      }
      roots.push({ sourcePath, realPath: real, name, kind: 'file' });
      drafts.push(fileDraft(name, name, real, st, absolute !== real));
    } else if (st.isDirectory()) {
      roots.push({ sourcePath, realPath: real, name, kind: 'directory' });
      drafts.push(dirDraft(name, `${name}/`, real, st));
      await walkRootDir(walk, sourcePath, real, `${name}/`);
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

async function walkRootDir(walk: Walk, sourcePath: string, real: string, relDir: string): Promise<void> {
  let names: Buffer[];
  try {
    names = readdirSync(real, { encoding: 'buffer' });
  } catch (err) {
    throw new CatalogRootError(sourcePath, 'unreadable', errnoCode(err));
  }
  await walkChildren(walk, real, real, relDir, names);
}

/** Adds the entries under `dir` (a real path inside `boundary`); false if it cannot be listed. */
async function walkDir(walk: Walk, boundary: string, dir: string, relDir: string): Promise<boolean> {
  let names: Buffer[];
  await walk.pace();
  try {
    names = readdirSync(dir, { encoding: 'buffer' });
  } catch (err) {
    const code = errnoCode(err);
    walk.skipped.push({ path: dir, reason: code === 'ENOENT' ? 'vanished' : 'unreadable', code });
    return false;
  }
  await walkChildren(walk, boundary, dir, relDir, names);
  return true;
}

async function walkChildren(walk: Walk, boundary: string, dir: string, relDir: string, raw: Buffer[]): Promise<void> {
  const children: string[] = [];
  for (const bytes of raw) {
    let name: string;
    try {
      name = utf8.decode(bytes);
    } catch {
      walk.skipped.push({ path: `${dir}${sep}${bytes.toString('utf8')}`, reason: 'name-not-utf8' });
      continue;
    }
    if (walk.leaveOut(name)) continue;
    if (hasUnsafeNameChar(name)) walk.skipped.push({ path: `${dir}${sep}${name}`, reason: 'unsafe-name' });
    else children.push(name);
  }
  children.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // One at a time, in order: the calls are synchronous, so running visits side
  // by side would gain nothing.
  for (const name of children) await visit(walk, boundary, `${dir}${sep}${name}`, name, relDir);
}

async function visit(walk: Walk, boundary: string, path: string, name: string, relDir: string): Promise<void> {
  let st: Stats;
  await walk.pace();
  try {
    st = lstatSync(path);
  } catch (err) {
    skip(walk, path, err);
    return;
  }
  if (st.isDirectory()) {
    // The folder comes before its contents; taken back if it cannot be listed.
    const at = walk.drafts.length;
    walk.drafts.push(dirDraft(name, `${relDir}${name}/`, path, st));
    if (!(await walkDir(walk, boundary, path, `${relDir}${name}/`))) walk.drafts.length = at;
  } else if (st.isFile()) {
    if (await readable(walk, path, st)) walk.drafts.push(fileDraft(name, `${relDir}${name}`, path, st, false));
  } else if (st.isSymbolicLink()) {
    await followInside(walk, boundary, path, name, relDir);
  } else {
    walk.skipped.push({ path, reason: 'special-file' });
  }
}

async function followInside(walk: Walk, boundary: string, path: string, name: string, relDir: string): Promise<void> {
  let target: string;
  let st: Stats;
  await walk.pace();
  try {
    // .native asks the kernel, as the old async realpath did; the JavaScript
    // version resolves ".." as text before following symlinks.
    target = realpathSync.native(path);
    st = statSync(target);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ELOOP') walk.skipped.push({ path, reason: 'symlink-loop', code });
    else if (code === 'ENOENT' || code === 'ENOTDIR') walk.skipped.push({ path, reason: 'symlink-dangling', code });
    else walk.skipped.push({ path, reason: 'unreadable', code });
    return;
  }
  const inside = boundary.endsWith(sep) ? boundary : boundary + sep;
  if (!target.startsWith(inside)) {
    walk.skipped.push({ path, reason: 'symlink-outside' });
    return;
  }
  if (st.isDirectory()) {
    walk.skipped.push({ path, reason: 'symlink-to-directory' });
    return;
  }
  if (!st.isFile()) {
    walk.skipped.push({ path, reason: 'special-file' });
    return;
  }
  if (await readable(walk, target, st)) walk.drafts.push(fileDraft(name, `${relDir}${name}`, target, st, true));
}

/**
 * Whether we may read the file. The permission bits answer without a system
 * call (an access() per file would double the cost of the walk); only when
 * they say no do we ask access(), which also knows about ACLs. A file that an
 * ACL closes despite its bits fails later at open, with a "cannot be read" page.
 */
async function readable(walk: Walk, path: string, st: Stats): Promise<boolean> {
  if (readableByMode(st)) return true;
  await walk.pace();
  try {
    accessSync(path, constants.R_OK);
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

function skip(walk: Walk, path: string, err: unknown): void {
  const code = errnoCode(err);
  walk.skipped.push({ path, reason: code === 'ENOENT' ? 'vanished' : 'unreadable', code });
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
