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
import { BootstrapWatch, bootstrapView, isOptionalRefusal } from './bootstrap-watch';
import type { TorController } from './controller';
import { TorBridgeError, TorConnectionClosedError, TorControlError, TorError } from './errors';
import { OptionalCommandFailure, TorOnionError } from './link-errors';
import type {
  ClientAccess,
  BootstrapView,
  OnionRequest,
  Publication,
  PublishedOnion,
  TorLink,
  TorLinkError,
  TorLinkStatus,
  TorLinkWarning,
} from './link-types';
import { LiveOnion } from './onion';
import { addOnionCommand, delOnionCommand, parseAddOnionReply } from './onion-commands';
import { serviceIdOfKey } from './onion-keys';
import { openTor, type OwnTorSettings } from './open-tor';
import { PublicationTracker, type PublicationOutcome, type PublicationWatch } from './publication';
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
  bootstrap: BootstrapWatch;
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
  /** Where the last connection came from: a reconnect goes back there, and starts a tor only if it was ours. */
  private lostSource: FoundTor['source']['kind'] | null = null;

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
    // A key's address is known before tor sees it; tor's answer must be that address.
    const expected = request.key === null ? null : serviceIdOfKey(request.key);
    const session = await this.liveSession();
    onStep?.('adding-onion');
    // Watching starts before ADD_ONION: the upload can be reported before its reply is read.
    const watch = session.tracker.watch();
    let onion: LiveOnion;
    let keepWatching = false;
    try {
      const reply = await session.controller.send(line);
      const added = parseAddOnionReply(reply);
      if (expected !== null && added.serviceId !== expected) {
        // Whatever tor (or a filter) put online instead is taken down again; nothing is announced.
        await session.controller.send(delOnionCommand(added.serviceId)).catch(() => undefined);
        throw new TorOnionError('wrong-address', expected);
      }
      const warnings: TorLinkWarning[] = [];
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
      if (refused && isOptionalRefusal(refused, session.controller)) {
        onion.addWarning(new OptionalCommandFailure('SETEVENTS HS_DESC', 'publication', refused));
      }
      onStep?.('publishing');
      const publication = await this.publicationOf(session, await watch.wait(added.serviceId, this.publishTimeoutMs, this.blindWaitMs));
      // A drop during the wait left it `reconnecting`; the reconnect reports `published` later.
      if (onion.state.kind === 'published') {
        onion.setState({ kind: 'published', publication });
        keepWatching = this.watchLate(session, onion, watch);
      }
    } finally {
      if (!keepWatching) watch.end();
    }
    if (this.closed) throw new TorOnionError('link-closed', onion.serviceId);
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

  async clientAccess(): Promise<ClientAccess> {
    const session = await this.liveSession();
    return { socks: session.found.socks, control: session.controller };
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
        // Tor went away: wait for that tor to come back. Starting our own in
        // its place would move every share to another tor behind the user's
        // back (and, before it bootstraps, leave them unreachable for minutes).
        ownTor: retrying && this.lostSource !== 'own' ? null : this.options.ownTor,
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
    // Warnings before the status says `connected` are reported with it; later ones at once.
    let early: TorLinkWarning[] | null = [];
    const warn = (w: TorLinkWarning): void => {
      if (early) early.push(w);
      else if (this.session === session) this.addStatusWarning(w);
    };
    const session: Session = {
      found,
      controller,
      tracker: new PublicationTracker(controller, this.timer, (error) => {
        if (isOptionalRefusal(error, controller)) warn(new OptionalCommandFailure('SETEVENTS (without HS_DESC)', 'unsubscribe', error));
      }),
      bootstrap: new BootstrapWatch(controller, {
        subscribe: !found.ownTor,
        // The first reading goes out with the `connected` status itself.
        onChange: (view) => {
          if (this.session === session && early === null) this.onBootstrapView(view);
        },
        onWarning: warn,
      }),
      onionsListRefused: false,
      stopWatchingClose: () => undefined,
      stopWatchdog: () => undefined,
    };
    this.session = session;
    this.previousOwn = found.ownTor;
    this.lostSource = found.source.kind;
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
        if (isOptionalRefusal(error, controller)) warn(new OptionalCommandFailure('GETINFO version', 'version', error));
      }
    }
    // Our own tor's launcher follows its bootstrap already; any other tor is asked here.
    const own = found.ownTor?.bootstrap;
    if (own) session.bootstrap.report(bootstrapView(own));
    const bootstrap = own ? session.bootstrap.current : await session.bootstrap.refresh();
    if (this.session !== session) return session; // dropped meanwhile; onDrop took over
    this.backoff.reset();
    this.setStatus({
      state: 'connected',
      source: { kind: found.source.kind, label: found.source.label, why: found.source.why },
      version,
      bootstrap,
      socks: found.socks,
      socksWhy: found.socksWhy,
      authMethod: controller.authMethod,
      ownTorPid: found.ownTor?.pid ?? null,
      error: null,
      warnings: [...this.current.warnings, ...early],
    });
    early = null;
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
    const listed = await this.listOnions(session, (failure) => this.addStatusWarning(failure));
    if (listed === null || this.session !== session) return;
    const vanished = watched.filter(
      (o) => !listed.includes(o.serviceId) && this.onions.has(o) && o.state.kind === 'published' && !o.removing,
    );
    for (const o of vanished) o.setState({ kind: 'reconnecting', attempt: 1, nextRetryMs: 0, error: null });
    await Promise.all(vanished.map((o) => this.restore(session, o)));
  }

  /**
   * `GETINFO onions/current`, an optional command: null when it failed. A
   * refusal (e.g. filtered) is remembered so this connection is not asked
   * again, and reported through `warn`.
   */
  private async listOnions(session: Session, warn: (failure: OptionalCommandFailure) => void): Promise<string[] | null> {
    try {
      return (await session.controller.getInfo('onions/current')).split(/\s+/).filter((id) => id !== '');
    } catch (error) {
      if (!(error instanceof TorError)) throw error;
      if (isOptionalRefusal(error, session.controller)) {
        session.onionsListRefused = error instanceof TorControlError;
        warn(new OptionalCommandFailure('GETINFO onions/current', 'onion-list', error));
      }
      return null;
    }
  }

  /** Our own tor's launcher reports its bootstrap, also before the connection is adopted. */
  private onBootstrap(b: BootstrapStatus): void {
    const session = this.session;
    if (session?.found.ownTor) session.bootstrap.report(bootstrapView(b));
    else this.setBootstrap(bootstrapView(b));
  }

  /** A bridge stall (said while tor keeps trying) is over once tor reaches the network. */
  private setBootstrap(view: BootstrapView): void {
    const recovered = view.progress >= 100 && this.current.error instanceof TorBridgeError;
    this.setStatus({ bootstrap: view, ...(recovered ? { error: null } : {}) });
  }

  /** Tor moved on its way onto the Tor network: the status says so, and so do onions waiting for it. */
  private onBootstrapView(view: BootstrapView): void {
    this.setBootstrap(view);
    for (const onion of this.onions) {
      if (onion.state.kind !== 'published' || onion.state.publication.kind !== 'offline') continue;
      if (view.progress < 100) {
        onion.setState({ kind: 'published', publication: { kind: 'offline', bootstrap: view } });
        continue;
      }
      // On the network now: tor publishes within moments. If it does not say so in time, say that.
      onion.setState({ kind: 'published', publication: { kind: 'waiting' } });
      const cancel = this.timer.schedule(this.publishTimeoutMs, () => {
        if (onion.state.kind === 'published' && onion.state.publication.kind === 'waiting') {
          onion.setState({ kind: 'published', publication: { kind: 'not-reported', waitedMs: this.publishTimeoutMs } });
        }
      });
      const stop = onion.stopWatching;
      onion.stopWatching = () => {
        cancel();
        stop?.();
      };
    }
  }

  private onDrop(session: Session, error: TorConnectionClosedError): void {
    if (this.session !== session) return;
    this.session = null;
    session.tracker.dispose();
    session.stopWatchdog();
    if (this.closed) return;
    session.bootstrap.dispose();
    this.setStatus({ state: 'reconnecting', error, ownTorPid: null });
    for (const onion of this.onions) onion.setState({ kind: 'reconnecting', attempt: 0, nextRetryMs: 0, error });
    this.reconnectLoop ??= this.reconnect().finally(() => {
      this.reconnectLoop = null;
    });
  }

  private async reconnect(): Promise<void> {
    while (!this.closed && !this.alive()) {
      const delay = this.backoff.next();
      const attempt = this.backoff.attempts;
      // Why the last try failed stays on the status until one succeeds.
      const error = this.current.error;
      for (const onion of this.onions) {
        if (onion.state.kind === 'reconnecting') onion.setState({ kind: 'reconnecting', attempt, nextRetryMs: delay, error });
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
    let keepWatching = false;
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
      if (this.session !== session || session.controller.closed) return;
      // On tor again at the same address: the share is back; publication follows.
      onion.setState({ kind: 'published', publication: { kind: 'waiting' } });
      const refused = await watch.subscription;
      if (refused && isOptionalRefusal(refused, session.controller) && !onion.warnings.some((w) => w instanceof OptionalCommandFailure && w.error === refused)) {
        onion.addWarning(new OptionalCommandFailure('SETEVENTS HS_DESC', 'publication', refused));
      }
      const publication = await this.publicationOf(session, await watch.wait(onion.serviceId, this.publishTimeoutMs, this.blindWaitMs));
      if (!this.onions.has(onion) || this.session !== session || session.controller.closed) return;
      if (onion.state.kind !== 'published') return;
      onion.setState({ kind: 'published', publication });
      keepWatching = this.watchLate(session, onion, watch);
    } finally {
      if (!keepWatching) watch.end();
    }
  }

  /**
   * What a publication wait ended with, in the user's terms. A timeout is
   * told apart by asking tor where it is: not on the Tor network yet
   * (`offline`, with its progress) or on it but silent (`not-reported`).
   */
  private async publicationOf(session: Session, outcome: PublicationOutcome): Promise<Publication> {
    if (outcome === 'uploaded') return { kind: 'uploaded' };
    if (outcome === 'unknown') return { kind: 'hidden' };
    const bootstrap = await session.bootstrap.refresh();
    if (bootstrap && bootstrap.progress < 100) return { kind: 'offline', bootstrap };
    return { kind: 'not-reported', waitedMs: this.publishTimeoutMs };
  }

  /**
   * Goes on watching for the upload the wait did not see (tor was offline,
   * or slow), so the share can say "published" when it happens. True when
   * it took over `watch` (ended when the onion leaves `published`).
   */
  private watchLate(session: Session, onion: LiveOnion, watch: PublicationWatch): boolean {
    const kind = onion.state.kind === 'published' ? onion.state.publication.kind : null;
    if (kind !== 'offline' && kind !== 'not-reported') return false;
    onion.stopWatching = () => watch.end();
    void watch.wait(onion.serviceId, Infinity, this.blindWaitMs).then((outcome) => {
      watch.end();
      if (outcome !== 'uploaded' || this.session !== session || !this.onions.has(onion)) return;
      if (onion.state.kind === 'published') onion.setState({ kind: 'published', publication: { kind: 'uploaded' } });
    });
    return true;
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
      // e.g. DEL_ONION filtered: it stays up until the connection closes.
      if (!gone) throw new TorOnionError('not-removed', onion.serviceId, error instanceof TorError ? error : null);
    }
    if (!session.onionsListRefused && !session.controller.closed) {
      const listed = await this.listOnions(session, (failure) => onion.addWarning(failure));
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
      session.bootstrap.dispose();
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

  private addStatusWarning(warning: TorLinkWarning): void {
    this.setStatus({ warnings: [...this.current.warnings, warning] });
  }
}
