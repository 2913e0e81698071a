// Following tor's way onto the Tor network on one control connection (plain Node).
// While tor is below 100 % the link subscribes to STATUS_CLIENT, so the user
// sees the percentage and tor's own words ("Connecting to a relay") instead
// of a silent wait; at 100 % it unsubscribes again. Every command here is
// optional: a refusal leaves the last known value and becomes a warning.
// Behind onion-grater, whose profiles rewrite the phase to 100 %, it never
// subscribes.
import { parseBootstrap, type BootstrapStatus } from './bootstrap';
import type { TorController } from './controller';
import { TorControlError, TorError } from './errors';
import { OptionalCommandFailure } from './link-errors';
import type { BootstrapView } from './link-types';

const EVENT = 'STATUS_CLIENT';

export function bootstrapView(status: BootstrapStatus): BootstrapView {
  const trouble = status.severity.toUpperCase() === 'WARN';
  return {
    progress: status.progress,
    summary: status.summary || status.tag,
    warning: trouble ? (status.warning ?? status.reason ?? null) : null,
  };
}

export interface BootstrapWatchOptions {
  /** Our own tor reports its bootstrap through the launcher, already subscribed: do not subscribe twice. */
  subscribe: boolean;
  onChange(view: BootstrapView): void;
  onWarning(failure: OptionalCommandFailure): void;
}

export class BootstrapWatch {
  private latest: BootstrapView | null = null;
  private subscribed = false;
  private refused = false;
  private readonly stopEvents: () => void;

  constructor(
    private readonly controller: TorController,
    private readonly options: BootstrapWatchOptions,
  ) {
    this.stopEvents = options.subscribe
      ? controller.onEvent(EVENT, (event) => {
          const status = parseBootstrap(event.body);
          if (status) this.report(bootstrapView(status));
        })
      : () => undefined;
  }

  get current(): BootstrapView | null {
    return this.latest;
  }

  /** Takes a value reported elsewhere (our own tor's launcher). */
  report(view: BootstrapView): void {
    const before = this.latest;
    this.latest = view;
    if (before?.progress !== view.progress || before.summary !== view.summary || before.warning !== view.warning) {
      this.options.onChange(view);
    }
    if (view.progress >= 100 && this.subscribed) void this.unsubscribe();
  }

  /**
   * Asks tor now (GETINFO status/bootstrap-phase); subscribes to its progress
   * while below 100 %. Null when tor cannot say (refused, or the connection
   * went away); a refusal is reported once as a warning.
   */
  async refresh(): Promise<BootstrapView | null> {
    if (this.controller.closed) return this.latest;
    let status: BootstrapStatus;
    try {
      status = await this.controller.getBootstrap();
    } catch (error) {
      if (!(error instanceof TorError)) throw error;
      if (!this.refused && isOptionalRefusal(error, this.controller)) {
        this.refused = true;
        this.options.onWarning(new OptionalCommandFailure('GETINFO status/bootstrap-phase', 'bootstrap', error));
      }
      return null;
    }
    const view = bootstrapView(status);
    this.report(view);
    if (view.progress < 100) await this.subscribe();
    return this.latest;
  }

  dispose(): void {
    this.stopEvents();
  }

  private async subscribe(): Promise<void> {
    if (!this.options.subscribe || this.subscribed || this.controller.closed) return;
    this.subscribed = true;
    try {
      await this.controller.addEvents([EVENT]);
    } catch (error) {
      if (!(error instanceof TorError)) throw error;
      if (isOptionalRefusal(error, this.controller)) {
        this.options.onWarning(new OptionalCommandFailure(`SETEVENTS ${EVENT}`, 'bootstrap', error));
      }
      // Stays marked: asking again on this connection would be refused again.
    }
  }

  private async unsubscribe(): Promise<void> {
    this.subscribed = false;
    if (this.controller.closed) return;
    await this.controller.removeEvents([EVENT]).catch((error: unknown) => {
      if (!(error instanceof TorError)) throw error;
      if (isOptionalRefusal(error, this.controller)) {
        this.options.onWarning(new OptionalCommandFailure(`SETEVENTS (without ${EVENT})`, 'unsubscribe', error));
      }
    });
  }
}

/** Worth a warning: tor or a filter refused, or answered unreadably; a closed connection is the reconnect's business. */
export function isOptionalRefusal(error: TorError, controller: TorController): boolean {
  return error instanceof TorControlError || (!controller.closed && error.kind === 'protocol');
}
