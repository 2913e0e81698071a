// One share as a state machine (plain Node): it owns the HTTP server, the
// onion service and the timers, and reports what happens as typed events.
//
//   idle -> (scheduled ->) starting -> publishing -> ready -> stopping -> stopped
//   ready <-> reconnecting (Tor went away; same key re-added)
//   any -> failed (with a Problem; everything it had opened is closed)
import { EventEmitter } from 'node:events';
import type { ChatEntry, OnionInfo, Problem, ShareOptions, ShareState, ShareView, StartStep, Transfer } from '../contract';
import type { ChatSeat } from './chat';
import type { Platform, PortRange } from './platform';
import { problemOf } from './problems';
import { OptionalCommandFailure } from './tor/link-errors';
import type { ClientAuthKeys, OnionKey, OnionState, Publication, PublishedOnion, TorLink } from './tor/link-types';
import { generateClientAuthKeys, generateOnionKey } from './tor/onion-keys';
import type { KeyStore } from './key-store';
import { trackLive } from './last-resort';
import { TransferBook } from './transfers';

/** What a mode (share, receive, website) starts: a listener and its controls. */
export interface ModeServer {
  readonly port: number;
  readonly localUrl: string;
  /** false: refuse new transfers, let running ones finish. */
  setAccepting(accepting: boolean): void;
  activeTransfers(): number;
  /** The share is ready: background work (file hashes) may begin. Never awaited. */
  ready?(): void;
  close(): Promise<void>;
  /** The host's seat in the room (chat mode): how the window and the terminal take part. */
  readonly chat?: ChatSeat;
  /**
   * Before the address goes (DEL_ONION): tell the visitors still there that
   * it ends, and give them a bounded moment to see it (chat's room closing).
   */
  windDown?(): Promise<void>;
}

/** Events a mode server reports; the session turns them into Transfers. */
export type ModeEvent =
  | { type: 'transfer-started'; id: string; direction: Transfer['direction']; name: string; total: number | null; bytes: number }
  | { type: 'transfer-progress'; id: string; bytes: number; total: number | null }
  /** The last event of a transfer carries its true count: progress events are throttled. */
  | { type: 'transfer-finished'; id: string; complete: boolean; wholeShare: boolean; bytes: number }
  | { type: 'transfer-cancelled'; id: string; problem: Problem | null; bytes: number }
  /** Something the person sharing should know that does not stop the share (receive mode: leftovers, a full disk). */
  | { type: 'warning'; problem: Problem }
  /** A new entry in a chat room: a message, someone joining, leaving, renaming. */
  | { type: 'chat'; roomId: string; entry: ChatEntry };

export type StartServer = (listen: { host: string; portRange: PortRange }, onEvent: (e: ModeEvent) => void) => Promise<ModeServer>;

export interface SessionOptions {
  label: string;
  options: ShareOptions;
  startServer: StartServer;
  /** null: local only, no Tor (development, benchmarks). */
  link: TorLink | null;
  platform: Platform;
  listenHost: string;
  portRange: PortRange;
  keys: KeyStore;
  /** Timers, injectable for tests. */
  clock?: Clock;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export type SessionEvent =
  | { type: 'state'; state: ShareState; step: StartStep | null; problem: Problem | null }
  | { type: 'onion'; onion: OnionInfo }
  | { type: 'transfer'; transfer: Transfer }
  | { type: 'warning'; problem: Problem }
  /** A warning changed in place (tor's bootstrap progress while offline); not worth printing again. */
  | { type: 'warnings'; warnings: readonly Problem[] }
  | { type: 'reachable'; reachable: Session['reachable'] }
  /** A new entry in the session's chat room (chat mode). */
  | { type: 'chat'; roomId: string; entry: ChatEntry };

/** How long a stopping share waits for its server's transfers to report how they ended. */
const SETTLE_MS = 2000;

/** setTimeout takes at most 2^31-1 ms; longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Session {
  private readonly events = new EventEmitter();
  private readonly clock: Clock;
  private server: ModeServer | null = null;
  private onion: PublishedOnion | null = null;
  private dropOnionListener: (() => void) | null = null;
  private timers = new Set<unknown>();
  private stopWhenIdle = false;
  private startPromise: Promise<void> | null = null;
  private stopPromise: Promise<void> | null = null;
  /** Takes the session off the list the process's last resort stops (last-resort.ts). */
  private untrack: (() => void) | null = null;
  readonly transfers: TransferBook;

