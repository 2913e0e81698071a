// How the app quits (plain Node; main.ts wires it to `before-quit` and to the
// window's `close`): ask first while transfers run, stop every share (which
// sends DEL_ONION) and only then let the app exit.
//
// Closing the window is a quit on Linux, so both roads come here; without the
// `close` road the window would vanish first and nobody could be asked.

export interface QuitDeps {
  hasActiveTransfers(): boolean;
  /** Asks the user; true means quit anyway. */
  confirm(): Promise<boolean>;
  /** Stops every share and closes Tor. */
  shutdown(): Promise<void>;
  /** Quits for real (app.quit()); the request that follows is let through. */
  exit(): void;
  /** A developer log line: shutdown failed, the app quits anyway. */
  log(message: string): void;
}

export interface QuitFlow {
  /**
   * A quit or a window close was asked for. True: let it happen (the shares
   * are already stopped). False: the caller prevents it; the flow runs on and
   * calls `exit()` when done, or leaves everything running if the user cancels.
   */
  request(): boolean;
}

export function quitFlow(deps: QuitDeps): QuitFlow {
  // idle -> (asking) -> stopping -> done; a cancelled question goes back to idle.
  let state: 'idle' | 'asking' | 'stopping' | 'done' = 'idle';

  async function run(): Promise<void> {
    if (deps.hasActiveTransfers()) {
      state = 'asking';
      const quit = await deps.confirm().catch(() => false);
      if (!quit) {
        state = 'idle';
        return;
      }
    }
    state = 'stopping';
    try {
      await deps.shutdown();
    } catch (err) {
      // An app that cannot quit is worse: tor drops the onions of a closed control connection anyway.
      deps.log(`shutdown failed, quitting anyway: ${err instanceof Error ? err.message : String(err)}`);
    }
    state = 'done';
    deps.exit();
  }

  return {
    request(): boolean {
      if (state === 'done') return true;
      // A second request while asking or stopping changes nothing (no second dialog).
      if (state === 'idle') void run();
      return false;
    },
  };
}
