// The app's one link to tor: connection by autodetection (or an own tor),
// onion services added through it, and reconnecting with backoff so that
// every onion comes back at the same address (plain Node).
//
// Required commands (PROTOCOLINFO, AUTHENTICATE, ADD_ONION, DEL_ONION) fail
// the operation with their typed error; optional ones (GETINFO version,
// status/bootstrap-phase, onions/current, SETEVENTS HS_DESC) only add a
// warning. docs/tor-control-commands.md lists every command and why.
import type { DetectInput, FoundTor } from './autodetect';
import { Backoff, realTimer, sleep, type BackoffOptions, type Sleep, type Timer } from './backoff';
import type { BootstrapStatus } from './bootstrap';
import type { TorController } from './controller';
import { TorBridgeError, TorConnectionClosedError, TorControlError, TorError } from './errors';
import { TorOnionError } from './link-errors';
import type { OnionRequest, PublishedOnion, TorLink, TorLinkError, TorLinkStatus } from './link-types';
import { LiveOnion } from './onion';
import { addOnionCommand, delOnionCommand, parseAddOnionReply } from './onion-commands';
import { openTor, type OwnTorSettings } from './open-tor';
import { PublicationTracker } from './publication';
import { checkReachable, type ReachabilityOptions, type ReachabilityResult } from './reachability';
import { newSocksIsolation } from './socks';

export interface TorLinkOptions {
  /** Where to look: config.d's tor.* settings (with origins), the environment, the root of system paths. */
  detect: DetectInput;
  /** From platform detection: any Whonix marker means never an own tor. */
  platform: { whonix: string | null; markers: readonly string[] };
  /** Our own tor when nothing answers; null: never start one. */
  ownTor: OwnTorSettings | null;
  /** Per place tried. Default 3 s. */
  connectTimeoutMs?: number;
  /** Per command. Default 10 s (a port that is not tor may never answer). */
  commandTimeoutMs?: number;
  /** How long to wait for HS_DESC UPLOADED before "published status unknown". Default 60 s. */
  publishTimeoutMs?: number;
  /** When HS_DESC cannot be watched (SETEVENTS refused), wait this long instead. Default 3 s. */
  blindPublishWaitMs?: number;
  /** Reconnect delays. Default 1 s doubling to 30 s. */
  backoff?: Partial<BackoffOptions>;
  /**
   * How often to check with GETINFO onions/current that tor still has every
   * onion, re-adding any that vanished. Needed behind onion-grater, which
   * reconnects to a restarted tor by itself: the app's connection stays up
   * while its onions are gone. Default 30 s; 0 turns it off.
   */
  watchIntervalMs?: number;
  timer?: Timer;
}

export const DEFAULT_PUBLISH_TIMEOUT_MS = 60_000;
export const DEFAULT_BLIND_PUBLISH_WAIT_MS = 3_000;
export const DEFAULT_WATCH_INTERVAL_MS = 30_000;
/** Re-adding right after a reconnect can meet the old connection's onion for a moment. */
const COLLISION_RETRIES = 3;
const COLLISION_DELAY_MS = 500;

interface Session {
  found: FoundTor;
  controller: TorController;
  tracker: PublicationTracker;
  /** GETINFO onions/current was refused here: do not ask again on this connection. */
  onionsListRefused: boolean;
  stopWatchingClose: () => void;
  /** Cancels the next onions/current check. */
  stopWatchdog: () => void;
}

const IDLE: TorLinkStatus = {
  state: 'idle',
  source: null,
  version: null,
  bootstrap: null,
  socks: null,
  socksWhy: null,
  authMethod: null,
  ownTorPid: null,
  error: null,
  warnings: [],
};

export function createTorLink(options: TorLinkOptions): TorLink {
  return new Link(options);
}