  state: ShareState = 'idle';
  step: StartStep | null = null;
  problem: Problem | null = null;
  warnings: Problem[] = [];
  onionInfo: OnionInfo | null = null;
  localUrl: string | null = null;
  stopsAt: number | null = null;
  reachable: ShareView['reachable'] = 'unknown';
  /** When the share came back after Tor went away (ms since epoch); null if it never went. */
  reconnectedAt: number | null = null;
  /** The one warning about publication (not confirmed, tor offline ...), replaced as it changes. */
  private publicationWarning: Problem | null = null;

  constructor(private readonly opts: SessionOptions) {
    this.clock = opts.clock ?? realClock;
    this.transfers = new TransferBook(this.clock.now, (t) => this.emit({ type: 'transfer', transfer: t }));
  }

  on(listener: (e: SessionEvent) => void): () => void {
    this.events.on('event', listener);
    return () => void this.events.off('event', listener);
  }

  private emit(e: SessionEvent): void {
    this.events.emit('event', e);
  }

  private setState(state: ShareState, step: StartStep | null = null, problem: Problem | null = this.problem): void {
    this.state = state;
    this.step = step;
    this.problem = problem;
    this.emit({ type: 'state', state, step, problem });
  }

  private warn(problem: Problem): void {
    this.warnings.push(problem);
    this.emit({ type: 'warning', problem });
  }

  /** A warning that a repeated action (Check) would otherwise add again and again. */
  private warnOnce(problem: Problem): void {
    const same = JSON.stringify(problem);
    if (!this.warnings.some((w) => JSON.stringify(w) === same)) this.warn(problem);
  }

  /** Starts now, or at `options.startAt`; resolves when ready (or scheduled). Never rejects: see `problem`. */
  start(): Promise<void> {
    if (this.startPromise) return this.startPromise;
    this.untrack = trackLive(this);
    // Everything before run() (a damaged key file, a full disk when saving a
    // new key) fails the share the same way run() does, never the caller.
    this.startPromise = this.begin().catch((err: unknown) => this.fail(problemOf(err, this.opts.platform)));
    return this.startPromise;
  }

