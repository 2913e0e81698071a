// `oniondrop website DIR`: serves a folder as a static website until Ctrl-C (plain Node).
import { resolve } from 'node:path';
import { loadAppContext } from '../core/app-context';
import { stringType } from '../core/config/value-types';
import { websiteModeServer } from '../core/modes/website-mode';
import { problemOf } from '../core/problems';
import { buildCatalog } from '../core/share';
import { defaultShareOptions } from '../core/share-options';
import { parseCommandArgs } from './args';
import { optionsFromFlags } from './options-from-flags';
import type { Command } from './commands';
import { EXIT, UsageError, type CliContext, type ExitCode } from './context';
import { runInTerminal } from './terminal-session';
import { problemLine } from './words';

const OPTIONS = {
  csp: { type: 'string' },
  'no-csp': { type: 'boolean' },
  title: { type: 'string' },
  public: { type: 'boolean' },
  persistent: { type: 'string' },
  'local-only': { type: 'boolean' },
} as const;

/** A policy goes into a header as is: no control characters (they would split it), not empty. */
export function parseCspFlag(text: string): string {
  const parsed = stringType({ optional: false }).parse(text.trim(), { home: '' });
  if (!parsed.ok || parsed.value === '') {
    throw new UsageError('--csp takes a Content-Security-Policy without control characters; --no-csp sends none');
  }
  return parsed.value;
}

export const websiteCommand: Command = {
  name: 'website',
  usage: 'website [--csp POLICY|--no-csp] [--title T] [--public] [--persistent NAME] [--local-only] DIR',
  summary: 'serve a folder as a static website until Ctrl-C',
  async run(args: string[], ctx: CliContext): Promise<ExitCode> {
    const { values: flags, positionals } = parseCommandArgs(args, OPTIONS, true);
    if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('name exactly one folder to serve');
    if (flags.csp !== undefined && flags['no-csp']) throw new UsageError('--csp and --no-csp contradict each other');
    const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
    const options = optionsFromFlags(defaultShareOptions(app.config.values), {
      // A website has no "first download"; it runs until stopped.
      stopAfterFirstDownload: false,
      ...(flags.public ? { public: true } : {}),
      ...(flags.persistent !== undefined ? { persistentName: flags.persistent } : {}),
      ...(flags.title !== undefined ? { title: flags.title } : {}),
      website: {
        ...(flags.csp !== undefined ? { csp: parseCspFlag(flags.csp) } : {}),
        ...(flags['no-csp'] ? { csp: null } : {}),
      },
    });

    const root = resolve(positionals[0]);
    try {
      // Walked here to refuse a bad folder and list what will not be served before going live.
      const catalog = await buildCatalog([root], { layout: 'contents' });
      for (const s of catalog.skipped) ctx.err(`not served: ${s.path}: ${s.reason.replace(/-/g, ' ')}`);
    } catch (err) {
      ctx.err(`oniondrop website: ${problemLine(problemOf(err, app.platform))}`);
      return EXIT.failure;
    }

    return runInTerminal({
      command: 'website',
      app,
      options,
      startServer: websiteModeServer(root, options),
      localOnly: Boolean(flags['local-only']),
      ctx,
      readyLines: [
        options.website.csp === null ? 'No Content-Security-Policy is sent.' : `Content-Security-Policy: ${options.website.csp}`,
        'Ctrl-C stops the website.',
      ],
      stoppedLine: 'Website stopped.',
    });
  },
};
