// The CLI's foundation commands, run in-process against a fake root (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../../electron/cli/run';
import type { CliContext } from '../../../electron/cli/context';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'oniondrop-cli-'));
  roots.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

async function run(args: string[], root: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    root,
    env,
    home: join(root, 'home/user'),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
  };
  const code = await runCli(args, ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('oniondrop CLI', () => {
  it('--help lists the commands and every config option; --version prints the version', async () => {
    const root = tree({});
    const help = await run(['--help'], root);
    expect(help.code).toBe(0);
    expect(help.out).toContain('oniondrop config');
    expect(help.out).toContain('oniondrop detect');
    expect(help.out).toContain('server.port_range');
    expect(help.out).toContain('tor.control_socket');
    const version = await run(['--version'], root);
    expect(version.out).toMatch(/^oniondrop \d+\.\d+\.\d+$/);
  });

  it('usage errors exit 2 with one readable line', async () => {
    const root = tree({});
    const unknown = await run(['frobnicate'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe("oniondrop: unknown command 'frobnicate' (try 'oniondrop --help')");
    const badOpt = await run(['config', '--bogus'], root);
    expect(badOpt.code).toBe(2);
    expect(badOpt.err.split('\n')).toHaveLength(1);
    expect(badOpt.err).toContain('--bogus');
  });

  it('a flag value the window would refuse is a usage error naming the flag, before anything starts', async () => {
    const root = tree({ 'home/user/a.txt': 'a' });
    const file = `${root}/home/user/a.txt`;
    for (const [args, flag] of [
      [['share', '--persistent', '', file], '--persistent'],
      [['share', '--persistent', 'a/b', file], '--persistent'],
      [['share', '--title', 'two\nlines', file], '--title'],
      [['share', '--auto-stop', String(366 * 24 * 3600), file], '--auto-stop'],
      [['website', '--persistent', '../x', `${root}/home/user`], '--persistent'],
      [['receive', '--persistent', '.hidden', '--dir', `${root}/home/user`], '--persistent'],
    ] as const) {
      const r = await run([...args], root);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err, args.join(' ')).toContain(`${flag} takes`);
    }
  });

  it('config shows each value with its origin, like git config --show-origin, and warns with file:line', async () => {
    const root = tree({
      'etc/oniondrop.d/30_whonix.conf': 'server.port_range = 17610-17620\ntor.contol_socket = /x\n',
      'home/user/.config/oniondrop/oniondrop.d/50_user.conf': 'share.public = yes\n',
    });
    const r = await run(['config'], root, { ONIONDROP_SHARE_TITLE: 'Hello', ONIONDROP_ROOT: root });
    expect(r.code).toBe(0);
    expect(r.out).toContain('file:/etc/oniondrop.d/30_whonix.conf:1\tserver.port_range = 17610-17620');
    expect(r.out).toMatch(/50_user\.conf:1\tshare\.public = true/);
    expect(r.out).toContain('env:ONIONDROP_SHARE_TITLE\tshare.title = Hello');
    expect(r.out).toMatch(/default\tserver\.listen_address = auto/);
    expect(r.err).toBe(
      "warning: /etc/oniondrop.d/30_whonix.conf:2: unknown option 'tor.contol_socket' (did you mean 'tor.control_socket'?)",
    );
  });

  it('detect on a Whonix-Workstation: 0.0.0.0, the port range, never an own tor', async () => {
    const root = tree({ 'usr/share/whonix/marker': '', 'usr/share/anon-ws-base-files/workstation': '' });
    const r = await run(['detect'], root);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/system\s+Whonix-Workstation/);
    expect(r.out).toMatch(/listen address\s+0\.0\.0\.0/);
    expect(r.out).toMatch(/port range\s+17600-17659/);
    expect(r.out).toMatch(/own tor\s+never on Whonix/);
  });

  it('detect lists where Tor settings would come from, Whonix sockets first', async () => {
    const root = tree({ 'usr/share/anon-ws-base-files/workstation': '' });
    const r = await run(['detect'], root, {
      TOR_CONTROL_IPC_PATH: '/run/anon-ws-disable-stacked-tor/127.0.0.1_9151.sock',
    });
    const tor = r.out.split('\n').filter((l) => /^\s*(tor, in order)?\s+\d\./.test(l));
    expect(tor[0]).toContain('1. unix:/run/anon-ws-disable-stacked-tor/127.0.0.1_9151.sock: TOR_CONTROL_IPC_PATH is set');
    expect(tor.some((l) => l.includes('127.0.0.1:9051'))).toBe(true);
    expect(tor.at(-1)).toContain('127.0.0.1:9151');
  });

  it('detect on plain Debian: loopback, and config can move the address', async () => {
    const plain = await run(['detect'], tree({}));
    expect(plain.out).toMatch(/system\s+not Whonix/);
    expect(plain.out).toMatch(/listen address\s+127\.0\.0\.1/);
    const moved = await run(['detect'], tree({ 'etc/oniondrop.d/10.conf': 'server.listen_address = ::1\n' }));
    expect(moved.out).toMatch(/listen address\s+::1 \(set by server.listen_address\)/);
  });
});
