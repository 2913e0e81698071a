// Unit tests (plain Node): loading config.d folders from a whole fake tree: precedence, order, ignored names, faults, origins, environment.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OptionKey } from '../../../electron/core/config';
import { MAX_FILE_BYTES, MAX_LINE_BYTES } from '../../../electron/core/config/file-reader';
import { fakeTree, LOCAL_DIR, SYSTEM_DIR, warningTexts } from './fake-tree';

describe('loadConfig: folders and precedence', () => {
  it('uses the built-in defaults when no folder exists, without warnings', () => {
    const tree = fakeTree();
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.files).toEqual([]);
    expect(config.values['server.port_range']).toEqual({ first: 17600, last: 17659 });
    expect(config.values['receive.folder']).toBe(join(tree.home, 'OnionDrop/Received'));
    expect(config.origins['server.port_range']).toEqual({ kind: 'default' });
  });

  it('lets /usr/local/etc override /etc, and the user folder override both', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_whonix.conf`, 'server.listen_address = 0.0.0.0\nshare.public = yes\ntor.start_own = no\n');
    tree.write(`${LOCAL_DIR}/50_local.conf`, 'share.public = no\nshare.title = Local\n');
    tree.writeReal(join(tree.userDir, '10_user.conf'), 'share.title = Mine\n');
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.values['server.listen_address']).toBe('0.0.0.0');
    expect(config.values['tor.start_own']).toBe(false);
    expect(config.values['share.public']).toBe(false);
    expect(config.values['share.title']).toBe('Mine');
    expect(config.files).toEqual([
      `${SYSTEM_DIR}/30_whonix.conf`,
      `${LOCAL_DIR}/50_local.conf`,
      join(tree.userDir, '10_user.conf'),
    ]);
  });

  it('shows system files by their logical path and folders in reading order', () => {
    const tree = fakeTree();
    const config = tree.load();
    expect(config.folders.map((f) => f.dir.path)).toEqual([SYSTEM_DIR, LOCAL_DIR, tree.userDir]);
    expect(config.folders.map((f) => f.layer)).toEqual(['system', 'local', 'user']);
  });

  it('reads the user folder from an absolute XDG_CONFIG_HOME', () => {
    const tree = fakeTree();
    const xdg = join(tree.root, 'xdg');
    tree.writeReal(join(xdg, 'oniondrop/oniondrop.d/50_user.conf'), 'share.title = from xdg\n');
    tree.writeReal(join(tree.userDir, '50_user.conf'), 'share.title = from ~/.config\n');
    const config = tree.load({ XDG_CONFIG_HOME: xdg });
    expect(config.values['share.title']).toBe('from xdg');
    expect(config.warnings).toEqual([]);
  });

  it('ignores a relative XDG_CONFIG_HOME, as the XDG spec says, and says so', () => {
    const tree = fakeTree();
    tree.writeReal(join(tree.userDir, '50_user.conf'), 'share.title = from ~/.config\n');
    const config = tree.load({ XDG_CONFIG_HOME: 'relative/xdg' });
    expect(config.values['share.title']).toBe('from ~/.config');
    expect(warningTexts(config)).toEqual([
      `environment XDG_CONFIG_HOME: 'relative/xdg' is not an absolute path; using ${join(tree.home, '.config')} instead`,
    ]);
  });

  it('treats an empty XDG_CONFIG_HOME as unset', () => {
    const tree = fakeTree();
    tree.writeReal(join(tree.userDir, '50_user.conf'), 'share.title = from ~/.config\n');
    const config = tree.load({ XDG_CONFIG_HOME: '' });
    expect(config.values['share.title']).toBe('from ~/.config');
    expect(config.warnings).toEqual([]);
  });
});

describe('loadConfig: order within a folder', () => {
  it('reads files in byte order: 10_a before 9_b, uppercase before lowercase', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/9_b.conf`, 'share.title = 9_b\n');
    tree.write(`${SYSTEM_DIR}/10_a.conf`, 'share.title = 10_a\n');
    tree.write(`${SYSTEM_DIR}/Zeta.conf`, 'share.title = Zeta\n');
    tree.write(`${SYSTEM_DIR}/alpha.conf`, 'share.title = alpha\n');
    tree.write(`${SYSTEM_DIR}/\u00e9t\u00e9.conf`, 'share.title = ete\n');
    const config = tree.load();
    expect(config.files).toEqual([
      `${SYSTEM_DIR}/10_a.conf`,
      `${SYSTEM_DIR}/9_b.conf`,
      `${SYSTEM_DIR}/Zeta.conf`,
      `${SYSTEM_DIR}/alpha.conf`,
      `${SYSTEM_DIR}/\u00e9t\u00e9.conf`,
    ]);
    expect(config.values['share.title']).toBe('ete');
  });

  it('lets a later line of the same file win', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/a.conf`, 'share.title = first\nshare.title = second\n');
    const config = tree.load();
    expect(config.values['share.title']).toBe('second');
    expect(config.origins['share.title']).toEqual({ kind: 'file', file: `${SYSTEM_DIR}/a.conf`, line: 2 });
  });
});

describe('loadConfig: ignored names', () => {
  const ignored = [
    'zz.conf~',
    '.zz.conf.swp',
    '.hidden.conf',
    'zz.conf.dpkg-old',
    'zz.conf.dpkg-new',
    'zz.conf.dpkg-dist',
    'zz.conf.dpkg-tmp',
    'zz.conf.ucf-dist',
    'zz.conf.ucf-old',
    'zz.conf.rpmnew',
    'zz.conf.rpmsave',
    'zz.conf.bak',
    'zz.bak',
    'zz.txt',
    'zz',
    'zz.CONF',
    'zz.conf.orig',
  ];

  it.each(ignored)('ignores %s', (name) => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/50_real.conf`, 'share.title = real\n');
    tree.write(`${SYSTEM_DIR}/${name}`, 'share.title = IGNORED\n');
    const config = tree.load();
    expect(config.values['share.title']).toBe('real');
    expect(config.files).toEqual([`${SYSTEM_DIR}/50_real.conf`]);
    expect(config.warnings).toEqual([]);
  });

  it('ignores all of them at once, in every folder, and subfolders even when named x.conf', () => {
    const tree = fakeTree();
    for (const dir of [SYSTEM_DIR, LOCAL_DIR]) {
      for (const name of ignored) tree.write(`${dir}/${name}`, 'share.title = IGNORED\n');
      tree.write(`${dir}/sub.conf/inner.conf`, 'share.title = IGNORED\n');
      tree.write(`${dir}/sub/inner.conf`, 'share.title = IGNORED\n');
    }
    for (const name of ignored) tree.writeReal(join(tree.userDir, name), 'share.title = IGNORED\n');
    const config = tree.load();
    expect(config.values['share.title']).toBeNull();
    expect(config.files).toEqual([]);
    expect(config.warnings).toEqual([]);
  });

  it('follows a symbolic link to a file', () => {
    const tree = fakeTree();
    tree.write('/usr/share/oniondrop/whonix.conf', 'share.title = linked\n');
    tree.symlink(`${SYSTEM_DIR}/30_whonix.conf`, tree.real('/usr/share/oniondrop/whonix.conf'));
    expect(tree.load().values['share.title']).toBe('linked');
  });
});

