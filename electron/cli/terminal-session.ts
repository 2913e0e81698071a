// The terminal loop every serving command shares (plain Node): runs a Session
// until it stops, fails or Ctrl-C (which removes the onion first), printing
// the steps, where Tor stands (its way onto the Tor network, going away and
// coming back), the address and the transfers.
import type { Problem, ShareOptions, ShareState } from '../contract';
import { loadAppContext, type AppContext } from '../core/app-context';
import { createLinkFor } from '../core/link-factory';
import { problemOf } from '../core/problems';
import { Session, type StartServer } from '../core/session';
import type { TorLink, TorLinkStatus } from '../core/tor/link-types';
import { formatDateTime } from '../../i18n/format-time';
import type { Translator } from '../../i18n/messages';
import { EXIT, type CliContext, type ExitCode } from './context';
import { ProgressPrinter } from './progress';
import { commandLine, configWarningLines, problemLine, wordsOf } from './words';

export interface TerminalRun {
  command: string;
  app: AppContext;
  options: ShareOptions;
  startServer: StartServer;
  localOnly: boolean;
  ctx: CliContext;
  /** Who to give the address to, printed after it: for a public share, and for a private one (the key too). */
  give: { public: string; private: string };
  /** Printed once the share is ready, after the address. */
  readyLines: string[];
  stoppedLine: string;
  /** Takes part in the session while it runs (chat: the host's line in the room); returns its clean-up. */
  attach?: (session: Session) => () => void;
}

/**
 * The app context for a serving command, with the configuration's problems
 * printed first as `oniondrop config` prints them: a typo in a config file
 * should not go unnoticed just because the share started anyway.
 */
export function loadServingApp(ctx: CliContext): AppContext {
  const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
  for (const line of configWarningLines(wordsOf(ctx), app.config)) ctx.err(line);
  return app;
}

/** Runs a Session in the terminal until it stops, fails or Ctrl-C; prints steps, address and transfers. */
export async function runInTerminal(run: TerminalRun): Promise<ExitCode> {
  const { app, ctx, options } = run;
  const tr = wordsOf(ctx);
  const label = `oniondrop ${run.command}`;
  const link = run.localOnly ? null : createLinkFor(app);
  const session = new Session({
    label: run.command,
    options,
    startServer: run.startServer,
    link,
    platform: app.platform,
    listenHost: run.localOnly ? '127.0.0.1' : app.listen.host,
    portRange: app.portRange,
    keys: app.keys,
  });
  const detach = run.attach?.(session) ?? (() => undefined);
  const progress = new ProgressPrinter(ctx);
  const stopWatchingTor = link ? watchTor(tr, ctx, link, session, app.platform) : () => undefined;
  let lastState: ShareState = session.state;
  const done = new Promise<ShareState>((resolveDone) => {
    session.on((e) => {
      if (e.type === 'state') {
        const before = lastState;
        lastState = e.state;
        if (e.step) ctx.out(stepLine(tr, e.step));
        if (e.state === 'scheduled') {
          // The address is known before the share goes live: hand it out now.
          const at = options.startAt === null ? NaN : Date.parse(options.startAt);
          ctx.out(tr.t('cli.session.scheduled', { time: Number.isFinite(at) ? formatDateTime(tr.lang, at) : options.startAt }));
          if (session.onionInfo) printAddress(run, session.onionInfo.url, session.onionInfo.privateKey);
        }
        if (e.state === 'reconnecting' && before !== 'reconnecting') ctx.out(tr.t('cli.session.reconnecting'));
        if (e.state === 'ready' && before === 'reconnecting' && session.onionInfo) {
          ctx.out(tr.t('cli.session.tor.back', { url: session.onionInfo.url }));
        }
        if (e.state === 'stopped' || e.state === 'failed') resolveDone(e.state);
      } else if (e.type === 'transfer') progress.update(e.transfer);
      else if (e.type === 'warning') ctx.err(tr.t('cli.warning', { message: problemLine(e.problem, tr) }));
      else if (e.type === 'onion' && e.onion.published === 'yes' && session.state === 'ready') ctx.out(tr.t('cli.session.tor.published'));
    });
  });

  const interrupt = (): void => {
    ctx.out(`\n${tr.t(run.localOnly ? 'cli.session.stopping' : 'cli.session.stoppingOnion')}`);
    void session.stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await session.start();
    if (session.state === 'ready') {
      if (session.onionInfo) printAddress(run, session.onionInfo.url, session.onionInfo.privateKey);
      else ctx.out(tr.t('cli.session.localOnly', { url: session.localUrl }));
      for (const line of run.readyLines) ctx.out(line);
    }
    const final = await done;
    detach();
    stopWatchingTor();
    progress.finish();
    await link?.close();
    if (final === 'failed') {
      const problem: Problem = session.problem ?? { kind: 'internal', message: 'the share failed without saying why' };
      ctx.err(commandLine(tr, label, problemLine(problem, tr)));
      return EXIT.failure;
    }
    ctx.out(run.stoppedLine);
    return EXIT.ok;
  } catch (err) {
    detach();
    ctx.err(commandLine(tr, label, problemLine(problemOf(err, app.platform), tr)));
    return EXIT.failure;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

function stepLine(tr: Translator, step: NonNullable<Session['step']>): string {
  switch (step) {
    case 'connecting-tor':
      return tr.t('cli.session.connectingTor');
    case 'starting-server':
      return tr.t('cli.session.startingServer');
    case 'adding-onion':
      return tr.t('cli.session.addingOnion');
    case 'publishing':
      return tr.t('cli.session.publishing');
  }
}

/**
 * Prints where Tor stands while the share lives: its progress onto the Tor
 * network while below 100 % (and once when it gets there), and, while the
 * share is reconnecting, why the last try to reach Tor failed (each new
 * reason once). Returns the unsubscribe.
 */
function watchTor(tr: Translator, ctx: CliContext, link: TorLink, session: Session, platform: AppContext['platform']): () => void {
  const { t } = tr;
  let shownBootstrap = '';
  let belowFull = false;
  let shownRetry = '';
  const onStatus = (s: TorLinkStatus): void => {
    if (s.state === 'connected' && s.bootstrap) {
      const b = s.bootstrap;
      const key = `${b.progress}|${b.summary}|${b.warning ?? ''}`;
      if (b.progress < 100 && key !== shownBootstrap) {
        shownBootstrap = key;
        belowFull = true;
        const values = { progress: b.progress, summary: b.summary, warning: b.warning };
        ctx.out(t(b.warning ? 'cli.session.tor.offlineTrouble' : 'cli.session.tor.offline', values));
      } else if (b.progress >= 100 && belowFull) {
        belowFull = false;
        shownBootstrap = '';
        ctx.out(t('cli.session.tor.online'));
      }
    }
    if (s.state === 'connected') shownRetry = '';
    // A tor that came back says again where it stands.
    if (s.state === 'reconnecting') shownBootstrap = '';
    if (s.state === 'reconnecting' && session.state === 'reconnecting' && s.error && s.error.kind !== 'closed') {
      const line = problemLine(problemOf(s.error, platform), tr);
      if (line !== shownRetry) {
        shownRetry = line;
        ctx.out(t('cli.session.tor.retrying', { problem: line }));
      }
    }
  };
  return link.onStatus(onStatus);
}

function printAddress(run: TerminalRun, url: string, privateKey: string | null): void {
  const { t } = wordsOf(run.ctx);
  run.ctx.out(t('cli.session.address', { url }));
  if (privateKey) run.ctx.out(t('cli.session.privateKey', { key: privateKey }));
  run.ctx.out(privateKey ? run.give.private : run.give.public);
}
