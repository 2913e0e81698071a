// What the rest of the app needs from Tor, as types (plain Node): one TorLink
// per app owns the control connection (found by autodetection, reconnected
// with backoff) and every onion service added through it.
import type { OptionalTorFeature } from '../../contract';
import type { SourceKind } from './autodetect';
import type { SocksEndpoint } from './endpoint';
import type { AuthMethod, TorError } from './errors';
import type { OptionalCommandFailure, TorOnionError } from './link-errors';
import type { ClientAuthControl, ReachabilityOptions, ReachabilityResult } from './reachability';

/** What can go wrong in the link: a tor-level error, or an onion lifecycle problem. */
export type TorLinkError = TorError | TorOnionError;

/** What an optional command would have given; without it the link goes on, with less (one list, the contract's). */
export type OptionalFeature = OptionalTorFeature;

/** Something that degraded but stopped nothing: an optional command, or a key a filter withheld. */
export type TorLinkWarning = OptionalCommandFailure | TorOnionError;

/** An ED25519-V3 onion key: the blob tor returns as `PrivateKey=ED25519-V3:<blob>`. */
export interface OnionKey {
  type: 'ED25519-V3';
  /** base64, as tor gives it. Secret: never logged. */
  blob: string;
}

/** A v3 client-authorization key pair (x25519), made by the app. */
export interface ClientAuthKeys {
  /** base32 of the raw 32-byte public key, sent as ClientAuthV3=. */
  publicKey: string;
  /** base32 of the raw 32-byte private key: what Tor Browser asks for. Secret. */
  privateKey: string;
}

export interface OnionRequest {
  /** The local port the share listens on (17600-17659): the target is the port alone. */
  port: number;
  /** null = a new key (NEW:ED25519-V3); a key = the same address as before. */
  key: OnionKey | null;
  /** null = public; keys = private (Flags=V3Auth). */
  clientAuth: ClientAuthKeys | null;
  /** A label for logs and problems ("share 2"). */
  label: string;
}

/** Tor's own account of its way onto the Tor network (GETINFO status/bootstrap-phase, STATUS_CLIENT). */
export interface BootstrapView {
  /** 0..100; 100: connected to the Tor network. */
  progress: number;
  /** Tor's words for the current step, e.g. "Connecting to a relay". */
  summary: string;
  /** Tor's warning when it has trouble at this step (e.g. "Connection refused"), else null. */
  warning: string | null;
}

/**
 * Whether the onion's descriptor reached the Tor network, as far as the app
 * can know. Every kind but `uploaded` and `hidden` is still being watched:
 * the upload, when tor reports it later, moves it to `uploaded`.
 */
export type Publication =
  /** Added; the upload was not seen yet and the wait is not over. */
  | { kind: 'waiting' }
  /** Tor reported HS_DESC UPLOADED for this onion. */
  | { kind: 'uploaded' }
  /** The upload cannot be seen: SETEVENTS HS_DESC was refused (a filter, usually). */
  | { kind: 'hidden' }
  /** Tor is on the Tor network (or cannot say) but reported no upload within `waitedMs`. */
  | { kind: 'not-reported'; waitedMs: number }
  /** Tor is not connected to the Tor network yet: nothing can be published until it is. */
  | { kind: 'offline'; bootstrap: BootstrapView };

export type OnionState =
  /** On tor (ADD_ONION accepted); `publication` says whether visitors can find it yet. */
  | { kind: 'published'; publication: Publication }
  /**
   * Tor went away; will be re-added with the same key. `error`: why the last
   * attempt to reach tor failed (null before the first attempt).
   */
  | { kind: 'reconnecting'; attempt: number; nextRetryMs: number; error: TorError | null }
  /** Removed by us. */
  | { kind: 'removed' }
  /**
   * Re-adding failed in a way retrying will not fix (e.g. filtered now, or
   * the key was withheld by a filter so the address cannot come back).
   */
  | { kind: 'failed'; error: TorLinkError };

