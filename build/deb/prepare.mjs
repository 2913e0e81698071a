// Writes the files the .deb maps that are built, not committed: the gzipped man page (build script, plain Node).
// electron-builder runs it as the `artifactBuildStarted` hook (electron-builder.yml),
// right before fpm reads dist/deb/oniondrop.1.gz; `node build/deb/prepare.mjs` runs it by hand.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAN_PAGE = join(ROOT, 'assets', 'oniondrop.1');
export const MAN_PAGE_GZ = join(ROOT, 'dist', 'deb', 'oniondrop.1.gz');

/**
 * Debian policy wants man pages as `gzip -9n`: best compression, and no name or
 * time stamp in the header, so the same page always gives the same bytes.
 * Node's gzip writes neither a name nor a time (MTIME 0), like `-n`.
 */
export function gzipManPage(source = MAN_PAGE, target = MAN_PAGE_GZ) {
  const gz = gzipSync(readFileSync(source), { level: constants.Z_BEST_COMPRESSION });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, gz, { mode: 0o644 });
  return target;
}

/** electron-builder hook: runs before each artifact (deb, AppImage) is built. */
export async function artifactBuildStarted() {
  gzipManPage();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  console.log(`wrote ${gzipManPage()}`);
}
