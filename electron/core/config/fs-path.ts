// A path as the user sees it, and where it really is under a test root (plain Node).
import { join, resolve } from 'node:path';

/**
 * `path` is what warnings, origins and `oniondrop config` show (e.g.
 * `/etc/oniondrop.d/30_whonix.conf`); the file really lives at `root` + `path`.
 * Production uses root `/`; tests use a temporary folder holding a whole tree.
 */
export interface FsPath {
  readonly root: string;
  readonly path: string;
}

export function fsPath(root: string, path: string): FsPath {
  // resolve() against '/' keeps `..` from climbing out of root.
  return { root, path: resolve('/', path) };
}

export function realPath(p: FsPath): string {
  return join(p.root, p.path);
}
