// Waiting for an onion's descriptor to be published (HS_DESC UPLOADED), on one control connection (plain Node).
// HS_DESC is subscribed only while some onion waits for its upload: behind
// Whonix's stock onion-grater profile every HS_DESC event other than
// CREATED/UPLOAD/UPLOADED arrives as a bare `XXXredactedXXX` line (any onion
// visit on the Gateway makes some), so the less time subscribed the better.
// A refused SETEVENTS is not a failure: publication is then "unknown".
import { sleep, type Timer } from './backoff';
import type { TorController } from './controller';
import { TorError } from './errors';
import { parseHsDesc } from './hs-desc';

const EVENT = 'HS_DESC';

export type PublicationOutcome =
  /** HS_DESC UPLOADED for this onion arrived. */
  | 'uploaded'
  /** No upload seen before the timeout (tor may still be bootstrapping, or the network is off). */
  | 'timeout'
  /** Could not watch: SETEVENTS HS_DESC was refused (or the connection went away). */
  | 'unknown';

export interface PublicationWatch {
  /** null when subscribed; the error when SETEVENTS failed (the caller reports it as a warning). */
  readonly subscription: Promise<TorError | null>;
  /**
   * Resolves once the upload for `serviceId` is seen (also if it was seen
   * before this call, since the watch began), or after `timeoutMs`
   * (Infinity: never; `end()` settles it as `unknown`). When
   * subscribing failed, after `blindWaitMs` instead: a little time for the
   * descriptor to go out before the app calls the share ready.
   */
  wait(serviceId: string, timeoutMs: number, blindWaitMs: number): Promise<PublicationOutcome>;
  /** Stop watching; the last watcher unsubscribes. Idempotent. */
  end(): void;
}

interface Watcher {
  seen: Set<string>;
  target: string | null;
  resolve: ((outcome: PublicationOutcome) => void) | null;
}

export class PublicationTracker {
  private readonly watchers = new Set<Watcher>();
  private subscribed: Promise<TorError | null> | null = null;
  private refusal: TorError | null = null;
  private readonly stopEvents: () => void;
  private readonly stopClose: () => void;

  constructor(
    private readonly controller: TorController,
    private readonly timer: Timer,
    /** Told about a failed unsubscribe (optional, so a warning, never an error). */
    private readonly onWarning: (error: TorError) => void,
  ) {
    this.stopEvents = controller.onEvent(EVENT, (event) => this.onEvent(event.body));
    this.stopClose = controller.onClose(() => this.settleAll('unknown'));
  }

  watch(): PublicationWatch {
    const watcher: Watcher = { seen: new Set(), target: null, resolve: null };
    this.watchers.add(watcher);
    const subscription = this.subscribe();
    let ended = false;
    return {
      subscription,
      wait: async (serviceId, timeoutMs, blindWaitMs) => {
        if (watcher.seen.has(serviceId)) return 'uploaded';
        const failed = await subscription;
        if (watcher.seen.has(serviceId)) return 'uploaded';
        if (failed || this.controller.closed) {
          if (!this.controller.closed) await sleep(this.timer, blindWaitMs).done;
          return 'unknown';
        }
        return new Promise<PublicationOutcome>((resolve) => {
          // Infinity: until the upload is seen or the watch ends.
          const cancel = Number.isFinite(timeoutMs) ? this.timer.schedule(timeoutMs, () => settle('timeout')) : () => undefined;
          const settle = (outcome: PublicationOutcome): void => {
            cancel();
            watcher.resolve = null;
            watcher.target = null;
            resolve(outcome);
          };
          watcher.target = serviceId;
          watcher.resolve = settle;
        });
      },
      end: () => {
        if (ended) return;
        ended = true;
        watcher.resolve?.('unknown');
        this.watchers.delete(watcher);
        if (this.watchers.size === 0) this.unsubscribe();
      },
    };
  }

  /** Drops listeners (the connection is going away). */
  dispose(): void {
    this.stopEvents();
    this.stopClose();
    this.settleAll('unknown');
  }

  private subscribe(): Promise<TorError | null> {
    // Refused once on this connection: it will be refused again.
    if (this.refusal) return Promise.resolve(this.refusal);
    this.subscribed ??= this.controller.addEvents([EVENT]).then(
      () => null,
      (error: unknown) => {
        if (!(error instanceof TorError)) throw error;
        this.refusal = error;
        this.subscribed = null;
        return error;
      },
    );
    return this.subscribed;
  }

  private unsubscribe(): void {
    const current = this.subscribed;
    if (!current || this.controller.closed) return;
    this.subscribed = null;
    void current.then(async (failed) => {
      if (failed || this.controller.closed || this.watchers.size > 0 || this.subscribed) return;
      try {
        await this.controller.removeEvents([EVENT]);
      } catch (error) {
        if (!(error instanceof TorError)) {
          process.emitWarning(`unsubscribing from HS_DESC failed: ${String(error)}`);
          return;
        }
        // Still subscribed: remember that, so the next watch does not ask again.
        if (!this.subscribed && !this.controller.closed) {
          this.subscribed = Promise.resolve(null);
          this.onWarning(error);
        }
      }
    });
  }

  private onEvent(body: string): void {
    const event = parseHsDesc(body);
    if (event?.action !== 'UPLOADED' || event.serviceId === null) return;
    for (const w of this.watchers) {
      w.seen.add(event.serviceId);
      if (w.target === event.serviceId) w.resolve?.('uploaded');
    }
  }

  private settleAll(outcome: PublicationOutcome): void {
    for (const w of this.watchers) w.resolve?.(outcome);
  }
}