  private async begin(): Promise<void> {
    const { options } = this.opts;
    const startAt = options.startAt ? Date.parse(options.startAt) : NaN;
    const delay = Number.isFinite(startAt) ? startAt - this.clock.now() : 0;
    if (delay > 0) {
      // The key is made now so the address can be handed out before the share goes live.
      const identity = await this.identity();
      if (this.opts.link && identity.serviceId) this.announce(identity.serviceId, identity.clientAuth, 'unknown');
      this.setState('scheduled');
      await this.sleep(delay);
      if (this.state !== 'scheduled') return;
      await this.run(identity);
    } else {
      await this.run(await this.identity());
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const step = (left: number): void => {
        const h = this.clock.setTimeout(() => {
          this.timers.delete(h);
          if (left > MAX_TIMER_MS) step(left - MAX_TIMER_MS);
          else resolve();
        }, Math.min(left, MAX_TIMER_MS));
        this.timers.add(h);
      };
      step(ms);
      // A stop() during the wait resolves it too.
      this.events.once('stopped', () => resolve());
    });
  }

  /**
   * The onion key and client-auth keys: from the key store for a persistent
   * share, made by the app for a private or scheduled one (address known in
   * advance), or left to tor (NEW) for a plain public share, which is the one
   * form Whonix's stock onion-grater profile allows for public shares.
   */
  private async identity(): Promise<{ key: OnionKey | null; serviceId: string | null; clientAuth: ClientAuthKeys | null }> {
    const { options } = this.opts;
    const name = options.persistentName;
    if (name) {
      const stored = await this.opts.keys.load(name);
      if (stored && (stored.clientAuth !== null) === !options.public) return stored;
      const fresh = generateOnionKey();
      const identity = { key: fresh.key, serviceId: fresh.serviceId, clientAuth: options.public ? null : generateClientAuthKeys() };
      await this.opts.keys.save(name, identity);
      return identity;
    }
    const clientAuth = options.public ? null : generateClientAuthKeys();
    if (!options.public || options.startAt) {
      const fresh = generateOnionKey();
      return { key: fresh.key, serviceId: fresh.serviceId, clientAuth };
    }
    return { key: null, serviceId: null, clientAuth };
  }

  private announce(serviceId: string, clientAuth: ClientAuthKeys | null, published: OnionInfo['published']): void {
    const address = `${serviceId}.onion`;
    this.onionInfo = { address, url: `http://${address}`, privateKey: clientAuth?.privateKey ?? null, published };
    this.emit({ type: 'onion', onion: this.onionInfo });
  }

  private async run(identity: { key: OnionKey | null; clientAuth: ClientAuthKeys | null }): Promise<void> {
    const { link, options } = this.opts;
    try {
      if (link) {
        this.setState('starting', 'connecting-tor');
        await link.connect();
        if (this.isStopping()) return;
      }
      this.setState('starting', 'starting-server');
      const server = await this.opts.startServer({ host: this.opts.listenHost, portRange: this.opts.portRange }, (e) =>
        this.onModeEvent(e),
      );
      // stop() may have run while we waited: it could not see this server.
      if (this.isStopping()) return void (await server.close());
      this.server = server;
      this.localUrl = server.localUrl;
      if (link) {
        this.setState('starting', 'adding-onion');
        const onion = await link.addOnion(
          { port: server.port, key: identity.key, clientAuth: identity.clientAuth, label: this.opts.label },
          (step) => {
            if (step === 'publishing') this.setState('publishing', 'publishing');
          },
        );
        if (this.isStopping()) return void (await onion.remove().catch(() => undefined));
        this.onion = onion;
        this.dropOnionListener = onion.onState((s) => this.onOnionState(s));
        for (const w of onion.warnings) this.warn(problemOf(w, this.opts.platform));
        this.setPublication(onion.publication);
        this.announce(onion.serviceId, identity.clientAuth, onion.publishedKnown ? 'yes' : 'unknown');
      }
      this.setState('ready');
      this.server?.ready?.();
      this.armAutoStop(options.autoStopSeconds);
    } catch (err) {
      await this.fail(problemOf(err, this.opts.platform));
    }
  }

  private isStopping(): boolean {
    return this.state === 'stopping' || this.state === 'stopped' || this.state === 'failed';
  }

  private onOnionState(s: OnionState): void {
    if (this.isStopping()) return;
    if (s.kind === 'reconnecting') {
      // Each retry updates the link's status (with why it failed); the share's state changes once.
      if (this.state !== 'reconnecting') {
        this.reachable = 'unknown';
        this.setState('reconnecting');
      }
    } else if (s.kind === 'published') {
      const back = this.state === 'reconnecting';
      if (back) this.reconnectedAt = this.clock.now();
      this.setPublication(s.publication);
      if (this.onionInfo) {
        const published = s.publication.kind === 'uploaded' ? 'yes' : 'unknown';
        if (published !== this.onionInfo.published || back) {
          this.onionInfo = { ...this.onionInfo, published };
          this.emit({ type: 'onion', onion: this.onionInfo });
        }
      }
      if (back || this.state !== 'ready') this.setState('ready');
    } else if (s.kind === 'failed') void this.fail(problemOf(s.error, this.opts.platform, 'restore'));
  }

  /**
   * Keeps one warning that says where publication stands; a new kind is
   * reported as a warning, the same kind with new figures (tor's bootstrap
   * progress) only updates the list.
   */
  private setPublication(publication: Publication): void {
    const next = publicationProblem(publication, this.opts.platform.whonix !== null);
    const previous = this.publicationWarning;
    this.publicationWarning = next;
    const list = this.warnings.filter((w) => w !== previous);
    if (next) list.push(next);
    this.warnings = list;
    if (next && (previous === null || !samePublicationProblem(previous, next))) this.emit({ type: 'warning', problem: next });
    else if (previous !== next) this.emit({ type: 'warnings', warnings: this.warnings });
  }

  private armAutoStop(seconds: number | null): void {
    if (seconds === null || seconds <= 0) return;
    this.stopsAt = this.clock.now() + seconds * 1000;
    const h = this.clock.setTimeout(() => {
      this.timers.delete(h);
      // Stop taking new downloads; running ones finish (OnionShare's CLI cuts them off).
      this.server?.setAccepting(false);
      this.stopWhenIdle = true;
      this.stopIfIdle();
    }, Math.min(seconds * 1000, MAX_TIMER_MS));
    this.timers.add(h);
  }

  /** The host's seat in the room while a chat session serves; null otherwise. */
  chat(): ChatSeat | null {
    return this.server?.chat ?? null;
  }

  private onModeEvent(e: ModeEvent): void {
    if (e.type === 'warning') return this.warn(e.problem);
    if (e.type === 'chat') return this.emit(e);
    this.transfers.apply(e);
    if (e.type === 'transfer-finished' && e.complete && e.wholeShare && this.opts.options.stopAfterFirstDownload) {
      this.server?.setAccepting(false);
      this.stopWhenIdle = true;
    }
    if (e.type === 'transfer-finished' || e.type === 'transfer-cancelled') this.stopIfIdle();
  }

  private stopIfIdle(): void {
    if (!this.stopWhenIdle || !this.server) return;
    if (this.server.activeTransfers() === 0) void this.stop();
    else {
      // The server counts a response as active until its socket is done;
      // look again shortly rather than racing its bookkeeping.
      const h = this.clock.setTimeout(() => {
        this.timers.delete(h);
        this.stopIfIdle();
      }, 200);
      this.timers.add(h);
    }
  }

  /**
   * Fetches the share's own address through Tor (with its own SOCKS
   * isolation) and reports whether it answered.
   */
  async checkReachable(): Promise<void> {
    const { link } = this.opts;
    const onion = this.onion;
    if (!link || !onion || this.reachable === 'checking') return;
    this.reachable = 'checking';
    this.emit({ type: 'reachable', reachable: this.reachable });
    try {
      const result = await link.checkReachable(onion);
      if (result.reachable) this.reachable = 'reachable';
      else if (result.reason.kind === 'cannot-check') {
        // Not "unreachable": the check itself cannot run here; say which command and that nothing else is lost.
        this.reachable = 'cannot-check';
        const cause = new OptionalCommandFailure('ONION_CLIENT_AUTH_ADD', 'self-check', result.reason.error);
        this.warnOnce(problemOf(cause, this.opts.platform));
      } else this.reachable = 'unreachable';
    } catch (err) {
      // The check could not even start (Tor away, the share just stopped): not a verdict on the address.
      this.reachable = 'unknown';
      this.warnOnce(problemOf(err, this.opts.platform));
    }
    this.emit({ type: 'reachable', reachable: this.reachable });
  }

  /** Removes the onion (DEL_ONION) and closes the listener. Safe to call twice. */
  stop(): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    this.stopPromise = this.teardown('stopped', null);
    return this.stopPromise;
  }

  private async fail(problem: Problem): Promise<void> {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.stopPromise ??= this.teardown('failed', problem);
    await this.stopPromise;
  }

  private async teardown(final: 'stopped' | 'failed', problem: Problem | null): Promise<void> {
    this.setState('stopping', null, problem);
    for (const h of this.timers) this.clock.clearTimeout(h);
    this.timers.clear();
    this.events.emit('stopped');
    this.dropOnionListener?.();
    const onion = this.onion;
    const server = this.server;
    // While the address still works: visitors are told it ends (a chat room says it has closed).
    if (server?.windDown) await server.windDown().catch(() => undefined);
    this.onion = null;
    this.server = null;
    if (onion) {
      try {
        await onion.remove();
      } catch (err) {
        this.warn(problemOf(err, this.opts.platform));
      }
    }
    if (server) await server.close().catch(() => undefined);
    // Each transfer the server cut reports its own end, with its true count;
    // only one that never does is cancelled here (with the last count known).
    await this.transfers.settled(SETTLE_MS);
    this.transfers.cancelRunning();
    this.untrack?.();
    this.setState(final, null, problem);
  }
}

/** Where publication stands, as a warning; null when there is nothing to say (uploaded, or still waiting). */
export function publicationProblem(publication: Publication, whonix: boolean): Problem | null {
  switch (publication.kind) {
    case 'uploaded':
    case 'waiting':
      return null;
    case 'hidden':
      return { kind: 'publish-unknown', reason: 'hidden', whonix };
    case 'not-reported':
      return { kind: 'publish-unknown', reason: 'not-reported', seconds: Math.round(publication.waitedMs / 1000), whonix };
    case 'offline':
      return { kind: 'tor-bootstrap', ...publication.bootstrap, whonix };
  }
}

function samePublicationProblem(a: Problem, b: Problem): boolean {
  if (a.kind === 'publish-unknown' && b.kind === 'publish-unknown') return a.reason === b.reason;
  return a.kind === 'tor-bootstrap' && b.kind === 'tor-bootstrap' && a.warning === b.warning;
}
