// The server of a Share tab's address (plain Node): the shared files alone at
// the root, or, when the address also receives, the files under /share/ and
// uploads under /receive/ with a landing page at '/' (see address-modes.ts).
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import type { Problem, ShareOptions } from '../../contract';
import type { StartServer } from '../session';
import type { Catalog } from '../share';
import { addressModes } from './address-modes';
import { modeServer, type ModePart } from './mode-part';
import { receivePart, type ReceiveModeSettings } from './receive-mode';
import { sharePart, type ShareModeSettings } from './share-mode';

/** Each part speaks the share's language (options.language). */
export function shareAddressServer(catalog: Catalog, options: ShareOptions, receive: ReceiveModeSettings, share: ShareModeSettings = {}): StartServer {
  const parts = addressModes('share', options).map((mode): ModePart => {
    switch (mode) {
      case 'share':
        return sharePart(catalog, options, undefined, share);
      case 'receive':
        return receivePart(options, receive);
      case 'website':
      case 'chat':
        throw new Error(`${mode} is never part of a share address`);
    }
  });
  return modeServer(parts, { limits: options.alsoReceive ? receive.httpLimits : undefined });
}

/**
 * Why the uploads of a share that also receives cannot go where asked, before
 * anything starts: the receive folder is a file, or it is (inside) a shared
 * folder, whose earlier uploads would then be offered for download. A folder
 * that does not exist yet is fine: receiving creates it.
 */
export async function shareAddressProblem(catalog: Catalog, options: ShareOptions): Promise<Problem | null> {
  if (!addressModes('share', options).includes('receive')) return null;
  const folder = options.receive.folder;
  const rejected = (reason: 'not-a-folder' | 'inside-shared-folder'): Problem => ({ kind: 'path-rejected', path: folder, use: 'receive-folder', reason });
  const found = await stat(folder).catch(() => null);
  if (found !== null && !found.isDirectory()) return rejected('not-a-folder');
  const real = await realPathOf(folder);
  const shared = catalog.roots.filter((r) => r.kind === 'directory').map((r) => r.realPath);
  if (shared.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep))) return rejected('inside-shared-folder');
  return null;
}

/** The real path, or for a path not there yet, its nearest existing parent's real path with the rest. */
async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : resolve(await realPathOf(parent), basename(absolute));
  }
}