export interface PublishedOnion {
  /** 56 base32 characters, without ".onion". */
  serviceId: string;
  /**
   * The key, kept in memory for the life of the share (to re-add after a
   * reconnect). Null only when a filter withheld a new key (see warnings):
   * then the address cannot come back after tor restarts.
   */
  readonly key: OnionKey | null;
  /** Whether HS_DESC UPLOADED was seen (updated as tor reports it, also after each re-add). */
  readonly publishedKnown: boolean;
  /** The latest publication (see `state` for the rest). */
  readonly publication: Publication;
  /** Optional steps that degraded (a filtered SETEVENTS, GETINFO onions/current, a withheld key ...). */
  readonly warnings: readonly TorLinkWarning[];
  /** The latest state (the one `onState` last reported). */
  readonly state: OnionState;
  onState(listener: (state: OnionState) => void): () => void;
  /** DEL_ONION, then (when allowed) check onions/current that it is gone. */
  remove(): Promise<void>;
}

export interface TorLinkStatus {
  state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'starting-own' | 'unavailable';
  source: { kind: SourceKind; label: string; why: string } | null;
  version: string | null;
  /** Null when tor cannot say (GETINFO refused); behind onion-grater always 100 (the profiles rewrite it). */
  bootstrap: BootstrapView | null;
  socks: SocksEndpoint | null;
  /** Why that SOCKS endpoint: set explicitly, reported by tor, or a guess (GETINFO net/listeners/socks refused). */
  socksWhy: string | null;
  /** How the control connection authenticated (NULL behind onion-grater). */
  authMethod: AuthMethod | null;
  /** The pid of the tor OnionDrop started, while it runs. */
  ownTorPid: number | null;
  /** Why the last connection attempt failed. */
  error: TorError | null;
  /** Optional commands that failed on this connection (filtered GETINFO ...): each degrades, none stops. */
  warnings: readonly TorLinkWarning[];
}

/** What a download from another onion needs of the app's tor: its SOCKS port, and the control connection to lend a client key. */
export interface ClientAccess {
  socks: SocksEndpoint;
  control: ClientAuthControl;
}

export interface TorLink {
  readonly status: TorLinkStatus;
  onStatus(listener: (status: TorLinkStatus) => void): () => void;
  /**
   * Connect (autodetect; maybe start an own tor) if not connected; concurrent
   * calls share one attempt. A first connection that fails leaves the link
   * `unavailable` (call again to retry); once connected, a drop is retried
   * by itself with backoff (`reconnecting`), and a call during that retries
   * at once.
   */
  connect(): Promise<void>;
  /**
   * ADD_ONION shaped for onion-grater, then wait for publication (never
   * fails for want of it: `publishedKnown` false). Rejects with a
   * TorControlError (a filter's refusal: `filtered`, see refusedCommandOf),
   * TorArgumentError (bad port or key; nothing sent), TorConnectionClosedError
   * or TorTimeoutError (the link reconnects by itself), TorNotFoundError (no
   * tor), or TorOnionError `link-closed`, or `wrong-address` (tor answered a
   * known key with another address; what it added is removed again).
   */
  addOnion(request: OnionRequest, onStep?: (step: 'adding-onion' | 'publishing') => void): Promise<PublishedOnion>;
  /**
   * Fetches the onion's own page through Tor's SOCKS port, with the share's
   * own SOCKS credentials (IsolateSOCKSAuth), to tell the user "reachable
   * over Tor". For a private onion the link's tor gets the client-auth key
   * for the time of the check (ONION_CLIENT_AUTH_ADD; refused: `cannot-check`).
   */
  checkReachable(onion: PublishedOnion, options?: Partial<ReachabilityOptions>): Promise<ReachabilityResult>;
  /**
   * The SOCKS port and control connection of the connected tor (connecting
   * first if needed), for the Get tab's downloads. Rejects as connect() does.
   */
  clientAccess(): Promise<ClientAccess>;
  /** Remove every onion (DEL_ONION) and close; stop an own tor. */
  close(): Promise<void>;
}
