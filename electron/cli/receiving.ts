// What the terminal says about receiving, for `receive` and `share
// --with-receive` alike (plain Node): nothing left to receive, and one line
// per upload: what came and where it was saved, or why it was refused.
import type { ShareOptions } from '../contract';
import type { SubmissionRecord } from '../core/receive';
import type { Translator } from '../../i18n/messages';
import type { receiveLimitFlags } from './common-flags';
import { UsageError, type CliContext } from './context';
import type { FlagValues } from './definition';
import { bytes, commandLine, listOf, problemLine, wordsOf } from './words';

/** `--disable-text --disable-files`: a usage error before anything starts. */
export function checkReceiveFlags(tr: Translator, flags: FlagValues<typeof receiveLimitFlags>): void {
  if (flags['disable-text'] && flags['disable-files']) throw new UsageError(tr.t('cli.commands.receive.nothingToReceive'));
}

/** The failure line when the configuration turns off both files and text, else null. */
export function nothingToReceive(tr: Translator, command: string, options: ShareOptions): string | null {
  if (!options.receive.disableText || !options.receive.disableFiles) return null;
  return commandLine(tr, `oniondrop ${command}`, tr.t('cli.receive.disabledInConfig'));
}

export function printSubmission(ctx: CliContext, r: SubmissionRecord): void {
  const tr = wordsOf(ctx);
  const size = r.files.reduce((n, f) => n + f.size, 0);
  const parts = [
    ...(r.files.length ? [tr.t('cli.receive.files', { count: r.files.length, size: bytes(tr, size) })] : []),
    ...(r.message ? [tr.t('cli.receive.aMessage')] : []),
  ];
  const what = listOf(tr, parts);
  const folder = r.folder ?? '?';
  if (r.outcome === 'received') ctx.out(tr.t('cli.receive.received', { what, folder }));
  else if (r.outcome === 'rejected') {
    const why = r.problem ? problemLine(r.problem, tr) : tr.t('cli.receive.notValid');
    ctx.out(what ? tr.t('cli.receive.refusedKept', { why, what, folder }) : tr.t('cli.receive.refused', { why }));
  } else ctx.out(what ? tr.t('cli.receive.cutOffKept', { what, folder }) : tr.t('cli.receive.cutOff'));
}
