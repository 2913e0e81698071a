// Unit tests (plain Node): `oniondrop config` output with origins, masked secrets, warnings and option help.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatEffectiveConfig,
  formatOptionsHelp,
  formatWarnings,
  optionKeys,
  SECRET_MASK,
} from '../../../electron/core/config';
import { fakeTree, SYSTEM_DIR } from './fake-tree';

describe('formatEffectiveConfig', () => {
  it('prints one ORIGIN<TAB>key = value line per option, like git config --show-origin', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_whonix.conf`, '# Whonix\nserver.listen_address = 0.0.0.0\n');
    tree.writeReal(join(tree.userDir, '50_user.conf'), 'share.title = "  spaced # title"\n');
    const text = formatEffectiveConfig(tree.load({ ONIONDROP_RECEIVE_MAX_FILE_SIZE: '2G' }));
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(optionKeys.length);
    expect(lines).toContain('file:/etc/oniondrop.d/30_whonix.conf:2\tserver.listen_address = 0.0.0.0');
    expect(lines).toContain('default\tserver.port_range = 17600-17659');
    expect(lines).toContain(`file:${join(tree.userDir, '50_user.conf')}:1\tshare.title = "  spaced # title"`);
    expect(lines).toContain('env:ONIONDROP_RECEIVE_MAX_FILE_SIZE\treceive.max_file_size = 2G');
    expect(lines).toContain(`default\treceive.folder = ${join(tree.home, 'OnionDrop/Received')}`);
    expect(lines).toContain('default\ttor.control_port = 0');
    expect(lines).toContain("default\twebsite.csp = default-src 'self'");
  });

  it('masks a set password and shows an unset one as empty', () => {
    const tree = fakeTree();
    expect(formatEffectiveConfig(tree.load())).toContain('default\ttor.control_password = \n');
    tree.write(`${SYSTEM_DIR}/a.conf`, 'tor.control_password = correct horse battery staple\n');
    const text = formatEffectiveConfig(tree.load());
    expect(text).toContain(`file:/etc/oniondrop.d/a.conf:1\ttor.control_password = ${SECRET_MASK}\n`);
    expect(text).not.toContain('horse');
  });
});

describe('formatWarnings', () => {
  it('prints one FILE:LINE: message line per warning', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_whonix.conf`, '\n\n\ntor.contol_socket = /run/x\n');
    expect(formatWarnings(tree.load({ ONIONDROP_NOPE: '1' }))).toBe(
      "/etc/oniondrop.d/30_whonix.conf:4: unknown option 'tor.contol_socket' (did you mean 'tor.control_socket'?)\n" +
        'environment ONIONDROP_NOPE: unknown option variable\n',
    );
  });
});

describe('formatOptionsHelp', () => {
  it('lists every option with its value form, doc, default and variable, within 80 columns', () => {
    const help = formatOptionsHelp();
    for (const key of optionKeys) expect(help).toContain(`  ${key} = `);
    expect(help).toContain('  server.port_range = FIRST-LAST\n');
    expect(help).toContain('Default: 17600-17659.');
    expect(help).toContain('ONIONDROP_SERVER_PORT_RANGE');
    expect(help).toContain('Default: (empty).');
    for (const line of help.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
