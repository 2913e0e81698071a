// Integration tests (plain Node): the .deb's postinst/postrm run for real against a fake root (DPKG_ROOT) with Debian's update-alternatives.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { repoPath } from '../../unit/packaging/builder-config';

const POSTINST = repoPath('build/deb/after-install.sh');
const POSTRM = repoPath('build/deb/after-remove.sh');
const APP = '/opt/OnionDrop/oniondrop';
const SANDBOX = '/opt/OnionDrop/chrome-sandbox';
const LINK = '/usr/bin/oniondrop';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** An installed-looking filesystem: what dpkg has unpacked before postinst runs. */
function unpackedRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'oniondrop-dpkg-root-'));
  roots.push(root);
  for (const dir of ['etc/alternatives', 'var/lib/dpkg/alternatives', 'var/log', 'usr/bin', 'opt/OnionDrop', 'usr/share/applications']) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  writeFileSync(join(root, APP), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(root, SANDBOX), '', { mode: 0o755 });
  return root;
}

interface Run {
  status: number | null;
  output: string;
}

function runScript(script: string, arg: string, root: string, path = process.env.PATH ?? ''): Run {
  const run = spawnSync('/bin/sh', [script, arg], {
    encoding: 'utf8',
    env: { PATH: path, DPKG_ROOT: root, LC_ALL: 'C' },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Where /usr/bin/oniondrop leads inside the root, following links as the kernel would there. */
function commandTarget(root: string): string | null {
  let path = LINK;
  for (let hops = 0; hops < 10; hops++) {
    const full = join(root, path);
    if (!existsSync(full) && !isLink(full)) return null;
    if (!isLink(full)) return path;
    path = readlinkSync(full);
  }
  return null;
}

const isLink = (p: string): boolean => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * Whether an ordinary user may create a user namespace here, asked without
 * setpriv: Node drops to uid/gid 65534 itself. Only root can do that; anyone
 * else gets "no", which is also what the script concludes without root.
 */
function unprivilegedUserNamespacesWork(): boolean {
  if (process.getuid?.() !== 0) return false;
  const run = spawnSync('unshare', ['--user', 'true'], { uid: 65534, gid: 65534, stdio: 'ignore' });
  return run.status === 0;
}

/** A PATH with the tools the scripts use, minus update-alternatives (a system without it). */
function pathWithoutAlternatives(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oniondrop-path-'));
  roots.push(dir);
  for (const tool of ['readlink', 'rm', 'ln', 'chmod', 'setpriv', 'unshare', 'cp', 'true']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found) symlinkSync(found, join(dir, tool));
  }
  return dir;
}

describe('after-install.sh (postinst configure)', () => {
  let root: string;
  beforeEach(() => {
    root = unpackedRoot();
  });

  it('puts the oniondrop command on PATH through update-alternatives', () => {
    const run = runScript(POSTINST, 'configure', root);
    expect(run.status, run.output).toBe(0);
    expect(readlinkSync(join(root, LINK))).toBe('/etc/alternatives/oniondrop');
    expect(commandTarget(root)).toBe(APP);
    expect(readlinkSync(join(root, 'etc/alternatives/oniondrop'))).toBe(APP);
  });

  it('replaces a plain link left by an older install', () => {
    symlinkSync('/opt/OldName/oniondrop', join(root, LINK));
    const run = runScript(POSTINST, 'configure', root);
    expect(run.status, run.output).toBe(0);
    expect(commandTarget(root)).toBe(APP);
  });

  it('can run twice (dpkg reconfigures) and still leaves one working command', () => {
    expect(runScript(POSTINST, 'configure', root).status).toBe(0);
    const again = runScript(POSTINST, 'configure', root);
    expect(again.status, again.output).toBe(0);
    expect(commandTarget(root)).toBe(APP);
  });

  it('links directly where update-alternatives is missing', () => {
    const run = runScript(POSTINST, 'configure', root, pathWithoutAlternatives());
    expect(run.status, run.output).toBe(0);
    expect(readlinkSync(join(root, LINK))).toBe(APP);
  });

  it('gives chrome-sandbox the SUID bit exactly when ordinary users cannot use user namespaces', () => {
    const run = runScript(POSTINST, 'configure', root);
    expect(run.status, run.output).toBe(0);
    const mode = statSync(join(root, SANDBOX)).mode & 0o7777;
    expect(mode).toBe(unprivilegedUserNamespacesWork() ? 0o755 : 0o4755);
  });

  it('does nothing for arguments that are not its business', () => {
    const run = runScript(POSTINST, 'triggered', root);
    expect(run.status, run.output).toBe(0);
    expect(existsSync(join(root, LINK))).toBe(false);
  });
});

describe('after-remove.sh (postrm)', () => {
  let root: string;
  beforeEach(() => {
    root = unpackedRoot();
    const run = runScript(POSTINST, 'configure', root);
    expect(run.status, run.output).toBe(0);
  });

  it('keeps the command during an upgrade', () => {
    const run = runScript(POSTRM, 'upgrade', root);
    expect(run.status, run.output).toBe(0);
    expect(commandTarget(root)).toBe(APP);
  });

  it('removes the command and its alternative on remove, and purge after it succeeds', () => {
    const remove = runScript(POSTRM, 'remove', root);
    expect(remove.status, remove.output).toBe(0);
    expect(isLink(join(root, LINK))).toBe(false);
    expect(isLink(join(root, 'etc/alternatives/oniondrop'))).toBe(false);
    const purge = runScript(POSTRM, 'purge', root);
    expect(purge.status, purge.output).toBe(0);
  });

  it('removes the plain link of a system without update-alternatives', () => {
    const bare = unpackedRoot();
    const path = pathWithoutAlternatives();
    expect(runScript(POSTINST, 'configure', bare, path).status).toBe(0);
    const run = runScript(POSTRM, 'remove', bare, path);
    expect(run.status, run.output).toBe(0);
    expect(isLink(join(bare, LINK))).toBe(false);
  });

  it('leaves a link it did not make', () => {
    const other = unpackedRoot();
    symlinkSync('/usr/lib/something-else/oniondrop', join(other, LINK));
    const run = runScript(POSTRM, 'remove', other, pathWithoutAlternatives());
    expect(run.status, run.output).toBe(0);
    expect(readlinkSync(join(other, LINK))).toBe('/usr/lib/something-else/oniondrop');
  });
});
