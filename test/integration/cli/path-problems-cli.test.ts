// A path the CLI cannot use is explained in words, never with an internal
// code ("not-found", "special-file", "not-a-path", "EEXIST"): the built CLI,
// run as a user would, with --local-only so no tor is needed (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../../dist/cli.cjs');
let dir: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-cli-paths-'));
  writeFileSync(join(dir, 'notes.txt'), 'x');
  mkdirSync(join(dir, 'site'));
  spawnSync('mkfifo', [join(dir, 'pipe')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI to its end; returns the exit code and the last line it printed. */
function run(args: string[]): Promise<{ code: number | null; last: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, 'home'), XDG_DATA_HOME: join(dir, 'data'), ONIONDROP_ROOT: join(dir, 'root') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done) =>
    child.once('exit', (code) => done({ code, last: out.trim().split('\n').pop() ?? '' })),
  );
}

const CODES = /\b(E[A-Z]{3,}|not-found|special-file|not-a-path|not-a-folder|symlink-loop|null)\b/;

describe('a path the CLI cannot use', () => {
  it.each([
    [['share', '--local-only', '/nonexistent/notes.txt'], '“/nonexistent/notes.txt” cannot be shared. It does not exist'],
    [['share', '--local-only', '@pipe'], 'cannot be shared. It is not a regular file or folder, but a device, a socket or a pipe.'],
    [['website', '--local-only', '@notes.txt'], 'cannot be shared. It is a file; a website is served from a folder. Choose the website\'s folder.'],
    [['receive', '--local-only', '--dir', '@notes.txt'], 'OnionDrop cannot save uploads in “'],
  ])('%j: %s', async (args, expected) => {
    const { code, last } = await run(args.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a)));
    expect(code).toBe(1);
    expect(last).toContain(expected);
    expect(last).not.toMatch(CODES);
  });

  it('a receive folder that is a file says so in words', async () => {
    const { last } = await run(['receive', '--local-only', '--dir', join(dir, 'notes.txt')]);
    expect(last).toContain('It is a file, or a file is in the way: uploads are saved into a folder. Choose a folder you can write to.');
  });
});
