// `oniondrop receive` and `oniondrop website` as a user runs them (--local-only: no Tor), from a
// CLI bundle the test builds itself with esbuild, like the real build does (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { connect } from 'node:net';
import { afterStop } from '../../helpers/local';
import { curl, httpRequest, postParts, run, tempDir, tree } from './helpers';

const tmp = tempDir('recv-cli');
const cli = join(tmp.path, 'cli.cjs');
const home = join(tmp.path, 'home');

beforeAll(async () => {
  await build({
    entryPoints: [resolve(__dirname, '../../../electron/cli.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: cli,
    external: ['electron'],
    logLevel: 'error',
  });
  mkdirSync(home);
}, 120_000);
afterAll(() => tmp.remove());

const env = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  XDG_DATA_HOME: join(tmp.path, 'data'),
  XDG_CONFIG_HOME: join(tmp.path, 'config'),
  // No system config files: an empty tree stands in for /.
  ONIONDROP_ROOT: join(tmp.path, 'root'),
  ONIONDROP_RECEIVE_MIN_FREE_SPACE: '0',
});

interface Cli {
  child: ChildProcess;
  output: () => string;
  waitFor: (re: RegExp) => Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

function start(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Cli {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...env(), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  const waitFor = async (re: RegExp): Promise<RegExpExecArray> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const m = re.exec(out);
      if (m) return m;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, output: () => out, waitFor, exit };
}

describe('oniondrop receive --local-only', () => {
  it('takes uploads into --dir, refuses one over --max-file-size, and stops cleanly on Ctrl-C', async () => {
    const inbox = join(tmp.path, 'inbox');
    const cli = start(['receive', '--local-only', '--dir', inbox, '--max-file-size', '1K']);
    const url = (await cli.waitFor(/Serving on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    await cli.waitFor(/Ctrl-C stops receiving/);
    expect(cli.output()).toContain(`Uploads are saved in ${inbox}`);

    const small = join(tmp.path, 'small.txt');
    writeFileSync(small, 'tiny');
    expect((await curl(['-F', `file=@${small}`, '-F', 'text=hello', `${url}/upload`])).status).toBe(200);
    await cli.waitFor(/Received 1 file \(4 B\) and a message in /);
    const [folder] = readdirSync(inbox);
    expect(readFileSync(join(inbox, folder as string, 'small.txt'), 'utf8')).toBe('tiny');

    const big = join(tmp.path, 'big.txt');
    writeFileSync(big, 'x'.repeat(5000));
    expect((await curl(['-F', `file=@${big}`, `${url}/upload`])).status).toBe(413);
    await cli.waitFor(/Refused an upload: .*larger than the limit/);

    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
    expect(cli.output()).toContain('Stopped receiving.');
    // The listener is gone: nothing more lands in the inbox.
    await afterStop(() => postParts(url, [{ name: 'file', filename: 'late.txt', data: 'late' }]));
    expect(readdirSync(inbox)).toEqual([folder]);
  });

  it('a truncated upload is refused without taking the server down, and Ctrl-C after a refusal exits at once', async () => {
    const inbox = join(tmp.path, 'inbox-hostile');
    const cli = start(['receive', '--local-only', '--dir', inbox, '--max-file-size', '1K']);
    const url = (await cli.waitFor(/Serving on (http:\/\/127\.0\.0\.1:(\d+))/))[1] as string;
    const port = Number(new URL(url).port);
    await cli.waitFor(/Ctrl-C stops receiving/);

    // Issue 13's reproduction, byte for byte: the last part never ends.
    const truncated = join(tmp.path, 't.bin');
    writeFileSync(truncated, '--B\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n\r\nabc');
    const reply = await curl(['-H', 'Content-Type: multipart/form-data; boundary=B', '--data-binary', `@${truncated}`, `${url}/upload`]);
    expect(reply.status).toBe(400);
    const small = join(tmp.path, 'after.txt');
    writeFileSync(small, 'still here');
    expect((await curl(['-F', `file=@${small}`, `${url}/upload`])).status).toBe(200);
    await cli.waitFor(/Received 1 file/);

    // A refused upload whose sender goes on sending: the server lingers to read it, but Ctrl-C ends that.
    const sender = connect({ host: '127.0.0.1', port });
    sender.on('error', () => undefined);
    await new Promise<void>((resolve) => sender.once('connect', () => resolve()));
    const boundary = 'XyZ';
    sender.write(
      `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000000\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`,
    );
    const answered = new Promise<string>((resolve) => sender.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
    const pump = setInterval(() => sender.write(Buffer.alloc(4096, 0x61)), 20);
    try {
      expect(await answered).toMatch(/^HTTP\/1\.1 413/);
      await cli.waitFor(/Refused an upload/);
      cli.child.kill('SIGINT');
      // The linger is 30 s; a user pressing Ctrl-C expects the prompt back now, not then.
      const exited = await Promise.race([cli.exit, new Promise<'lingering'>((r) => setTimeout(() => r('lingering'), 20_000))]);
      expect(exited).toBe(0);
    } finally {
      clearInterval(pump);
      sender.destroy();
    }
    expect(tree(inbox).filter((p) => p.endsWith('.part'))).toEqual([]);
  }, 60_000);

  it('receive.max_files from the configuration caps the files of one upload', async () => {
    const inbox = join(tmp.path, 'inbox-max-files');
    const cli = start(['receive', '--local-only', '--dir', inbox], { ONIONDROP_RECEIVE_MAX_FILES: '2' });
    const url = (await cli.waitFor(/Serving on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    const files = ['a', 'b', 'c'].map((name) => {
      const path = join(tmp.path, `${name}.txt`);
      writeFileSync(path, name);
      return path;
    });
    expect((await curl([...files.flatMap((f) => ['-F', `file=@${f}`]), `${url}/upload`])).status).toBe(413);
    expect((await curl([...files.slice(0, 2).flatMap((f) => ['-F', `file=@${f}`]), `${url}/upload`])).status).toBe(200);
    await cli.waitFor(/Received 2 files/);
    expect(tree(inbox).filter((p) => !p.endsWith('/'))).toHaveLength(2);
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);
  });

  it('says at start that unfinished uploads from an earlier run are in the folder, and that the disk is below the floor', async () => {
    const inbox = join(tmp.path, 'inbox-leftovers');
    mkdirSync(join(inbox, '2026-11-27_14-03-05_ab12'), { recursive: true });
    writeFileSync(join(inbox, '2026-11-27_14-03-05_ab12', 'holiday.mp4.part'), 'half a video');
    writeFileSync(join(inbox, '2026-11-27_14-03-05_ab12', 'notes.txt'), 'complete');
    const cli = start(['receive', '--local-only', '--dir', inbox], { ONIONDROP_RECEIVE_MIN_FREE_SPACE: '1000T' });
    await cli.waitFor(/Ctrl-C stops receiving/);
    expect(cli.output()).toMatch(/warning: An unfinished upload is in the receive folder\. .*2026-11-27_14-03-05_ab12/);
    expect(cli.output()).toMatch(/warning: The receive folder's disk is already nearly full\. .*receive\.min_free_space/);
    // OnionDrop reports them; it does not touch them.
    expect(tree(inbox)).toContain('2026-11-27_14-03-05_ab12/holiday.mp4.part');
    cli.child.kill('SIGINT');
    expect(await cli.exit).toBe(0);

    // A folder without leftovers and with room: no warning.
    const clean = start(['receive', '--local-only', '--dir', join(tmp.path, 'inbox-clean')]);
    await clean.waitFor(/Ctrl-C stops receiving/);
    expect(clean.output()).not.toContain('warning:');
    clean.child.kill('SIGINT');
    expect(await clean.exit).toBe(0);
  });

  it('usage mistakes exit 2 with one line', async () => {
    const bad = await run(process.execPath, [cli, 'receive', '--max-total-size', '12Q']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-total-size 12Q: must be a size in bytes, optionally with a unit, such as 500M, 2G');
    const both = await run(process.execPath, [cli, 'receive', '--disable-text', '--disable-files']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('nothing to receive');
  });
});

describe('oniondrop website --local-only', () => {
  it('serves DIR with --no-csp, and with --csp sends the given policy', async () => {
    const site = join(tmp.path, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>cli site</title>');
    const open = start(['website', '--local-only', '--no-csp', site]);
    const url = (await open.waitFor(/Serving on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    await open.waitFor(/No Content-Security-Policy is sent/);
    const page = await httpRequest(url, {});
    expect(page.body).toContain('cli site');
    expect(page.headers['content-security-policy']).toBeUndefined();
    open.child.kill('SIGINT');
    expect(await open.exit).toBe(0);

    const strict = start(['website', '--local-only', '--csp', "default-src 'none'", site]);
    const url2 = (await strict.waitFor(/Serving on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    expect((await httpRequest(url2, {})).headers['content-security-policy']).toBe("default-src 'none'");
    strict.child.kill('SIGTERM');
    expect(await strict.exit).toBe(0);
  });

  it('refuses a missing folder, a file, and contradictory flags', async () => {
    const missing = await run(process.execPath, [cli, 'website', '--local-only', join(tmp.path, 'nope')]);
    expect(missing.code).toBe(1);
    const file = join(tmp.path, 'file.html');
    writeFileSync(file, 'x');
    expect((await run(process.execPath, [cli, 'website', '--local-only', file])).code).toBe(1);
    expect((await run(process.execPath, [cli, 'website'])).code).toBe(2);
    expect((await run(process.execPath, [cli, 'website', '--csp', 'x', '--no-csp', tmp.path])).code).toBe(2);
  });

  it('--help lists both commands', async () => {
    const help = await run(process.execPath, [cli, '--help']);
    expect(help.stdout).toMatch(/^ {2}receive +let people upload/m);
    expect(help.stdout).toMatch(/^ {2}website DIR +serve a folder/m);
  });
});
