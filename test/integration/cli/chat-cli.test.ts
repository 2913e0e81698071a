// `oniondrop chat` as a user runs it (plain Node, the built CLI, --local-only):
// in a pipe, each line of stdin is a message and each line of the room a line
// of stdout; on a terminal (a real pty, through script(1)), the room's lines
// appear above the input line, which stays at the bottom; Ctrl-C tells the
// visitors the room has closed and exits 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SocketVisitor, until } from '../chat/chat-helpers';

const CLI = resolve(__dirname, '../../../dist/cli.cjs');
let dir: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-cli-chat-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  waitFor: (re: RegExp) => Promise<string>;
}

function start(command: string, args: string[]): Running {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, 'home'), ONIONDROP_ROOT: join(dir, 'root'), LANG: 'C.UTF-8', TERM: 'xterm' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  // What a terminal would show, near enough: cursor movements and erasures taken out.
  // eslint-disable-next-line no-control-regex -- terminal control sequences are the point
  const shown = (): string => out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
  return {
    child,
    output: shown,
    waitFor: async (re) => {
      const deadline = Date.now() + 30_000;
      while (!re.test(shown())) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${re}; output:\n${shown()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return shown();
    },
  };
}

const portOf = (text: string): number => Number(/Serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(text)?.[1]);

describe('oniondrop chat', () => {
  it('in a pipe: stdin lines are messages, the room is printed line by line, Ctrl-C closes the room for the visitors and exits 0', async () => {
    const cli = start(process.execPath, [CLI, 'chat', '--local-only', '--name', 'Dana', '--title', 'Desk']);
    const ready = await cli.waitFor(/Ctrl-C closes the room\./);
    expect(ready).toContain('Each line of standard input is sent as a message.');
    expect(ready).toContain('Newcomers see only what is said after they join.');
    const visitor = await new SocketVisitor({ port: portOf(ready) }).connect();
    const name = visitor.frames[0]?.t === 'hello' ? visitor.frames[0].you.name : '';
    await cli.waitFor(new RegExp(`\\* ${name} joined`));
    // A visitor's control characters are refused by the room; markup stays text.
    await visitor.say('hi <b>host</b>');
    await cli.waitFor(/\] [A-Z][a-z]+ [A-Z][a-z]+: hi <b>host<\/b>\n/);
    cli.child.stdin.write('Hello from the terminal\n');
    await until(() => visitor.messages().includes('Dana: Hello from the terminal'));
    expect(cli.output()).toMatch(/\] Dana \(host\): Hello from the terminal\n/);
    cli.child.stdin.write(`${'x'.repeat(2001)}\n`);
    await cli.waitFor(/Not sent: A message can be at most 2,000 characters long\./);

    cli.child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => cli.child.once('exit', r));
    expect(code).toBe(0);
    expect(visitor.closed).toEqual({ code: 4000, reason: 'room-closed' });
    expect(cli.output()).toContain('The room has closed.');
  });

  it('a bad --name is a usage error that says what a name must be', async () => {
    const cli = start(process.execPath, [CLI, 'chat', '--local-only', '--name', 'Eve\u202e']);
    const code = await new Promise<number | null>((r) => cli.child.once('exit', r));
    expect(code).toBe(2);
    expect(cli.output()).toContain('--name');
    expect(cli.output()).toContain('1 to 32 characters with a letter or digit');
  });

  it('on a terminal: the room prints above the input line, which stays at the bottom with what was typed; Ctrl-C stops', async () => {
    // script(1) gives the CLI a real pseudo-terminal; what we write goes to it as typing.
    const cli = start('script', ['-qfec', `${process.execPath} ${CLI} chat --local-only --name Dana`, '/dev/null']);
    const ready = await cli.waitFor(/Type a message and press Enter to send it\.[\s\S]*> /);
    const visitor = await new SocketVisitor({ port: portOf(ready) }).connect();
    cli.child.stdin.write('half a thou');
    await cli.waitFor(/> half a thou/);
    await visitor.say('a visitor speaks');
    // The visitor's line is drawn above, then the prompt with the half-typed line again.
    const shown = await cli.waitFor(/a visitor speaks[\s\S]*> half a thou/);
    expect(shown.lastIndexOf('> half a thou')).toBeGreaterThan(shown.lastIndexOf('a visitor speaks'));
    cli.child.stdin.write('ght\r');
    await until(() => visitor.messages().includes('Dana: half a thought'));
    cli.child.stdin.write('\u0003');
    const code = await new Promise<number | null>((r) => cli.child.once('exit', r));
    expect(code).toBe(0);
    await until(() => visitor.closed !== null);
    expect(visitor.closed?.code).toBe(4000);
  });
});
