// `oniondrop get ADDRESS`: downloads a share over several Tor circuits, resumable and verified (plain Node).
// Ctrl-C keeps what is on disk and says how to resume; the exit status tells a script whether running
// it again can help (75, 130) or not (1).
import { readFile } from 'node:fs/promises';
import type { Problem } from '../contract';
import { loadAppContext } from '../core/app-context';
import { connectShare, GetError, keyFromClientAuthDir, openTorForGet, parseClientKey, parseShareAddress, startDownload, type GetResult, type GetTor, type ShareConnection } from '../core/get';
import { getTorOptionsFor } from '../core/link-factory';
import { problemOf } from '../core/problems';
import { describeEndpoint } from '../core/tor/endpoint';
import { errnoCode } from '../core/share/errors';
import { EXIT, UsageError, type CliContext, type ExitCode } from './context';
import { defineCommand, type Flags, type ValueKind } from './definition';
import { folder } from './flag-values';
import { getOutput, type GetOutput } from './get-output';
import { commandLine, configWarningLines, problemLine, wordsOf } from './words';

const keyText: ValueKind<string> = {
  placeholder: 'cli.values.key',
  rule: 'cli.values.keyRule',
  parse: (text) => (text.trim() === '' ? undefined : text),
};

const file: ValueKind<string> = { ...folder, placeholder: 'cli.values.file', rule: 'cli.values.fileRule' };

const streamCount: ValueKind<number> = {
  placeholder: 'cli.values.streams',
  rule: 'cli.values.streamsRule',
  parse: (text) => (/^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 16 ? Number(text) : undefined),
};

const FLAGS = {
  key: { help: 'cli.commands.get.key', value: keyText, default: { words: 'cli.help.off' } },
  'key-file': { help: 'cli.commands.get.keyFile', value: file, default: { words: 'cli.help.off' } },
  'client-auth-dir': { help: 'cli.commands.get.clientAuthDir', value: folder, default: { words: 'cli.help.off' } },
  dest: { help: 'cli.commands.get.dest', value: folder, default: { words: 'cli.defaults.currentFolder' } },
  streams: { help: 'cli.commands.get.streams', value: streamCount, default: { words: 'cli.defaults.streams' } },
  json: { help: 'cli.commands.get.json', default: { words: 'cli.help.off' } },
  restart: { help: 'cli.commands.get.restart', default: { words: 'cli.help.off' } },
} as const satisfies Flags;

/** Failures before any byte that a later try may get past (the onion not reachable yet, a busy share). */
function worthRetrying(problem: Problem): boolean {
  switch (problem.kind) {
    case 'get-onion':
      return problem.reason === 'offline' || problem.reason === 'unreachable';
    case 'get-refused':
      return problem.reason === 'busy';
    case 'get-gave-up':
    case 'tor-unreachable':
      return true;
    default:
      return false;
  }
}

export function exitCodeOf(result: GetResult): ExitCode {
  if (result.kind === 'complete') return EXIT.ok;
  if (result.kind === 'cancelled') return result.resumable ? EXIT.interrupted : EXIT.failure;
  return result.resumable ? EXIT.resumable : EXIT.failure;
}

/** The command that resumes, quoted for a POSIX shell; the key itself is never printed. */
function resumeCommand(address: string, destination: string, flags: { key: boolean; keyFile: string | null; authDir: string | null; streams?: number }): string {
  const quote = (s: string): string => (/^[\w./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['oniondrop', 'get', quote(address), '--dest', quote(destination)];
  if (flags.keyFile !== null) parts.push('--key-file', quote(flags.keyFile));
  else if (flags.authDir !== null) parts.push('--client-auth-dir', quote(flags.authDir));
  else if (flags.key) parts.push('--key', 'KEY');
  if (flags.streams !== undefined) parts.push('--streams', String(flags.streams));
  return parts.join(' ');
}

async function readKeyFile(ctx: CliContext, path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).split('\n', 1)[0] ?? '';
  } catch (error) {
    throw new UsageError(wordsOf(ctx).t('cli.commands.get.keyFileUnreadable', { file: path, code: errnoCode(error) }));
  }
}

async function readClientAuthDir(ctx: CliContext, dir: string, serviceId: string): Promise<string> {
  const found = await keyFromClientAuthDir(dir, serviceId);
  if (found.ok) return found.key;
  const tr = wordsOf(ctx);
  throw new UsageError(found.reason === 'unreadable' ? tr.t('cli.commands.get.authDirUnreadable', { dir, code: found.code }) : tr.t('cli.commands.get.authDirNoKey', { dir }));
}