class Link implements TorLink {
  private current: TorLinkStatus = IDLE;
  private readonly statusListeners = new Set<(status: TorLinkStatus) => void>();
  private session: Session | null = null;
  private attemptInFlight: Promise<Session> | null = null;
  private reconnectLoop: Promise<void> | null = null;
  private napping: Sleep | null = null;
  /** After the first success, failures mean "reconnecting", not "unavailable". */
  private keepConnected = false;
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly onions = new Set<LiveOnion>();
  private readonly backoff: Backoff;
  private readonly timer: Timer;
  private readonly publishTimeoutMs: number;
  private readonly blindWaitMs: number;
  /** An own tor from an earlier connection: stopped before a new one starts on its DataDirectory. */
  private previousOwn: FoundTor['ownTor'];

  constructor(private readonly options: TorLinkOptions) {
    this.backoff = new Backoff(options.backoff);
    this.timer = options.timer ?? realTimer;
    this.publishTimeoutMs = options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    this.blindWaitMs = options.blindPublishWaitMs ?? DEFAULT_BLIND_PUBLISH_WAIT_MS;
  }

  get status(): TorLinkStatus {
    return this.current;
  }

  onStatus(listener: (status: TorLinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  async connect(): Promise<void> {
    await this.liveSession();
  }

  async addOnion(request: OnionRequest, onStep?: (step: 'adding-onion' | 'publishing') => void): Promise<PublishedOnion> {
    // Checked before anything is sent: a bad port or key never reaches tor.
    const line = addOnionCommand(request);
    const session = await this.liveSession();
    onStep?.('adding-onion');
    // Watching starts before ADD_ONION: the upload can be reported before its reply is read.
    const watch = session.tracker.watch();
    let onion: LiveOnion;
    try {
      const reply = await session.controller.send(line);
      const added = parseAddOnionReply(reply);
      const warnings: TorLinkError[] = [];
      const key = request.key ?? (added.privateKey !== null && added.privateKey !== 'withheld' ? added.privateKey : null);
      if (key === null) warnings.push(new TorOnionError('key-withheld', added.serviceId));
      onion = new LiveOnion(
        {
          serviceId: added.serviceId,
          key,
          port: request.port,
          clientAuth: request.clientAuth,
          label: request.label,
          isolation: newSocksIsolation(),
          warnings,
        },
        (o) => this.removeOnion(o),
      );
      this.onions.add(onion);
      // A refused SETEVENTS only makes publication unknown.
      const refused = await watch.subscription;
      if (refused && isOptionalFailure(refused, session)) onion.addWarning(refused);
      onStep?.('publishing');
      const outcome = await watch.wait(added.serviceId, this.publishTimeoutMs, this.blindWaitMs);
      onion.publishedKnown = outcome === 'uploaded';
    } finally {
      watch.end();
    }
    if (this.closed) throw new TorOnionError('link-closed', onion.serviceId);
    // A drop during the wait left it `reconnecting`; the reconnect reports `published` later.
    if (onion.state.kind === 'published') onion.setState({ kind: 'published', known: onion.publishedKnown });
    return onion;
  }

  async checkReachable(onion: PublishedOnion, options: Partial<ReachabilityOptions> = {}): Promise<ReachabilityResult> {
    if (!(onion instanceof LiveOnion) || !this.onions.has(onion)) throw new TorOnionError('not-live', onion.serviceId);
    const session = await this.liveSession();
    return checkReachable(
      {
        socks: session.found.socks,
        serviceId: onion.serviceId,
        isolation: onion.isolation,
        clientAuth: onion.clientAuth ? { privateKey: onion.clientAuth.privateKey, control: session.controller } : null,
      },
      { timer: this.timer, ...options },
    );
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  // --- connection ------------------------------------------------------

  private alive(): Session | null {
    const s = this.session;
    return s && !s.controller.closed ? s : null;
  }

  /** The connected session; connects (or retries at once while reconnecting) when there is none. */
  private async liveSession(): Promise<Session> {
    if (this.closed) throw new TorOnionError('link-closed');
    const existing = this.alive();
    if (existing) return existing;
    const session = await this.attempt();
    if (session.controller.closed) {
      throw session.controller.connection.closedBecause ?? new TorOnionError('link-closed');
    }
    return session;
  }

  /** One connection attempt at a time; concurrent callers share it. */
  private attempt(): Promise<Session> {
    this.attemptInFlight ??= this.runAttempt().finally(() => {
      this.attemptInFlight = null;
    });
    return this.attemptInFlight;
  }

  private async runAttempt(): Promise<Session> {
    const retrying = this.keepConnected;
    // While retrying, the last error stays visible until an attempt succeeds.
    this.setStatus({ ...IDLE, state: retrying ? 'reconnecting' : 'connecting', error: retrying ? this.current.error : null });
    if (this.previousOwn) {
      // Our tor exits with our connection (TAKEOWNERSHIP); make sure it has
      // before another starts on the same DataDirectory.
      await this.previousOwn.stop().catch(() => undefined);
      this.previousOwn = undefined;
    }
    let found: FoundTor;
    try {
      found = await openTor({
        detect: this.options.detect,
        platform: this.options.platform,
        ownTor: this.options.ownTor,
        ...(this.options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: this.options.connectTimeoutMs }),
        ...(this.options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: this.options.commandTimeoutMs }),
        onStartingOwn: () => this.setStatus({ state: 'starting-own' }),
        onBootstrap: (b) => this.onBootstrap(b),
        // Bridges that do not answer: said at once, while tor keeps trying.
        onBridgeStall: (error) => this.setStatus({ error }),
      });
    } catch (error) {
      if (!(error instanceof TorError)) throw error;
      this.setStatus({ state: this.keepConnected ? 'reconnecting' : 'unavailable', error });
      throw error;
    }
    if (this.closed) {
      await found.controller.close();
      await found.ownTor?.stop();
      throw new TorOnionError('link-closed');
    }
    return this.adopt(found);
  }

  private async adopt(found: FoundTor): Promise<Session> {
    const controller = found.controller;
    const warnings: TorLinkError[] = [];
    const session: Session = {
      found,
      controller,
      tracker: new PublicationTracker(controller, this.timer, (w) => this.addStatusWarning(w)),
      onionsListRefused: false,
      stopWatchingClose: () => undefined,
      stopWatchdog: () => undefined,
    };
    this.session = session;
    this.previousOwn = found.ownTor;
    this.keepConnected = true;
    session.stopWatchingClose = controller.onClose((error) => this.onDrop(session, error));

    // PROTOCOLINFO already told the version (onion-grater passes tor's through);
    // GETINFO version only when it did not.
    let version = controller.protocolInfo.torVersion ?? null;
    if (version === null) {
      try {
        version = await controller.getVersion();
      } catch (error) {
        if (!(error instanceof TorError)) throw error;
        if (isOptionalFailure(error, session)) warnings.push(error);
      }
    }
    let bootstrap: BootstrapStatus | undefined = found.ownTor?.bootstrap;
    if (!found.ownTor) {
      try {
        bootstrap = await controller.getBootstrap();
      } catch (error) {
        if (!(error instanceof TorError)) throw error;
        if (isOptionalFailure(error, session)) warnings.push(error);
      }
    }
    if (this.session !== session) return session; // dropped meanwhile; onDrop took over
    this.backoff.reset();
    this.setStatus({
      state: 'connected',
      source: { kind: found.source.kind, label: found.source.label, why: found.source.why },
      version,
      bootstrap: bootstrap ? { progress: bootstrap.progress, summary: bootstrap.summary } : null,
      socks: found.socks,
      socksWhy: found.socksWhy,
      authMethod: controller.authMethod,
      ownTorPid: found.ownTor?.pid ?? null,
      error: null,
      warnings: [...this.current.warnings, ...warnings],
    });
    void this.restoreAll(session);
    this.scheduleWatchdog(session);
    return session;
  }

  private scheduleWatchdog(session: Session): void {
    const every = this.options.watchIntervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
    if (every <= 0) return;
    session.stopWatchdog = this.timer.schedule(every, () => {
      void this.watch(session).finally(() => {
        if (this.session === session && !session.controller.closed && !session.onionsListRefused && !this.closed) {
          this.scheduleWatchdog(session);
        }
      });
    });
  }

  /** Re-adds any published onion that tor no longer lists (tor restarted behind a filter). */
  private async watch(session: Session): Promise<void> {
    const watched = [...this.onions].filter((o) => o.state.kind === 'published' && !o.removing);
    if (watched.length === 0 || session.onionsListRefused) return;
    const listed = await this.listOnions(session, (error) => this.addStatusWarning(error));
    if (listed === null || this.session !== session) return;
    const vanished = watched.filter(
      (o) => !listed.includes(o.serviceId) && this.onions.has(o) && o.state.kind === 'published' && !o.removing,
    );
    for (const o of vanished) o.setState({ kind: 'reconnecting', attempt: 1, nextRetryMs: 0 });
    await Promise.all(vanished.map((o) => this.restore(session, o)));
  }

  /**
   * `GETINFO onions/current`, an optional command: null when it failed. A
   * refusal (e.g. filtered) is remembered so this connection is not asked
   * again, and reported through `warn`.
   */
  private async listOnions(session: Session, warn: (error: TorError) => void): Promise<string[] | null> {
    try {
      return (await session.controller.getInfo('onions/current')).split(/\s+/).filter((id) => id !== '');
    } catch (error) {
      if (!(error instanceof TorError)) throw error;
      if (isOptionalFailure(error, session)) {
        session.onionsListRefused = error instanceof TorControlError;
        warn(error);
      }
      return null;
    }
  }

  private onBootstrap(b: BootstrapStatus): void {
    const recovered = b.progress >= 100 && this.current.error instanceof TorBridgeError;
    this.setStatus({ bootstrap: { progress: b.progress, summary: b.summary }, ...(recovered ? { error: null } : {}) });
  }

  private onDrop(session: Session, error: TorConnectionClosedError): void {
    if (this.session !== session) return;
    this.session = null;
    session.tracker.dispose();
    session.stopWatchdog();
    if (this.closed) return;
    this.setStatus({ state: 'reconnecting', error, ownTorPid: null });
    for (const onion of this.onions) onion.setState({ kind: 'reconnecting', attempt: 0, nextRetryMs: 0 });
    this.reconnectLoop ??= this.reconnect().finally(() => {
      this.reconnectLoop = null;
    });
  }

  private async reconnect(): Promise<void> {
    while (!this.closed && !this.alive()) {
      const delay = this.backoff.next();
      const attempt = this.backoff.attempts;
      for (const onion of this.onions) {
        if (onion.state.kind === 'reconnecting') onion.setState({ kind: 'reconnecting', attempt, nextRetryMs: delay });
      }
      this.napping = sleep(this.timer, delay);
      await this.napping.done;
      this.napping = null;
      if (this.closed || this.alive()) break;
      try {
        await this.attempt();
      } catch {
        // The status carries the error; the next round tries again.
      }
    }
  }

  // --- onions ----------------------------------------------------------

  private async restoreAll(session: Session): Promise<void> {
    const waiting = [...this.onions].filter((o) => o.state.kind === 'reconnecting');
    await Promise.all(waiting.map((o) => this.restore(session, o)));
  }

  /** ADD_ONION with the onion's own key: the same address as before. */
  private async restore(session: Session, onion: LiveOnion): Promise<void> {
    if (onion.key === null) {
      this.fail(onion, new TorOnionError('key-withheld', onion.serviceId));
      return;
    }
    const watch = session.tracker.watch();
    try {
      for (let collisions = 0; ; collisions += 1) {
        try {
          const reply = await session.controller.send(
            addOnionCommand({ port: onion.port, key: onion.key, clientAuth: onion.clientAuth }),
          );
          const added = parseAddOnionReply(reply);
          if (added.serviceId !== onion.serviceId) {
            await session.controller.send(delOnionCommand(added.serviceId)).catch(() => undefined);
            this.fail(onion, new TorOnionError('address-changed', onion.serviceId));
            return;
          }
          break;
        } catch (error) {
          if (session.controller.closed) return; // the next reconnect tries again
          // 550: tor still has this onion, usually the old connection's,
          // about to go. Once that is ruled out, it is still there: fine.
          if (error instanceof TorControlError && error.code === 550 && collisions < COLLISION_RETRIES) {
            await sleep(this.timer, COLLISION_DELAY_MS * (collisions + 1)).done;
            if (!this.onions.has(onion) || session.controller.closed) return;
            continue;
          }
          if (error instanceof TorControlError && error.code === 550) break;
          if (error instanceof TorError) {
            this.fail(onion, error);
            return;
          }
          throw error;
        }
      }
      if (!this.onions.has(onion)) {
        // Removed while being re-added: take it down again.
        await session.controller.send(delOnionCommand(onion.serviceId)).catch(() => undefined);
        return;
      }
      const refused = await watch.subscription;
      if (refused && isOptionalFailure(refused, session) && !onion.warnings.includes(refused)) onion.addWarning(refused);
      const outcome = await watch.wait(onion.serviceId, this.publishTimeoutMs, this.blindWaitMs);
      if (!this.onions.has(onion) || this.session !== session || session.controller.closed) return;
      onion.publishedKnown = outcome === 'uploaded';
      onion.setState({ kind: 'published', known: onion.publishedKnown });
    } finally {
      watch.end();
    }
  }

  private fail(onion: LiveOnion, error: TorLinkError): void {
    this.onions.delete(onion);
    onion.setState({ kind: 'failed', error });
  }

  private removeOnion(onion: LiveOnion): Promise<void> {
    onion.removing ??= this.runRemoval(onion).finally(() => {
      onion.removing = null;
    });
    return onion.removing;
  }

  /** DEL_ONION, then (when allowed) a look at onions/current that it is gone. */
  private async runRemoval(onion: LiveOnion): Promise<void> {
    if (!this.onions.has(onion)) {
      if (onion.state.kind !== 'removed' && onion.state.kind !== 'failed') onion.setState({ kind: 'removed' });
      return;
    }
    const session = this.alive();
    if (!session) {
      // Not on tor now (it went with the connection); it just will not come back.
      this.onions.delete(onion);
      onion.setState({ kind: 'removed' });
      return;
    }
    try {
      await session.controller.send(delOnionCommand(onion.serviceId));
    } catch (error) {
      const gone =
        (error instanceof TorControlError && error.code === 552) || // tor no longer knows it
        error instanceof TorConnectionClosedError; // it died with the connection
      if (!gone) throw error; // e.g. DEL_ONION filtered: it stays up until the connection closes
    }
    if (!session.onionsListRefused && !session.controller.closed) {
      const listed = await this.listOnions(session, (error) => onion.addWarning(error));
      if (listed?.includes(onion.serviceId)) throw new TorOnionError('still-listed', onion.serviceId);
    }
    this.onions.delete(onion);
    onion.setState({ kind: 'removed' });
  }

  // --- closing ---------------------------------------------------------

  private async shutdown(): Promise<void> {
    this.closed = true;
    this.napping?.wake();
    await this.attemptInFlight?.catch(() => undefined);
    for (const onion of [...this.onions]) {
      try {
        await this.removeOnion(onion);
      } catch {
        // Closing the control connection below takes it down anyway.
      }
      if (this.onions.delete(onion)) onion.setState({ kind: 'removed' });
    }
    const session = this.session;
    this.session = null;
    if (session) {
      session.stopWatchingClose();
      session.stopWatchdog();
      session.tracker.dispose();
      await session.controller.close();
    }
    await this.reconnectLoop?.catch(() => undefined);
    const own = this.previousOwn;
    this.previousOwn = undefined;
    await own?.stop();
    this.setStatus({ ...IDLE });
  }

  // --- status ----------------------------------------------------------

  private setStatus(patch: Partial<TorLinkStatus>): void {
    this.current = { ...this.current, ...patch };
    const snapshot = this.current;
    for (const listener of [...this.statusListeners]) {
      try {
        listener(snapshot);
      } catch (error) {
        process.emitWarning(`tor status listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private addStatusWarning(warning: TorLinkError): void {
    this.setStatus({ warnings: [...this.current.warnings, warning] });
  }
}

/**
 * An optional command's failure worth a warning: tor or a filter refused it.
 * A closed or timed-out connection is not a warning: the reconnect handles it.
 */
function isOptionalFailure(error: TorError, session: Session): boolean {
  return error instanceof TorControlError || (!session.controller.closed && error.kind === 'protocol');
}
