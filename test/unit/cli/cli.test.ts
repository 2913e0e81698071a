// The CLI run in-process against a fake root, as a user would type it: help,
// usage errors in words, config warnings, detect (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../../electron/cli/run';
import { COMMANDS } from '../../../electron/cli/commands';
import type { CliContext } from '../../../electron/cli/context';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'oniondrop-cli-'));
  roots.push(root);
  mkdirSync(join(root, 'home/user'), { recursive: true });
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

describe('oniondrop --help and --version', () => {
  it('--help lists every command with its summary, within 80 columns; --version prints the version', async () => {
    const root = tree({});
    const help = await run(['--help'], root);
    expect(help.code).toBe(0);
    for (const name of ['config', 'detect', 'tor-check', 'share', 'receive', 'website', 'help']) {
      expect(help.out).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
    }
    expect(help.out).toContain("'oniondrop COMMAND --help' explains a command and its flags.");
    expect(help.out).toContain('Exit status: 0 ok, 1 failure, 2 usage error.');
    for (const line of help.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect((await run(['-h'], root)).out).toBe(help.out);
    expect((await run(['help'], root)).out).toBe(help.out);

    const version = await run(['--version'], root);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^oniondrop \d+\.\d+\.\d+$/);
    expect((await run(['-V'], root)).out).toBe(version.out);
  });

  it('no command: the help on stderr, exit 2', async () => {
    const r = await run([], tree({}));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('Usage: oniondrop COMMAND [FLAGS]');
  });

  it.each(COMMANDS.map((c) => [c.name]))('%s --help explains every flag with its default, within 80 columns', async (name) => {
    const root = tree({});
    const help = await run([name, '--help'], root);
    expect(help.code).toBe(0);
    expect(help.err).toBe('');
    expect(help.out).toMatch(new RegExp(`^Usage: oniondrop ${name} \\[FLAGS\\]`));
    for (const line of help.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect((await run([name, '-h'], root)).out).toBe(help.out);
    expect((await run(['help', name], root)).out).toBe(help.out);

    const definition = COMMANDS.find((c) => c.name === name)!;
    // Each flag's entry, unwrapped: its term, then what it does and its default.
    const entries = help.out.replace(/\n {3,}/g, ' ').split('\n');
    for (const [flag, d] of Object.entries(definition.flags)) {
      const entry = entries.find((l) => new RegExp(`^ {2}--${flag}\\b`).test(l));
      expect(entry, `--${flag}`).toBeDefined();
      expect(entry, `--${flag}`).toMatch(/ Default: [^.]+/);
      if (d.value !== undefined) expect(entry, `--${flag}`).toMatch(new RegExp(`^ {2}--${flag} [A-Z]+ .* [A-Z]+ is .+\\.`));
      if (d.negation !== undefined) expect(entries.some((l) => l.startsWith(`  --no-${flag} `)), `--no-${flag}`).toBe(true);
    }
    expect(entries.some((l) => l.startsWith('  -h, --help '))).toBe(true);
  });

  it('share --help says what the flags take and where the defaults come from', async () => {
    const help = (await run(['share', '--help'], tree({}))).out.replace(/\n {3,}/g, ' ');
    expect(help).toContain('SECONDS is a whole number of seconds, 1 or more (at most a year). Default: never.');
    expect(help).toContain('Default: on, from the setting share.stop_after_first_download.');
    expect(help).toContain('Default: off, from the setting share.public.');
    expect(help).toMatch(/^ {2}FILE\.\.\. +The files and folders to share\.$/m);
  });
});

describe('usage errors: one line in words, exit 2', () => {
  const cases: Array<[string[], string]> = [
    [['frobnicate'], "oniondrop: unknown command 'frobnicate'; see 'oniondrop --help'"],
    [['shrae', 'x'], "oniondrop: unknown command 'shrae' (did you mean share?)"],
    [['tor-chek'], "oniondrop: unknown command 'tor-chek' (did you mean tor-check?)"],
    [['help', 'shrae'], "oniondrop: unknown command 'shrae' (did you mean share?)"],
    [['--bogus'], "oniondrop: unknown flag --bogus; see 'oniondrop --help'"],
    [['--verison'], 'oniondrop: unknown flag --verison (did you mean --version?)'],
    [['config', '--bogus'], "oniondrop config: unknown flag --bogus; see 'oniondrop config --help'"],
    [['share', '--auto-stp', '5', 'x'], 'oniondrop share: unknown flag --auto-stp (did you mean --auto-stop?)'],
    [['share', '--no-stop-after-frist', 'x'], 'oniondrop share: unknown flag --no-stop-after-frist (did you mean --no-stop-after-first?)'],
    [['receive', '--max-file-szie=1M'], 'oniondrop receive: unknown flag --max-file-szie (did you mean --max-file-size?)'],
    [['share', '-x', 'f'], "oniondrop share: unknown flag -x; see 'oniondrop share --help'"],
    [['share'], "oniondrop share: name at least one file or folder to share; see 'oniondrop share --help'"],
    [['website'], "oniondrop website: name the folder to serve; see 'oniondrop website --help'"],
    [['website', 'a', 'b'], "oniondrop website: unexpected argument 'b'; see 'oniondrop website --help'"],
    [['detect', 'now'], "oniondrop detect: unexpected argument 'now'; see 'oniondrop detect --help'"],
    [['share', 'x', '--auto-stop'], 'oniondrop share: --auto-stop needs a value: SECONDS'],
    [['share', '--stop-after-first', '--no-stop-after-first', 'x'], 'oniondrop share: --stop-after-first and --no-stop-after-first contradict each other'],
    [['website', '--csp', 'x', '--no-csp', 'd'], 'oniondrop website: --csp and --no-csp contradict each other'],
    [['receive', '--disable-text', '--disable-files'], 'oniondrop receive: --disable-text and --disable-files together leave nothing to receive'],
  ];
  it.each(cases.map(([args, line]) => [args.join(' '), args, line] as const))('%s', async (_name, args, line) => {
    const r = await run(args, tree({}));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(line);
  });
});

describe('flag values are checked, and a bad one is named with what it must be', () => {
  const SECONDS = 'must be a whole number of seconds, 1 or more (at most a year)';
  const TIME = 'must be a time to come: HH:MM (the next time the clock shows it) or an ISO 8601 date and time such as 2030-06-01T18:00';
  const SIZE = 'must be a size in bytes, optionally with a unit, such as 500M, 2G or 1.5GiB';
  const NAME = 'must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit';
  const cases: Array<[string[], string]> = [
    [['share', '--auto-stop', '-5', 'F'], `oniondrop share: --auto-stop -5: ${SECONDS}`],
    [['share', '--auto-stop', '0', 'F'], `oniondrop share: --auto-stop 0: ${SECONDS}`],
    [['share', '--auto-stop=1.5', 'F'], `oniondrop share: --auto-stop 1.5: ${SECONDS}`],
    [['share', '--auto-stop', 'soon', 'F'], `oniondrop share: --auto-stop soon: ${SECONDS}`],
    [['share', '--auto-stop', String(366 * 24 * 3600), 'F'], `oniondrop share: --auto-stop 31622400: ${SECONDS}`],
    [['share', '--start-at', '25:00', 'F'], `oniondrop share: --start-at 25:00: ${TIME}`],
    [['share', '--start-at', '2001-01-01T10:00', 'F'], `oniondrop share: --start-at 2001-01-01T10:00: ${TIME}`],
    [['share', '--start-at', 'tomorrow', 'F'], `oniondrop share: --start-at tomorrow: ${TIME}`],
    [['share', '--persistent', '', 'F'], `oniondrop share: --persistent '': ${NAME}`],
    [['share', '--persistent', 'a/b', 'F'], `oniondrop share: --persistent a/b: ${NAME}`],
    [['website', '--persistent', '../x', 'F'], `oniondrop website: --persistent ../x: ${NAME}`],
    [['receive', '--persistent', '.hidden'], `oniondrop receive: --persistent .hidden: ${NAME}`],
    [['share', '--title', 'two\nlines', 'F'], "oniondrop share: --title 'two\\nlines': must be one line of at most 200 characters"],
    [['share', '--title', 'x'.repeat(201), 'F'], `oniondrop share: --title ${'x'.repeat(201)}: must be one line of at most 200 characters`],
    [['receive', '--max-file-size', '12Q'], `oniondrop receive: --max-file-size 12Q: ${SIZE}`],
    [['receive', '--max-total-size', '-1G'], `oniondrop receive: --max-total-size -1G: ${SIZE}`],
    [['website', '--csp', '', 'F'], `oniondrop website: --csp '': must be a Content-Security-Policy on one line, such as "default-src 'self'"`],
    [['website', '--csp', "default-src 'self'\r\nX-Evil: 1", 'F'], 'oniondrop website: --csp'],
  ];
  it.each(cases.map(([args, line]) => [args.join(' '), args, line] as const))('%s', async (_name, args, line) => {
    const root = tree({ 'home/user/F': 'x' });
    const r = await run(
      args.map((a) => (a === 'F' ? join(root, 'home/user/F') : a)),
      root,
    );
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err.startsWith(line), r.err).toBe(true);
  });
});

