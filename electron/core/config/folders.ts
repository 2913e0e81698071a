// Discovery of the config.d folders and of the files in one folder (plain Node).
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describeFsError, errorCode } from './file-reader';
import { fsPath, realPath, type FsPath } from './fs-path';
import { isConfigFileName } from './names';
import { fileWarning, type ConfigWarning } from './warnings';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface FolderOptions {
  /** Prefixed to the system folders and to absolute %include paths; `/` in production. */
  readonly root: string;
  readonly env: Environment;
  /** Home folder, used as given (not prefixed with root). */
  readonly home: string;
}

export type FolderLayer = 'system' | 'local' | 'user';

export interface ConfigFolder {
  readonly layer: FolderLayer;
  readonly dir: FsPath;
}

/** The file GUI-chosen settings are saved to, in the user folder. */
export const GUI_FILE_NAME = '90_gui.conf';

/**
 * `$XDG_CONFIG_HOME/oniondrop/oniondrop.d`, or `~/.config/...` when the
 * variable is unset, empty or relative (the XDG spec says to ignore relative
 * values; a warning says so).
 */
export function userConfigFolder(opts: Pick<FolderOptions, 'env' | 'home'>): {
  readonly path: string;
  readonly warning: ConfigWarning | null;
} {
  const xdg = opts.env['XDG_CONFIG_HOME'];
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(opts.home, '.config');
  const warning: ConfigWarning | null =
    xdg !== undefined && xdg !== '' && !isAbsolute(xdg)
      ? {
          code: 'invalid-environment',
          source: { kind: 'env', name: 'XDG_CONFIG_HOME' },
          message: `'${xdg}' is not an absolute path; using ${base} instead`,
        }
      : null;
  return { path: join(base, 'oniondrop', 'oniondrop.d'), warning };
}

/** The three folders in reading order (later wins), plus a warning about XDG_CONFIG_HOME if any. */
export function configFolders(opts: FolderOptions): {
  readonly folders: readonly ConfigFolder[];
  readonly warnings: readonly ConfigWarning[];
} {
  const user = userConfigFolder(opts);
  return {
    folders: [
      { layer: 'system', dir: fsPath(opts.root, '/etc/oniondrop.d') },
      { layer: 'local', dir: fsPath(opts.root, '/usr/local/etc/oniondrop.d') },
      { layer: 'user', dir: fsPath('/', user.path) },
    ],
    warnings: user.warning ? [user.warning] : [],
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The `*.conf` files of a folder in byte order. A missing folder is fine;
 * subfolders (also ones named `x.conf`) and backup names are skipped silently;
 * a `.conf` entry that cannot even be inspected (dangling link, link loop) is
 * reported, because someone meant it to be read.
 */
export function listConfigFolder(dir: FsPath, warn: (w: ConfigWarning) => void): FsPath[] {
  let entries: Buffer[];
  try {
    entries = readdirSync(realPath(dir), { encoding: 'buffer' });
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    const reason = errorCode(error) === 'ENOTDIR' ? 'not a folder' : describeFsError(error);
    warn(fileWarning('unreadable', dir.path, null, `folder not read: ${reason}`));
    return [];
  }
  const files: FsPath[] = [];
  for (const raw of entries.sort(Buffer.compare)) {
    let name: string;
    try {
      name = utf8.decode(raw);
    } catch {
      // Only worth a word if it would otherwise have been read.
      if (raw.toString('latin1').endsWith('.conf')) {
        warn(fileWarning('invalid-utf8', dir.path, null, `file name '${raw.toString('latin1')}' is not valid UTF-8; not read`));
      }
      continue;
    }
    if (!isConfigFileName(name)) continue;
    const file = fsPath(dir.root, join(dir.path, name));
    try {
      if (statSync(realPath(file)).isDirectory()) continue;
    } catch (error) {
      warn(fileWarning('unreadable', file.path, null, `not read: ${describeFsError(error)}`));
      continue;
    }
    files.push(file);
  }
  return files;
}
