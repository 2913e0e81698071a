// Last-resort handlers for the whole process (plain Node; the CLI and the
// Electron main process install them): an exception nothing caught, or a
// promise rejection nobody handled, means the process is in a state no code
// expected. Running on could serve files after a share was meant to stop, or
// leave an onion published with nobody behind it. So: log the error, stop
// every live share cleanly (DEL_ONION, through each session's stop), and exit
// non-zero. Errors a request can cause never get here: the front door turns
// them into a 500 for that request.

/** Something that must be stopped before the process exits: a live session. */
export interface Stoppable {
  stop(): Promise<void>;
}

const live = new Set<Stoppable>();

/** Keep `s` on the list of what the last resort stops; the returned function takes it off. */
export function trackLive(s: Stoppable): () => void {
  live.add(s);
  return () => void live.delete(s);
}

export interface LastResortOptions {
  /** Developer log; default stderr. */
  log?: (line: string) => void;
  /** Default process.exit. */
  exit?: (code: number) => void;
  /** Stopping the shares may hang (a Tor that stopped answering); exit anyway after this. */
  stopTimeoutMs?: number;
}

/** EX_SOFTWARE from sysexits.h: an internal software error. */
export const LAST_RESORT_EXIT_CODE = 70;

let installed = false;

/** Install the handlers once per process; later calls do nothing. */
export function installLastResort(options: LastResortOptions = {}): void {
  if (installed) return;
  installed = true;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  let dying = false;

  const fatal = (what: string, err: unknown): void => {
    log(`oniondrop: ${what}: ${describe(err)}`);
    if (dying) return;
    dying = true;
    log(`oniondrop: stopping ${live.size} share(s) and exiting`);
    // Should the event loop run dry while stopping, the exit status still says so.
    process.exitCode = LAST_RESORT_EXIT_CODE;
    const timer = setTimeout(() => exit(LAST_RESORT_EXIT_CODE), stopTimeoutMs);
    void Promise.allSettled([...live].map((s) => s.stop())).then(() => {
      clearTimeout(timer);
      log('oniondrop: every share stopped');
      exit(LAST_RESORT_EXIT_CODE);
    });
  };
  process.on('uncaughtException', (err) => fatal('uncaught exception', err));
  process.on('unhandledRejection', (reason) => fatal('unhandled promise rejection', reason));
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