describe('loadConfig: bad input never throws and falls back to the previous layer', () => {
  it('reports an unknown option with a suggestion, file and line', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_whonix.conf`, '# Whonix\n\n\ntor.contol_socket = /run/x\n');
    const config = tree.load();
    expect(warningTexts(config)).toEqual([
      "/etc/oniondrop.d/30_whonix.conf:4: unknown option 'tor.contol_socket' (did you mean 'tor.control_socket'?)",
    ]);
    expect(config.warnings[0]?.code).toBe('unknown-option');
    expect(config.values['tor.control_socket']).toBeNull();
  });

  it('suggests the full name for a missing section and for a case slip, and nothing for nonsense', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/a.conf`, 'control_socket = /x\nShare.Public = yes\nfrobnicate.everything = 1\n');
    expect(warningTexts(tree.load())).toEqual([
      "/etc/oniondrop.d/a.conf:1: unknown option 'control_socket' (did you mean 'tor.control_socket'?)",
      "/etc/oniondrop.d/a.conf:2: unknown option 'Share.Public' (did you mean 'share.public'?)",
      "/etc/oniondrop.d/a.conf:3: unknown option 'frobnicate.everything'",
    ]);
  });

  it.each([
    ['server.listen_address', 'localhost', 'auto, an IPv4 address'],
    ['server.port_range', '17659-17600', 'a port range FIRST-LAST'],
    ['tor.control_socket', 'run/tor/control', 'an absolute path'],
    ['tor.control_host', 'not a host', 'a host name or IP address'],
    ['tor.control_port', '70000', 'a port from 1 to 65535'],
    ['tor.start_own', 'maybe', 'true, false, yes, no'],
    ['tor.executable', 'bin/tor', 'a program name looked up in PATH'],
    ['ui.tor_settings', 'visible', 'one of auto, show, hide'],
    ['receive.max_file_size', '5 parsecs', 'a size in bytes'],
    ['receive.max_message_length', '0', 'a whole number from 1 to 1000000'],
    ['website.csp', '"a\\nb"', 'text without control characters'],
  ])('rejects %s = %s, saying what was expected, and keeps the earlier value', (key, bad, expected) => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/10_good.conf`, `share.title = kept\n`);
    tree.write(`${LOCAL_DIR}/50_bad.conf`, `# bad value\n${key} = ${bad}\n`);
    const defaults = fakeTree().load().values;
    const config = tree.load();
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]?.code).toBe('invalid-value');
    const text = warningTexts(config)[0] ?? '';
    expect(text).toMatch(new RegExp(`^${LOCAL_DIR}/50_bad\\.conf:2: invalid value '.*' for '${key.replace('.', '\\.')}': expected `));
    expect(text).toContain(expected);
    expect(text).not.toContain('\n');
    const k = key as OptionKey;
    expect(config.values[k]).toEqual(defaults[k]);
    expect(config.origins[k]).toEqual({ kind: 'default' });
    expect(config.values['share.title']).toBe('kept');
  });

  it('keeps the value of an earlier layer when a later one is bad', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_whonix.conf`, 'server.port_range = 17600-17609\n');
    tree.writeReal(join(tree.userDir, '50_user.conf'), 'server.port_range = 99999\n');
    const config = tree.load();
    expect(config.values['server.port_range']).toEqual({ first: 17600, last: 17609 });
    expect(config.origins['server.port_range']).toEqual({ kind: 'file', file: `${SYSTEM_DIR}/30_whonix.conf`, line: 1 });
    expect(warningTexts(config)).toEqual([
      `${join(tree.userDir, '50_user.conf')}:1: invalid value '99999' for 'server.port_range': expected a port range FIRST-LAST with 1 <= FIRST <= LAST <= 65535, or a single port`,
    ]);
  });

  it('never repeats a secret in a warning', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/a.conf`, 'tor.control_password = "hunter2\\n"\n');
    const texts = warningTexts(tree.load());
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("invalid value for 'tor.control_password'");
    expect(texts.join('')).not.toContain('hunter2');
  });

  it('reports malformed lines and reads the rest of the file', () => {
    const tree = fakeTree();
    tree.write(
      `${SYSTEM_DIR}/a.conf`,
      ['share.title = "unterminated', 'SocksPort 9050', 'share.public = yes', '%frobnicate x'].join('\n'),
    );
    const config = tree.load();
    expect(config.values['share.public']).toBe(true);
    expect(warningTexts(config)).toEqual([
      '/etc/oniondrop.d/a.conf:1: missing closing "',
      "/etc/oniondrop.d/a.conf:2: expected 'key = value'",
      "/etc/oniondrop.d/a.conf:4: unknown directive '%frobnicate' (only %include is supported)",
    ]);
    expect(config.warnings.map((w) => w.code)).toEqual(['syntax', 'syntax', 'syntax']);
  });

  it('skips a line that is too long and one that is not UTF-8, and accepts CRLF and a BOM', () => {
    const tree = fakeTree();
    const content = Buffer.concat([
      Buffer.from('\ufeffshare.public = yes\r\n'),
      Buffer.from(`share.title = ${'x'.repeat(MAX_LINE_BYTES)}\r\n`),
      Buffer.from('share.title = caf'),
      Buffer.from([0xe9, 0x0a]),
      Buffer.from('share.compress = on\r\n'),
    ]);
    tree.write(`${SYSTEM_DIR}/a.conf`, content);
    const config = tree.load();
    expect(config.values['share.public']).toBe(true);
    expect(config.values['share.compress']).toBe(true);
    expect(config.values['share.title']).toBeNull();
    expect(warningTexts(config)).toEqual([
      `/etc/oniondrop.d/a.conf:2: line longer than ${MAX_LINE_BYTES} bytes; ignored`,
      '/etc/oniondrop.d/a.conf:3: line is not valid UTF-8; ignored',
    ]);
  });

  it('reports a dangling symbolic link named *.conf as unreadable (fails even for root)', () => {
    const tree = fakeTree();
    tree.symlink(`${SYSTEM_DIR}/20_gone.conf`, tree.real('/nowhere/gone.conf'));
    tree.write(`${SYSTEM_DIR}/30_ok.conf`, 'share.public = yes\n');
    const config = tree.load();
    expect(config.values['share.public']).toBe(true);
    expect(warningTexts(config)).toEqual([
      '/etc/oniondrop.d/20_gone.conf: not read: no such file (a dangling symbolic link?)',
    ]);
    expect(config.warnings[0]?.code).toBe('unreadable');
  });

  it('reports a symbolic link loop named *.conf as unreadable', () => {
    const tree = fakeTree();
    tree.symlink(`${SYSTEM_DIR}/20_loop.conf`, '20_loop.conf');
    expect(warningTexts(tree.load())).toEqual([
      '/etc/oniondrop.d/20_loop.conf: not read: too many levels of symbolic links',
    ]);
  });

  it('does not hang on a FIFO named *.conf', () => {
    const tree = fakeTree();
    tree.mkdir(SYSTEM_DIR);
    execFileSync('mkfifo', [tree.real(`${SYSTEM_DIR}/20_fifo.conf`)]);
    expect(warningTexts(tree.load())).toEqual(['/etc/oniondrop.d/20_fifo.conf: not read: not a regular file']);
  });

  it('reports a *.conf file whose name is not UTF-8, and reads the others', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/10_ok.conf`, 'share.public = yes\n');
    writeFileSync(Buffer.concat([Buffer.from(tree.real(`${SYSTEM_DIR}/20_caf`)), Buffer.from([0xe9]), Buffer.from('.conf')]), 'share.public = no\n');
    const config = tree.load();
    expect(config.values['share.public']).toBe(true);
    expect(config.warnings.map((w) => w.code)).toEqual(['invalid-utf8']);
    expect(warningTexts(config)[0]).toMatch(/^\/etc\/oniondrop\.d: file name '20_caf.\.conf' is not valid UTF-8; not read$/);
  });

  it('refuses a file larger than 1 MiB', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/20_huge.conf`, `# ${'x'.repeat(100)}\n`.repeat(MAX_FILE_BYTES / 100));
    expect(warningTexts(tree.load())).toEqual(['/etc/oniondrop.d/20_huge.conf: not read: larger than 1024 KiB']);
  });

  it('reports a config folder that is a file, and still reads the others', () => {
    const tree = fakeTree();
    tree.write(SYSTEM_DIR, 'oops, a file\n');
    tree.write(`${LOCAL_DIR}/a.conf`, 'share.public = yes\n');
    const config = tree.load();
    expect(config.values['share.public']).toBe(true);
    expect(warningTexts(config)).toEqual(['/etc/oniondrop.d: folder not read: not a folder']);
  });
});