export const getCommand = defineCommand({
  name: 'get',
  summary: 'cli.commands.get.summary',
  description: 'cli.commands.get.description',
  args: [{ id: 'address', placeholder: 'cli.commands.get.addressPlaceholder', help: 'cli.commands.get.address', many: false, missing: 'cli.commands.get.missing' }],
  flags: FLAGS,
  async run(input, ctx) {
    const tr = wordsOf(ctx);
    const label = 'oniondrop get';
    const { flags } = input;
    const typedAddress = input.args[0] ?? '';
    const address = parseShareAddress(typedAddress);
    if (!address.ok) throw new UsageError(problemLine(address.problem, tr));
    const keySources = [flags.key, flags['key-file'], flags['client-auth-dir']].filter((v) => v !== undefined);
    if (keySources.length > 1) throw new UsageError(tr.t('cli.commands.get.keyTwice'));
    const keyFile = flags['key-file'] ?? null;
    const authDir = flags['client-auth-dir'] ?? null;
    const keyInput = keyFile !== null ? await readKeyFile(ctx, keyFile) : authDir !== null ? await readClientAuthDir(ctx, authDir, address.value.serviceId) : (flags.key ?? null);
    let key: string | null = null;
    if (keyInput !== null) {
      const parsed = parseClientKey(keyInput, address.value.serviceId);
      if (!parsed.ok) throw new UsageError(problemLine(parsed.problem, tr));
      key = parsed.value;
    }
    const destination = flags.dest ?? process.cwd();
    const output: GetOutput = getOutput(flags.json ? 'json' : ctx.isTTY ? 'tty' : 'lines', ctx, tr);

    const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
    for (const line of configWarningLines(tr, app.config)) ctx.err(line);
    const resume = resumeCommand(`http://${address.value.host}`, destination, { key: key !== null, keyFile, authDir, streams: flags.streams });
    const fail = (problem: Problem): ExitCode => {
      const code = worthRetrying(problem) ? EXIT.resumable : EXIT.failure;
      output.failed(commandLine(tr, label, problemLine(problem, tr)), problem, code);
      return code;
    };

    // Ctrl-C while connecting ends at once; while downloading it stops the download, which keeps what it has.
    let interrupt: () => void = () => undefined;
    let interrupted = false;
    const onSignal = (): void => {
      interrupted = true;
      interrupt();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let tor: GetTor | null = null;
    let connection: ShareConnection | null = null;
    try {
      const stopped = new Promise<'interrupted'>((resolveStop) => {
        interrupt = () => resolveStop('interrupted');
      });
      const connect = async (): Promise<ShareConnection> => {
        tor = await openTorForGet(getTorOptionsFor(app), key !== null);
        if (!flags.json) ctx.err(tr.t('cli.get.connecting', { host: address.value.host, socks: describeEndpoint(tor.socks) }));
        return connectShare({
          address: address.value,
          route: { kind: 'tor', socks: tor.socks },
          clientKey: key !== null && tor.control ? { key, control: tor.control, whonix: tor.whonix } : null,
        });
      };
      const connecting = connect();
      const connected = await Promise.race([connecting, stopped]);
      if (connected === 'interrupted' || interrupted) {
        // A connection still on its way takes its lent key back when it arrives.
        void connecting.then(
          (late) => late.close(),
          () => undefined,
        );
        output.finish();
        ctx.out(tr.t('cli.get.interrupted'));
        return EXIT.interrupted;
      }
      connection = connected;
      output.share(connection.manifest);
      const download = startDownload(connection, {
        destination,
        streams: flags.streams,
        restart: Boolean(flags.restart),
        onEvent: (e) => output.event(e),
      });
      interrupt = () => download.cancel();
      if (interrupted) download.cancel();
      const result = await download.done;
      const code = exitCodeOf(result);
      output.result(result, code, result.kind !== 'complete' && code !== EXIT.failure ? resume : null);
      return code;
    } catch (error) {
      if (error instanceof GetError) return fail(error.problem);
      if (error instanceof UsageError) throw error;
      return fail(problemOf(error, app.platform));
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await (connection as ShareConnection | null)?.close().catch(() => undefined);
      await (tor as GetTor | null)?.close().catch(() => undefined);
    }
  },
});
