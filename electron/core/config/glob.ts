// Wildcard expansion for %include, with Tor's rules (plain Node).
//
// `*` matches any run of characters (also none) and `?` exactly one, within one
// path component; a backslash makes the next character literal. Names starting
// with a dot match only a pattern that starts with a dot. Matches are sorted in
// byte order of the whole path. Unlike Tor, backup and package-manager
// leftovers (`name~`, `*.dpkg-old`, ...) never match, as in config folders.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fsPath, realPath, type FsPath } from './fs-path';
import { compareBytes, isLeftoverName } from './names';

export function hasWildcard(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?') return true;
  }
  return false;
}

/** Drops the backslash of `\*`, `\?` and `\\`; other backslashes stay. */
export function unescapeWildcards(text: string): string {
  return text.replace(/\\([*?\\])/g, '$1');
}

function componentMatcher(component: string): RegExp {
  let source = '';
  for (let i = 0; i < component.length; i++) {
    const ch = component[i] ?? '';
    if (ch === '\\' && i + 1 < component.length) {
      source += escapeRegExp(component[++i] ?? '');
    } else if (ch === '*') {
      source += '[^]*';
    } else if (ch === '?') {
      source += '[^]';
    } else {
      source += escapeRegExp(ch);
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return []; // not a folder or not readable: nothing matches there
  }
}

function exists(p: FsPath): boolean {
  try {
    statSync(realPath(p));
    return true;
  } catch {
    return false;
  }
}

/** Every existing path matching `pattern`, sorted; none is not an error. */
export function expandWildcards(pattern: FsPath): FsPath[] {
  const components = pattern.path.split('/').filter((c) => c !== '');
  let candidates: string[] = ['/'];
  components.forEach((component, index) => {
    const last = index === components.length - 1;
    if (!hasWildcard(component)) {
      candidates = candidates.map((dir) => join(dir, unescapeWildcards(component)));
      return;
    }
    const matcher = componentMatcher(component);
    const dotAllowed = component.startsWith('.');
    candidates = candidates.flatMap((dir) =>
      listNames(join(pattern.root, dir))
        .filter((name) => (dotAllowed || !name.startsWith('.')) && matcher.test(name))
        .filter((name) => !last || !isLeftoverName(name))
        .map((name) => join(dir, name)),
    );
  });
  return candidates
    .sort(compareBytes)
    .map((path) => fsPath(pattern.root, path))
    .filter(exists);
}
