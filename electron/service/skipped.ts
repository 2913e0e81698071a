// What the catalog walk left out of a chosen folder, as the window may see it (plain Node):
// paths relative to the folder the user chose (never an absolute path they did not
// choose, such as a link's target), reasons as codes the renderer puts into words.
import { isAbsolute, relative, sep } from 'node:path';
import type { SkippedGroup, SkipReason } from '../contract';
import type { SkippedEntry } from '../core/share';

/** Listed per chosen item; the rest are only counted. */
export const MAX_LISTED_PER_ITEM = 100;

// A name may hold any byte but '/' and NUL; a newline or escape must not reach the screen raw.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;

function shown(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function reasonOf(entry: SkippedEntry): SkipReason {
  if (entry.reason === 'unreadable' && (entry.code === 'EACCES' || entry.code === 'EPERM')) return 'permission-denied';
  return entry.reason;
}

/**
 * `root` is the chosen folder's real path (the walk's paths are under it),
 * `name` the name the user sees for it. null when nothing was left out.
 */
export function skippedOf(itemId: string, root: string, name: string, entries: readonly SkippedEntry[]): SkippedGroup | null {
  if (entries.length === 0) return null;
  const files = entries.slice(0, MAX_LISTED_PER_ITEM).map((entry) => {
    const rel = relative(root, entry.path);
    // Only the chosen root itself can be outside (a duplicate); show its name then.
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    const path = inside ? `${name}/${rel.split(sep).join('/')}` : name;
    return { path: shown(path), reason: reasonOf(entry) };
  });
  return { itemId, files, total: entries.length };
}
