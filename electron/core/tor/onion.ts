// One onion service added through the tor link, as the rest of the app sees it (plain Node).
// It keeps what is needed to add it again after tor comes back (key, port,
// client-auth key) for as long as it lives; the link drives its state.
import type { ClientAuthKeys, OnionKey, OnionState, Publication, PublishedOnion, TorLinkWarning } from './link-types';
import type { SocksIsolation } from './socks';

export interface LiveOnionInit {
  serviceId: string;
  key: OnionKey | null;
  port: number;
  clientAuth: ClientAuthKeys | null;
  label: string;
  /** The share's own SOCKS credentials, for its reachability checks. */
  isolation: SocksIsolation;
  warnings: TorLinkWarning[];
}

export class LiveOnion implements PublishedOnion {
  readonly serviceId: string;
  readonly key: OnionKey | null;
  readonly port: number;
  readonly clientAuth: ClientAuthKeys | null;
  readonly label: string;
  readonly isolation: SocksIsolation;
  readonly warnings: TorLinkWarning[];
  /** Set while a removal is under way, so two calls share it. */
  removing: Promise<void> | null = null;
  /**
   * Ends the watch that waits for a late upload (publication `offline` or
   * `not-reported`), and any timer of it; set by the link while one runs.
   */
  stopWatching: (() => void) | null = null;
  private current: OnionState = { kind: 'published', publication: { kind: 'waiting' } };
  private lastPublication: Publication = { kind: 'waiting' };
  private readonly listeners = new Set<(state: OnionState) => void>();

  constructor(
    init: LiveOnionInit,
    private readonly removeOnion: (onion: LiveOnion) => Promise<void>,
  ) {
    this.serviceId = init.serviceId;
    this.key = init.key;
    this.port = init.port;
    this.clientAuth = init.clientAuth;
    this.label = init.label;
    this.isolation = init.isolation;
    this.warnings = init.warnings;
  }

  get state(): OnionState {
    return this.current;
  }

  /** The latest publication; kept while reconnecting, so it says what it was before. */
  get publication(): Publication {
    return this.lastPublication;
  }

  get publishedKnown(): boolean {
    return this.lastPublication.kind === 'uploaded';
  }

  /** Reported to listeners; a listener that throws cannot stop the others or the link. */
  setState(state: OnionState): void {
    this.current = state;
    if (state.kind === 'published') this.lastPublication = state.publication;
    if (state.kind !== 'published') {
      this.stopWatching?.();
      this.stopWatching = null;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        process.emitWarning(`onion state listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  onState(listener: (state: OnionState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  addWarning(warning: TorLinkWarning): void {
    this.warnings.push(warning);
  }

  remove(): Promise<void> {
    return this.removeOnion(this);
  }

  /** A key must never reach a log through JSON.stringify or util.inspect. */
  toJSON(): Record<string, unknown> {
    return { serviceId: this.serviceId, label: this.label, port: this.port, state: this.current, publication: this.lastPublication };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, unknown> {
    return this.toJSON();
  }
}
