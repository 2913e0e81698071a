// Notices when our own tor's bootstrap through bridges stops moving (plain Node).
// A bridge that does not answer leaves tor retrying below 100 % for as long as
// it runs; after `afterMs` without progress this reports it once, with tor's
// last warning (e.g. "Connection refused", and the bridge's address), so the
// user reads a clear problem instead of a progress bar that never ends. tor
// keeps trying; progress afterwards arms the watch again. A transport that
// cannot reach its bridge makes tor log a warning but send no bootstrap
// warning event, so tor's log supplies the words then.
import type { BootstrapStatus } from '../bootstrap';
import { TorBridgeError } from '../errors';
import { parseKeyValues } from '../kv-line';
import type { Transport } from './bridge-line';

/** Long enough for snowflake's broker and WebRTC on a slow network. */
export const DEFAULT_BRIDGE_STALL_MS = 90_000;

export interface StallWatchOptions {
  afterMs: number;
  /** The transport named in the problem (the first one the bridges use); null for plain bridges. */
  transport: Transport | null;
  onStall: (error: TorBridgeError) => void;
  /** tor's latest logged warning, for when no bootstrap event carried one. */
  loggedWarning?: () => string | null;
}

export class BootstrapStallWatch {
  private best = -1;
  private summary = '';
  private warning: string | null = null;
  private host: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: StallWatchOptions) {
    this.arm();
  }

  /** Every bootstrap status tor reports; `rawEvent` is the STATUS_CLIENT text, which carries the bridge's address. */
  report(status: BootstrapStatus, rawEvent?: string): void {
    if (this.stopped) return;
    if (status.warning !== undefined) {
      this.warning = status.warning;
      this.host = rawEvent === undefined ? null : hostOf(rawEvent);
    }
    if (status.progress >= 100) {
      this.stop();
      return;
    }
    if (status.progress > this.best) {
      this.best = status.progress;
      this.summary = status.summary;
      this.arm();
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.options.afterMs);
    // Never the reason the app (or `oniondrop tor-check`) stays alive.
    this.timer.unref();
  }

  private fire(): void {
    if (this.stopped) return;
    this.options.onStall(
      new TorBridgeError({
        kind: 'stalled',
        transport: this.options.transport,
        progress: Math.max(this.best, 0),
        summary: this.summary,
        warning: this.warning ?? this.options.loggedWarning?.() ?? null,
        host: this.warning === null ? null : this.host,
        seconds: Math.round(this.options.afterMs / 1000),
      }),
    );
  }
}

/** HOSTADDR of a bootstrap warning (`127.0.0.1:9` or `[::1]:9`). */
function hostOf(rawEvent: string): string | null {
  try {
    return parseKeyValues(rawEvent).values.get('HOSTADDR') ?? null;
  } catch {
    return null;
  }
}
