// `oniondrop get` in-process without Tor (plain Node): what is refused before any connection
// (usage errors, exit 2), the key read from a client-auth folder, and the words and lines it prints.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../electron/cli/run';
import type { CliContext } from '../../../electron/cli/context';
import { exitCodeOf } from '../../../electron/cli/get-command';
import { getOutput } from '../../../electron/cli/get-output';
import { keyFromClientAuthDir, type GetFileView, type GetTotals } from '../../../electron/core/get';
import { translatorFor } from '../../../i18n/messages';

const ID = 'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad';
const KEY = 'B'.repeat(51) + 'A';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'oniondrop-get-cli-'));
  dirs.push(d);
  mkdirSync(join(d, 'home'), { recursive: true });
  return d;
}

function context(root: string, isTTY = false): { ctx: CliContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { ctx: { root, env: { LANG: 'C' }, home: join(root, 'home'), out: (l) => out.push(l), err: (l) => err.push(l), isTTY }, out, err };
}

async function run(args: string[]): Promise<{ code: number; err: string }> {
  const { ctx, err } = context(temp());
  const code = await runCli(['get', ...args], ctx);
  return { code, err: err.join('\n') };
}

describe('oniondrop get: refused before connecting', () => {
  it.each([
    [['not-an-onion.example'], /is not the address of an onion service/],
    [[`${ID}.onion`, '--streams', '0'], /--streams 0: must be a whole number from 1 to 16/],
    [[`${ID}.onion`, '--streams', '17'], /must be a whole number from 1 to 16/],
    [[`${ID}.onion`, '--key', KEY, '--client-auth-dir', '/nonexistent'], /give the key one way/],
    [[`${ID}.onion`, '--key', 'short'], /key/i],
    [[`${ID}.onion`, '--client-auth-dir', '/nonexistent/onion-auth'], /cannot read the client-auth folder \/nonexistent\/onion-auth \(ENOENT\)/],
  ])('%j: exit 2 with one line that says why', async (args, why) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(why);
    expect(err.split('\n')).toHaveLength(1);
  });
});

describe('a key from a client-auth folder', () => {
  it("takes this onion's line among tor's .auth_private files, and says when there is none", async () => {
    const dir = temp();
    writeFileSync(join(dir, 'other.auth_private'), `${'b'.repeat(56)}:descriptor:x25519:${'C'.repeat(52)}\n`);
    writeFileSync(join(dir, 'notes.txt'), `${ID}:descriptor:x25519:${'D'.repeat(52)}\n`);
    expect(await keyFromClientAuthDir(dir, ID)).toEqual({ ok: false, reason: 'no-key' });
    writeFileSync(join(dir, 'share.auth_private'), `${ID}:descriptor:x25519:${KEY}\n`);
    expect(await keyFromClientAuthDir(dir, ID)).toEqual({ ok: true, key: KEY });
  });

  it('names the folder that has no key for the address', async () => {
    const dir = temp();
    const { code, err } = await run([`${ID}.onion`, '--client-auth-dir', dir]);
    expect(code).toBe(2);
    expect(err).toContain(`the client-auth folder ${dir} has no key for this address`);
  });
});

const file = (patch: Partial<GetFileView>): GetFileView => ({ id: 0, path: 'a.bin', size: 1000, done: 0, state: 'downloading', savedAs: null, verification: null, ...patch });
const totals = (doneBytes: number): GetTotals => ({ doneBytes, totalBytes: 1000, rate: 100, etaSeconds: (1000 - doneBytes) / 100, activeStreams: 2 });

describe('what get prints', () => {
  it('plain lines: the start, a line per tenth, each file saved with its verification, the total', () => {
    const { ctx, out } = context(temp());
    const output = getOutput('lines', ctx, translatorFor('en'));
    output.event({ type: 'start', mode: 'files', destination: '/dl', statePath: '/dl/.s', streams: 4, files: [file({})], resumedBytes: 200, totals: totals(200) });
    for (const done of [250, 300, 310, 550]) output.event({ type: 'progress', totals: totals(done), files: [file({ done })] });
    output.event({ type: 'file-done', file: file({ done: 1000, state: 'done', savedAs: 'a (2).bin', verification: { method: 'sha256', sha256: 'ab' } }) });
    output.result({ kind: 'complete', destination: '/dl', files: [file({ done: 1000, state: 'done' })], bytesFetched: 800 }, 0, null);
    expect(out[0]).toBe('Downloading into /dl with 4 streams.');
    expect(out[1]).toMatch(/^Resuming: .* already here\.$/);
    // 20 % (the start), 30 %, 55 %: once per tenth, never redrawn.
    expect(out.filter((l) => /^\d+% of /.test(l)).map((l) => l.split('%')[0])).toEqual(['20', '30', '55']);
    expect(out).toContain('Saved a.bin as a (2).bin (1.0 kB), SHA-256 verified');
    expect(out.at(-1)).toMatch(/^Done: 1 file, .* in \/dl\.$/);
    for (const line of out) expect(line.includes('\u001b')).toBe(false);
  });

  it('on a terminal: a block redrawn in place, file names from the share without terminal escapes', () => {
    const { ctx, out } = context(temp(), true);
    const output = getOutput('tty', ctx, translatorFor('en'));
    const evil = file({ path: 'x\u001b]0;pwned\u0007.bin' });
    output.event({ type: 'start', mode: 'files', destination: '/dl', statePath: '/dl/.s', streams: 2, files: [evil], resumedBytes: 0, totals: totals(0) });
    output.event({ type: 'progress', totals: totals(500), files: [{ ...evil, done: 500 }] });
    const last = out.at(-1) ?? '';
    expect(last.startsWith('\u001b[2F\u001b[J')).toBe(true);
    expect(last).toMatch(/x\ufffd\]0;pwned\ufffd\.bin +\[#{12}\.{12}\] {2}50%/);
    expect(last).toMatch(/Total .* 50% of .*, 5 s left/);
  });

  it('--json: one object per line, the result with its exit code', () => {
    const { ctx, out } = context(temp());
    const output = getOutput('json', ctx, translatorFor('en'));
    output.event({ type: 'progress', totals: totals(10), files: [] });
    output.result({ kind: 'cancelled', resumable: true, bytesFetched: 10 }, 130, 'oniondrop get x');
    expect(out.map((l) => JSON.parse(l) as { type: string })).toEqual([
      { type: 'progress', totals: totals(10), files: [] },
      { type: 'result', exitCode: 130, resume: 'oniondrop get x', kind: 'cancelled', resumable: true, bytesFetched: 10 },
    ]);
  });

  it('exit codes: 0 done, 130 stopped and resumable, 75 failed and resumable, 1 otherwise', () => {
    expect(exitCodeOf({ kind: 'complete', destination: '/', files: [], bytesFetched: 0 })).toBe(0);
    expect(exitCodeOf({ kind: 'cancelled', resumable: true, bytesFetched: 0 })).toBe(130);
    expect(exitCodeOf({ kind: 'failed', resumable: true, bytesFetched: 0, problem: { kind: 'get-gave-up' } as never })).toBe(75);
    expect(exitCodeOf({ kind: 'failed', resumable: false, bytesFetched: 0, problem: { kind: 'get-gave-up' } as never })).toBe(1);
  });
});
