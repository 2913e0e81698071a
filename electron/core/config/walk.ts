// Walks one config file line by line, following %include as Tor does (plain Node).
//
// %include PATH: a relative PATH is resolved against the including file's
// folder; an absolute one lives under the loader's root. Wildcards are
// expanded (see glob.ts) and the matches read in byte order. A file is read as
// if its lines stood at the %include line; a folder is read like a config
// folder (its *.conf files in byte order, dotfiles, backups and subfolders
// skipped). A missing explicit path is a warning; a wildcard matching nothing
// is not. A file already being read higher up the chain is a cycle: warned
// about and not read again. Nesting is limited to Tor's 31 levels.
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { describeFsError, errorCode, MAX_LINE_BYTES, readConfigFile } from './file-reader';
import { listConfigFolder } from './folders';
import { fsPath, realPath, type FsPath } from './fs-path';
import { expandWildcards, hasWildcard, unescapeWildcards } from './glob';
import { parseLine } from './line-parser';
import { fileWarning, type ConfigWarning } from './warnings';

/** Tor's MAX_INCLUDE_RECURSION_LEVEL: a top-level file is level 0. */
export const MAX_INCLUDE_DEPTH = 31;

export interface WalkHandlers {
  /** A syntactically valid `key = value`; the key is not checked yet. */
  setting(key: string, value: string, file: string, line: number): void;
  warn(warning: ConfigWarning): void;
  /** A file that was opened and read, in reading order. */
  fileRead(file: string): void;
}

interface Frame {
  /** Canonical path, to recognise the same file reached by another name. */
  readonly canonical: string;
  readonly shown: string;
  /** The %include line through which the next frame was reached. */
  readonly line: number;
}

interface IncludeSite {
  readonly file: FsPath;
  readonly line: number;
}

class Walker {
  constructor(
    private readonly root: string,
    private readonly handlers: WalkHandlers,
  ) {}

  private warnAt(site: IncludeSite | null, file: FsPath, code: ConfigWarning['code'], message: string): void {
    this.handlers.warn(
      site ? fileWarning(code, site.file.path, site.line, message) : fileWarning(code, file.path, null, message),
    );
  }

  walkFile(file: FsPath, stack: readonly Frame[], site: IncludeSite | null): void {
    let canonical: string;
    try {
      canonical = realpathSync(realPath(file));
    } catch (error) {
      const what = site ? `%include ${file.path} not read` : 'not read';
      this.warnAt(site, file, 'unreadable', `${what}: ${describeFsError(error)}`);
      return;
    }
    const seenAt = stack.findIndex((frame) => frame.canonical === canonical);
    if (seenAt >= 0) {
      const chain = stack
        .slice(seenAt)
        .map((frame) => `${frame.shown}:${frame.line}`)
        .concat(file.path)
        .join(' -> ');
      this.warnAt(site, file, 'include-cycle', `%include cycle: ${chain}; not read again`);
      return;
    }
    if (stack.length > MAX_INCLUDE_DEPTH) {
      this.warnAt(
        site,
        file,
        'include-depth',
        `%include nested more than ${MAX_INCLUDE_DEPTH} levels deep; ${file.path} not read`,
      );
      return;
    }
    const read = readConfigFile(realPath(file));
    if (!read.ok) {
      const what = site ? `%include ${file.path} not read` : 'not read';
      this.warnAt(site, file, 'unreadable', `${what}: ${read.reason}`);
      return;
    }
    this.handlers.fileRead(file.path);

    for (const line of read.lines) {
      const at = (code: ConfigWarning['code'], message: string): void =>
        this.handlers.warn(fileWarning(code, file.path, line.number, message));
      if (line.kind === 'too-long') {
        at('line-too-long', `line longer than ${MAX_LINE_BYTES} bytes; ignored`);
        continue;
      }
      if (line.kind === 'invalid-utf8') {
        at('invalid-utf8', 'line is not valid UTF-8; ignored');
        continue;
      }
      const parsed = parseLine(line.text);
      switch (parsed.kind) {
        case 'blank':
          break;
        case 'error':
          at('syntax', parsed.message);
          break;
        case 'setting':
          this.handlers.setting(parsed.key, parsed.value, file.path, line.number);
          break;
        case 'include':
          this.include(parsed.path, { file, line: line.number }, [
            ...stack,
            { canonical, shown: file.path, line: line.number },
          ]);
          break;
      }
    }
  }

  private include(pathText: string, site: IncludeSite, stack: readonly Frame[]): void {
    const target = isAbsolute(pathText)
      ? fsPath(this.root, pathText)
      : fsPath(site.file.root, resolve(dirname(site.file.path), pathText));

    if (hasWildcard(target.path)) {
      for (const match of expandWildcards(target)) this.includeEntry(match, site, stack);
      return;
    }
    const exact = fsPath(target.root, unescapeWildcards(target.path));
    try {
      statSync(realPath(exact));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        this.handlers.warn(
          fileWarning('include-missing', site.file.path, site.line, `%include: no such file or folder: ${exact.path}`),
        );
        return;
      }
      // Let walkFile phrase it (ELOOP, EACCES, ...), once.
    }
    this.includeEntry(exact, site, stack);
  }

  private includeEntry(entry: FsPath, site: IncludeSite, stack: readonly Frame[]): void {
    let isFolder = false;
    try {
      isFolder = statSync(realPath(entry)).isDirectory();
    } catch {
      // not a folder; walkFile reports why it cannot be read
    }
    if (!isFolder) {
      this.walkFile(entry, stack, site);
      return;
    }
    const files = listConfigFolder(entry, (w) => this.handlers.warn(w));
    for (const file of files) this.walkFile(file, stack, site);
  }
}

/** Reads a top-level config file (one found in a config folder) and everything it includes. */
export function walkConfigFile(file: FsPath, root: string, handlers: WalkHandlers): void {
  new Walker(root, handlers).walkFile(file, [], null);
}
