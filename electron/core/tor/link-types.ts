// What the rest of the app needs from Tor, as types (plain Node): one TorLink
// per app owns the control connection (found by autodetection, reconnected
// with backoff) and every onion service added through it.
import type { SourceKind } from './autodetect';
import type { SocksEndpoint } from './endpoint';
import type { TorError } from './errors';

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

export type OnionState =
  /** Added and the descriptor upload seen (or timed out: publishedKnown false). */
  | { kind: 'published'; known: boolean }
  /** Tor went away; will be re-added with the same key. */
  | { kind: 'reconnecting'; attempt: number; nextRetryMs: number }
  /** Removed by us. */
  | { kind: 'removed' }
  /** Re-adding failed in a way retrying will not fix (e.g. filtered now). */
  | { kind: 'failed'; error: TorError };

export interface PublishedOnion {
  /** 56 base32 characters, without ".onion". */
  serviceId: string;
  /** The key, kept in memory for the life of the share (to re-add after a reconnect). */
  key: OnionKey;
  /** Whether HS_DESC UPLOADED was seen before the timeout. */
  publishedKnown: boolean;
  /** Optional steps that degraded (a filtered SETEVENTS, GETINFO onions/current ...). */
  warnings: TorError[];
  onState(listener: (state: OnionState) => void): () => void;
  /** DEL_ONION, then (when allowed) check onions/current that it is gone. */
  remove(): Promise<void>;
}

export interface TorLinkStatus {
  state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'starting-own' | 'unavailable';
  source: { kind: SourceKind; label: string; why: string } | null;
  version: string | null;
  bootstrap: { progress: number; summary: string } | null;
  socks: SocksEndpoint | null;
  /** Why the last connection attempt failed. */
  error: TorError | null;
}

export interface TorLink {
  readonly status: TorLinkStatus;
  onStatus(listener: (status: TorLinkStatus) => void): () => void;
  /** Connect (autodetect; maybe start an own tor) if not connected. */
  connect(): Promise<void>;
  /** ADD_ONION shaped for onion-grater, then wait for publication. */
  addOnion(request: OnionRequest, onStep?: (step: 'adding-onion' | 'publishing') => void): Promise<PublishedOnion>;
  /** Remove every onion (DEL_ONION) and close; stop an own tor. */
  close(): Promise<void>;
}