describe('share, receive and website print the configuration problems first', () => {
  const typo = { 'etc/oniondrop.d/50_local.conf': 'share.pubic = yes\n' };
  const WARNING = "warning: /etc/oniondrop.d/50_local.conf:1: unknown option 'share.pubic' (did you mean 'share.public'?)";

  it('the same line as oniondrop config, then the command goes on', async () => {
    const root = tree(typo);
    const env = { ONIONDROP_ROOT: root };
    expect((await run(['config'], root, env)).err).toBe(WARNING);
    const share = await run(['share', join(root, 'no-such-file')], root, env);
    expect(share.code).toBe(1);
    expect(share.err.split('\n')[0]).toBe(WARNING);
    expect(share.err.split('\n')[1]).toMatch(/^oniondrop share: /);
    const website = await run(['website', join(root, 'no-such-dir')], root, env);
    expect(website.code).toBe(1);
    expect(website.err.split('\n')[0]).toBe(WARNING);
    const receive = await run(['receive'], tree({ ...typo, 'etc/oniondrop.d/60.conf': 'receive.disable_text = yes\nreceive.disable_files = yes\n' }));
    expect(receive.code).toBe(1);
    expect(receive.err.split('\n')).toEqual([
      WARNING,
      'oniondrop receive: both files and text are disabled in the configuration (receive.disable_files, receive.disable_text); nothing to receive',
    ]);
  });
});

describe('oniondrop config and detect', () => {
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
