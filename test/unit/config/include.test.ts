// Unit tests (plain Node): %include of files, folders and wildcards, relative paths, recursion, cycles and the depth limit.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INCLUDE_DEPTH } from '../../../electron/core/config';
import { fakeTree, SYSTEM_DIR, warningTexts } from './fake-tree';

describe('%include', () => {
  it('reads an included file as if its lines stood at the %include line', () => {
    const tree = fakeTree();
    tree.write('/opt/extra.conf', 'share.title = included\nshare.public = yes\n');
    tree.write(
      `${SYSTEM_DIR}/50.conf`,
      'share.title = before\nshare.public = no\n%include /opt/extra.conf\nshare.public = after\nshare.public = no\n',
    );
    const config = tree.load();
    expect(config.warnings.map((w) => w.message)).toEqual([
      "invalid value 'after' for 'share.public': expected true, false, yes, no, on, off, 1 or 0",
    ]);
    expect(config.values['share.title']).toBe('included');
    expect(config.origins['share.title']).toEqual({ kind: 'file', file: '/opt/extra.conf', line: 1 });
    expect(config.values['share.public']).toBe(false);
    expect(config.origins['share.public']).toEqual({ kind: 'file', file: `${SYSTEM_DIR}/50.conf`, line: 5 });
    expect(config.files).toEqual([`${SYSTEM_DIR}/50.conf`, '/opt/extra.conf']);
  });

  it('resolves a relative path against the including file, not the working directory', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/extra/more.conf`, 'share.title = relative\n');
    tree.write(`${SYSTEM_DIR}/extra/nested/deep.conf`, 'share.public = yes\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include extra/more.conf\n%include ./extra/nested/../nested/deep.conf\n');
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.values['share.title']).toBe('relative');
    expect(config.values['share.public']).toBe(true);
    expect(config.files).toContain(`${SYSTEM_DIR}/extra/nested/deep.conf`);
  });

  it('resolves a relative include in the user folder next to the user file', () => {
    const tree = fakeTree();
    tree.writeReal(join(tree.userDir, 'parts/a.conf'), 'share.title = user part\n');
    tree.writeReal(join(tree.userDir, '50_user.conf'), '%include parts/a.conf\n');
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.origins['share.title']).toEqual({ kind: 'file', file: join(tree.userDir, 'parts/a.conf'), line: 1 });
  });

  it('reads a folder like a config folder: *.conf in byte order, no dotfiles, backups or subfolders', () => {
    const tree = fakeTree();
    tree.write('/opt/parts/20_b.conf', 'share.title = 20_b\n');
    tree.write('/opt/parts/100_a.conf', 'share.title = 100_a\nshare.public = yes\n');
    tree.write('/opt/parts/.hidden.conf', 'share.title = IGNORED\n');
    tree.write('/opt/parts/30.conf~', 'share.title = IGNORED\n');
    tree.write('/opt/parts/30.conf.dpkg-old', 'share.title = IGNORED\n');
    tree.write('/opt/parts/README', 'not config at all\n');
    tree.write('/opt/parts/sub/99.conf', 'share.title = IGNORED\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/parts\n');
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.files).toEqual([`${SYSTEM_DIR}/10.conf`, '/opt/parts/100_a.conf', '/opt/parts/20_b.conf']);
    expect(config.values['share.title']).toBe('20_b');
    expect(config.values['share.public']).toBe(true);
  });

  it('expands a wildcard, sorts the matches in byte order, and skips dotfiles and backups', () => {
    const tree = fakeTree();
    tree.write('/opt/w/b.conf', 'share.title = b\n');
    tree.write('/opt/w/C.conf', 'share.title = C\n');
    tree.write('/opt/w/a1.conf', 'share.title = a1\n');
    tree.write('/opt/w/.dot.conf', 'share.title = IGNORED\n');
    tree.write('/opt/w/c.conf~', 'share.title = IGNORED\n');
    tree.write('/opt/w/c.conf.rpmsave', 'share.title = IGNORED\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/w/*.conf*\n');
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.files).toEqual([`${SYSTEM_DIR}/10.conf`, '/opt/w/C.conf', '/opt/w/a1.conf', '/opt/w/b.conf']);
    expect(config.values['share.title']).toBe('b');
  });

  it('supports ? and wildcards in folder components, sorting by whole path', () => {
    const tree = fakeTree();
    tree.write('/opt/x1/p.conf', 'share.title = x1\n');
    tree.write('/opt/x2/p.conf', 'share.title = x2\n');
    tree.write('/opt/x10/p.conf', 'share.title = x10\n');
    tree.write('/opt/x3/other.conf', 'share.title = IGNORED\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/x?/p.conf\n');
    tree.write(`${SYSTEM_DIR}/20.conf`, '%include /opt/x*/p.conf\n');
    const config = tree.load();
    expect(config.files).toEqual([
      `${SYSTEM_DIR}/10.conf`,
      '/opt/x1/p.conf',
      '/opt/x2/p.conf',
      `${SYSTEM_DIR}/20.conf`,
      '/opt/x1/p.conf',
      '/opt/x10/p.conf',
      '/opt/x2/p.conf',
    ]);
    expect(config.values['share.title']).toBe('x2');
  });

  it('matches dotfiles only when the pattern starts with a dot, and treats \\* literally', () => {
    const tree = fakeTree();
    tree.write('/opt/d/.secret.conf', 'share.title = dot\n');
    tree.write('/opt/d/*.conf', 'share.public = yes\n');
    tree.write('/opt/d/plain.conf', 'share.compress = yes\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/d/.*.conf\n%include /opt/d/\\*.conf\n');
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.values['share.title']).toBe('dot');
    expect(config.values['share.public']).toBe(true);
    expect(config.values['share.compress']).toBe(false);
  });

  it('includes a folder matched by a wildcard', () => {
    const tree = fakeTree();
    tree.write('/opt/profiles/whonix/a.conf', 'share.title = whonix folder\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/profiles/w*\n');
    expect(tree.load().values['share.title']).toBe('whonix folder');
  });

  it('is silent for a wildcard matching nothing, and reports a missing path', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/none/*.conf\n%include /opt/missing.conf\n%include missing-too\n');
    expect(warningTexts(tree.load())).toEqual([
      '/etc/oniondrop.d/10.conf:2: %include: no such file or folder: /opt/missing.conf',
      '/etc/oniondrop.d/10.conf:3: %include: no such file or folder: /etc/oniondrop.d/missing-too',
    ]);
  });

  it('reports an include that cannot be read (symlink loop) at the %include line', () => {
    const tree = fakeTree();
    tree.symlink('/opt/loop.conf', 'loop.conf');
    tree.write(`${SYSTEM_DIR}/10.conf`, '\n%include /opt/loop.conf\nshare.public = yes\n');
    const config = tree.load();
    expect(config.values['share.public']).toBe(true);
    expect(warningTexts(config)).toEqual([
      '/etc/oniondrop.d/10.conf:2: %include /opt/loop.conf not read: too many levels of symbolic links',
    ]);
  });

  it('follows includes recursively', () => {
    const tree = fakeTree();
    tree.write('/opt/r/1.conf', '%include 2.conf\nshare.public = yes\n');
    tree.write('/opt/r/2.conf', '%include /opt/r/3\n');
    tree.write('/opt/r/3/x.conf', 'share.title = three levels down\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/r/1.conf\n');
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.values['share.title']).toBe('three levels down');
    expect(config.values['share.public']).toBe(true);
    expect(config.files).toEqual([`${SYSTEM_DIR}/10.conf`, '/opt/r/1.conf', '/opt/r/2.conf', '/opt/r/3/x.conf']);
  });

  it('stops a cycle with a warning naming the chain, and keeps the other settings', () => {
    const tree = fakeTree();
    tree.write('/opt/c/a.conf', 'share.title = a\n%include b.conf\n');
    tree.write('/opt/c/b.conf', 'share.public = yes\n\n%include a.conf\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/c/a.conf\nshare.compress = yes\n');
    const config = tree.load();
    expect(warningTexts(config)).toEqual([
      '/opt/c/b.conf:3: %include cycle: /opt/c/a.conf:2 -> /opt/c/b.conf:3 -> /opt/c/a.conf; not read again',
    ]);
    expect(config.warnings[0]?.code).toBe('include-cycle');
    expect(config.values['share.title']).toBe('a');
    expect(config.values['share.public']).toBe(true);
    expect(config.values['share.compress']).toBe(true);
  });

  it('stops a file including its own folder', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/10.conf`, 'share.public = yes\n%include .\n');
    tree.write(`${SYSTEM_DIR}/20.conf`, 'share.title = twenty\n');
    const config = tree.load();
    expect(warningTexts(config)).toEqual([
      '/etc/oniondrop.d/10.conf:2: %include cycle: /etc/oniondrop.d/10.conf:2 -> /etc/oniondrop.d/10.conf; not read again',
    ]);
    // 20.conf is read twice: once through the include, once on its own.
    expect(config.files).toEqual([`${SYSTEM_DIR}/10.conf`, `${SYSTEM_DIR}/20.conf`, `${SYSTEM_DIR}/20.conf`]);
  });

  it('recognises a cycle through a symbolic link', () => {
    const tree = fakeTree();
    tree.write('/opt/s/a.conf', '%include link.conf\n');
    tree.symlink('/opt/s/link.conf', 'a.conf');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/s/a.conf\n');
    expect(tree.load().warnings.map((w) => w.code)).toEqual(['include-cycle']);
  });

  it(`allows ${MAX_INCLUDE_DEPTH} levels of nesting and refuses the next, like Tor`, () => {
    const tree = fakeTree();
    const levels = MAX_INCLUDE_DEPTH + 3;
    for (let i = 1; i <= levels; i++) {
      tree.write(`/opt/deep/${i}.conf`, `share.title = level ${i}\n%include ${i + 1}.conf\n`);
    }
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/deep/1.conf\n');
    const config = tree.load();
    expect(config.values['share.title']).toBe(`level ${MAX_INCLUDE_DEPTH}`);
    expect(warningTexts(config)).toEqual([
      `/opt/deep/${MAX_INCLUDE_DEPTH}.conf:2: %include nested more than ${MAX_INCLUDE_DEPTH} levels deep; /opt/deep/${MAX_INCLUDE_DEPTH + 1}.conf not read`,
    ]);
  });

  it('reads absolute include paths under the given root (the fake tree)', () => {
    const tree = fakeTree();
    tree.write('/etc/oniondrop.d/extra.d/x.conf', 'share.title = under root\n');
    tree.writeReal(join(tree.userDir, '50_user.conf'), '%include /etc/oniondrop.d/extra.d\n');
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.origins['share.title']).toEqual({ kind: 'file', file: '/etc/oniondrop.d/extra.d/x.conf', line: 1 });
  });

  it('reports warnings inside included files with their own file and line', () => {
    const tree = fakeTree();
    tree.write('/opt/bad.conf', '\n\nshare.pubic = yes\n');
    tree.write(`${SYSTEM_DIR}/10.conf`, '%include /opt/bad.conf\n');
    expect(warningTexts(tree.load())).toEqual([
      "/opt/bad.conf:3: unknown option 'share.pubic' (did you mean 'share.public'?)",
    ]);
  });
});