describe('loadConfig: origins', () => {
  it('records file and line, the environment, or the default, and what each value overrode', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_whonix.conf`, '# Whonix\nserver.listen_address = 0.0.0.0\nshare.public = yes\n');
    tree.write(`${LOCAL_DIR}/50_local.conf`, '\nshare.public = no\n');
    tree.writeReal(join(tree.userDir, '90_gui.conf'), 'share.public = yes\nshare.title = GUI\n');
    const config = tree.load({ ONIONDROP_SHARE_TITLE: 'From env' });

    expect(config.origins['server.listen_address']).toEqual({ kind: 'file', file: `${SYSTEM_DIR}/30_whonix.conf`, line: 2 });
    expect(config.overridden['server.listen_address']).toEqual([]);

    expect(config.origins['share.public']).toEqual({ kind: 'file', file: join(tree.userDir, '90_gui.conf'), line: 1 });
    expect(config.overridden['share.public']).toEqual([
      { kind: 'file', file: `${SYSTEM_DIR}/30_whonix.conf`, line: 3 },
      { kind: 'file', file: `${LOCAL_DIR}/50_local.conf`, line: 2 },
    ]);

    expect(config.values['share.title']).toBe('From env');
    expect(config.origins['share.title']).toEqual({ kind: 'env', name: 'ONIONDROP_SHARE_TITLE' });
    expect(config.overridden['share.title']).toEqual([{ kind: 'file', file: join(tree.userDir, '90_gui.conf'), line: 2 }]);

    expect(config.origins['tor.start_own']).toEqual({ kind: 'default' });
    expect(config.overridden['tor.start_own']).toEqual([]);
  });
});

describe('loadConfig: environment layer', () => {
  it('applies ONIONDROP_<KEY> above every file', () => {
    const tree = fakeTree();
    tree.writeReal(join(tree.userDir, '50_user.conf'), 'server.port_range = 17600-17601\n');
    const config = tree.load({
      ONIONDROP_SERVER_PORT_RANGE: '17610-17620',
      ONIONDROP_RECEIVE_FOLDER: '~/Inbox',
      ONIONDROP_SHARE_TITLE: '"quotes stay" # and so does this',
      TOR_CONTROL_PORT: '9051',
      PATH: '/usr/bin',
    });
    expect(config.warnings).toEqual([]);
    expect(config.values['server.port_range']).toEqual({ first: 17610, last: 17620 });
    expect(config.values['receive.folder']).toBe(join(tree.home, 'Inbox'));
    expect(config.values['share.title']).toBe('"quotes stay" # and so does this');
    // TOR_* variables are read by Tor autodetection, not as configuration.
    expect(config.values['tor.control_port']).toBeNull();
  });

  it('reports unknown ONIONDROP_ variables and bad values, keeping the file value', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/a.conf`, 'share.public = yes\n');
    const config = tree.load({ ONIONDROP_SHARE_PUBLC: 'no', ONIONDROP_SHARE_PUBLIC: 'perhaps' });
    expect(config.values['share.public']).toBe(true);
    expect(warningTexts(config)).toEqual([
      "environment ONIONDROP_SHARE_PUBLC: unknown option variable (did you mean 'ONIONDROP_SHARE_PUBLIC'?)",
      "environment ONIONDROP_SHARE_PUBLIC: invalid value 'perhaps' for 'share.public': expected true, false, yes, no, on, off, 1 or 0",
    ]);
  });
});
