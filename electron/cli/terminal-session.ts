// The terminal loop every serving command shares (plain Node): runs a Session
// until it stops, fails or Ctrl-C (which removes the onion first), printing
// the steps, the address and the transfers.
import type { Problem, ShareOptions, ShareState } from '../contract';
import type { AppContext } from '../core/app-context';
import { createLinkFor } from '../core/link-factory';
import { problemOf } from '../core/problems';
import { Session, type StartServer } from '../core/session';
import { EXIT, type CliContext, type ExitCode } from './context';
import { ProgressPrinter } from './progress';
import { problemLine } from './words';

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
  const done = new Promise<ShareState>((resolveDone) => {
    session.on((e) => {
      if (e.type === 'state') {
        if (e.step) ctx.out(stepLine(e.step));
        if (e.state === 'scheduled') {
          // The address is known before the share goes live: hand it out now.
          ctx.out(`Scheduled: the share goes live at ${options.startAt}.`);
          if (session.onionInfo) printAddress(ctx, session.onionInfo.url, session.onionInfo.privateKey);
        }
        if (e.state === 'reconnecting') ctx.out('Tor went away; reconnecting (the address stays the same)...');
        if (e.state === 'stopped' || e.state === 'failed') resolveDone(e.state);
      } else if (e.type === 'transfer') progress.update(e.transfer);
      else if (e.type === 'warning') ctx.err(`warning: ${problemLine(e.problem)}`);
    });
  });

  const interrupt = (): void => {
    ctx.out(run.localOnly ? '\nStopping...' : '\nStopping (removing the onion service)...');
    void session.stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await session.start();
    if (session.state === 'ready') {
      if (session.onionInfo) printAddress(ctx, session.onionInfo.url, session.onionInfo.privateKey);
      else ctx.out(`Serving on ${session.localUrl} (local only, no Tor)`);
      for (const line of run.readyLines) ctx.out(line);
    }
    const final = await done;
    progress.finish();
    await link?.close();
    if (final === 'failed') {
      const problem: Problem = session.problem ?? { kind: 'internal', message: 'failed' };
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

function stepLine(step: NonNullable<Session['step']>): string {
  switch (step) {
    case 'connecting-tor':
      return 'Connecting to Tor...';
    case 'starting-server':
      return 'Starting the server...';
    case 'adding-onion':
      return 'Adding the onion service...';
    case 'publishing':
      return 'Publishing the onion service...';
  }
}

function printAddress(ctx: CliContext, url: string, privateKey: string | null): void {
  ctx.out(`Address: ${url}`);
  if (privateKey) ctx.out(`Private key: ${privateKey}`);
}
