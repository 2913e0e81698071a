// The terminal loop every serving command shares (plain Node): runs a Session
// until it stops, fails or Ctrl-C (which removes the onion first), printing
// the steps, where Tor stands (its way onto the Tor network, going away and
// coming back), the address and the transfers.
import type { Problem, ShareOptions, ShareState } from '../contract';
import type { AppContext } from '../core/app-context';
import { createLinkFor } from '../core/link-factory';
import { problemOf } from '../core/problems';
import { Session, type StartServer } from '../core/session';
import type { TorLink, TorLinkStatus } from '../core/tor/link-types';
import { EXIT, type CliContext, type ExitCode } from './context';
import { ProgressPrinter } from './progress';
import { problemLine, words } from './words';

export interface TerminalRun {
  command: string;
  app: AppContext;
  options: ShareOptions;
  startServer: StartServer;
  localOnly: boolean;
  ctx: CliContext;
  /** Printed once the share is ready, after the address. */
  readyLines: string[];
  stoppedLine: string;
}

/** Runs a Session in the terminal until it stops, fails or Ctrl-C; prints steps, address and transfers. */
export async function runInTerminal(run: TerminalRun): Promise<ExitCode> {
  const { app, ctx, options } = run;
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
  const progress = new ProgressPrinter(ctx);
  const { t } = words;
  const stopWatchingTor = link ? watchTor(ctx, link, session, app.platform) : () => undefined;
  let lastState: ShareState = session.state;
  const done = new Promise<ShareState>((resolveDone) => {
    session.on((e) => {
      if (e.type === 'state') {
        const before = lastState;
        lastState = e.state;
        if (e.step) ctx.out(t(`terminal.steps.${e.step}`));
        if (e.state === 'scheduled') {
          // The address is known before the share goes live: hand it out now.
          ctx.out(t('terminal.scheduled', { time: options.startAt }));
          if (session.onionInfo) printAddress(ctx, session.onionInfo.url, session.onionInfo.privateKey);
        }
        if (e.state === 'reconnecting' && before !== 'reconnecting') ctx.out(t('terminal.tor.lost'));
        if (e.state === 'ready' && before === 'reconnecting' && session.onionInfo) {
          ctx.out(t('terminal.tor.back', { url: session.onionInfo.url }));
        }
        if (e.state === 'stopped' || e.state === 'failed') resolveDone(e.state);
      } else if (e.type === 'transfer') progress.update(e.transfer);
      else if (e.type === 'warning') ctx.err(t('terminal.warning', { text: problemLine(e.problem) }));
      else if (e.type === 'onion' && e.onion.published === 'yes' && session.state === 'ready') ctx.out(t('terminal.tor.published'));
    });
  });

  const interrupt = (): void => {
    ctx.out(`\n${t(run.localOnly ? 'terminal.stoppingLocal' : 'terminal.stopping')}`);
    void session.stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await session.start();
    if (session.state === 'ready') {
      if (session.onionInfo) printAddress(ctx, session.onionInfo.url, session.onionInfo.privateKey);
      else ctx.out(t('terminal.localOnly', { url: session.localUrl }));
      for (const line of run.readyLines) ctx.out(line);
    }
    const final = await done;
    stopWatchingTor();
    progress.finish();
    await link?.close();
    if (final === 'failed') {
      const problem: Problem = session.problem ?? { kind: 'internal', message: 'the share failed without saying why' };
      ctx.err(`oniondrop ${run.command}: ${problemLine(problem)}`);
      return EXIT.failure;
    }
    ctx.out(run.stoppedLine);
    return EXIT.ok;
  } catch (err) {
    ctx.err(`oniondrop ${run.command}: ${problemLine(problemOf(err, app.platform))}`);
    return EXIT.failure;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

/**
 * Prints where Tor stands while the share lives: its progress onto the Tor
 * network while below 100 % (and once when it gets there), and, while the
 * share is reconnecting, why the last try to reach Tor failed (each new
 * reason once). Returns the unsubscribe.
 */
function watchTor(ctx: CliContext, link: TorLink, session: Session, platform: AppContext['platform']): () => void {
  const { t } = words;
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
        ctx.out(t(b.warning ? 'terminal.tor.offlineTrouble' : 'terminal.tor.offline', values));
      } else if (b.progress >= 100 && belowFull) {
        belowFull = false;
        shownBootstrap = '';
        ctx.out(t('terminal.tor.online'));
      }
    }
    if (s.state === 'connected') shownRetry = '';
    // A tor that came back says again where it stands.
    if (s.state === 'reconnecting') shownBootstrap = '';
    if (s.state === 'reconnecting' && session.state === 'reconnecting' && s.error && s.error.kind !== 'closed') {
      const line = problemLine(problemOf(s.error, platform));
      if (line !== shownRetry) {
        shownRetry = line;
        ctx.out(t('terminal.tor.retrying', { problem: line }));
      }
    }
  };
  return link.onStatus(onStatus);
}

function printAddress(ctx: CliContext, url: string, privateKey: string | null): void {
  ctx.out(words.t('terminal.address', { url }));
  if (privateKey) ctx.out(words.t('terminal.privateKey', { key: privateKey }));
}
