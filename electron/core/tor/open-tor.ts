// Reaching a tor: autodetection, then (outside Whonix, when allowed) our own (plain Node).
// Shared by the link and `tor-check`, so both reach the same tor the same
// way. It is findTor plus the own-tor step done here, so the caller hears
// "starting our own tor" before the launch and not only after it.
import { TorNotFoundError, findTor, type DetectInput, type FoundTor, type TorSource } from './autodetect';
import type { BootstrapStatus } from './bootstrap';
import { describeEndpoint } from './endpoint';
import { isKnownTorError } from './errors';
import { launchTor, refusalFor } from './launcher';

export interface OwnTorSettings {
  /** tor.start_own; Whonix forbids it whatever this says. */
  allowed: boolean;
  /** The app's data folder; tor's DataDirectory is `<dataDir>/tor`. */
  dataDir: string;
  /** A private runtime folder; tor's sockets go in `<runtimeDir>/tor`. */
  runtimeDir: string;
  /** tor.executable. Default `tor`. */
  torPath?: string;
  /** More torrc lines (tests keep tor off the network with these). */
  extraTorrc?: readonly string[];
  /** How long tor may take to open its control socket. Default 30 s. */
  startTimeoutMs?: number;
}

export interface OpenTorOptions {
  detect: DetectInput;
  platform: { whonix: string | null; markers: readonly string[] };
  /** null: never start one (no reason given beyond "nothing answered"). */
  ownTor: OwnTorSettings | null;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Called just before our own tor is launched. */
  onStartingOwn?: () => void;
  /** Our own tor's bootstrap, from its first report on. */
  onBootstrap?: (status: BootstrapStatus) => void;
}

export const OWN_TOR_SOURCE: Omit<TorSource, 'label'> = {
  kind: 'own',
  why: 'no tor answered, so OnionDrop started its own',
};

/** Rejects with TorNotFoundError (its `refusal` says why no own tor was started, when that applies). */
export async function openTor(options: OpenTorOptions): Promise<FoundTor> {
  const timeouts = {
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
  };
  let notFound: TorNotFoundError;
  try {
    return await findTor({ ...options.detect, ...timeouts });
  } catch (error) {
    if (!(error instanceof TorNotFoundError)) throw error;
    notFound = error;
  }
  const own = options.ownTor;
  if (!own) throw notFound;
  const refusal = refusalFor({ platform: options.platform, allowed: own.allowed });
  if (refusal) throw new TorNotFoundError(notFound.attempts, notFound.ignored, refusal);

  options.onStartingOwn?.();
  let outcome;
  try {
    outcome = await launchTor({
      platform: options.platform,
      allowed: own.allowed,
      dataDir: own.dataDir,
      runtimeDir: own.runtimeDir,
      ...(own.torPath === undefined ? {} : { torPath: own.torPath }),
      ...(own.extraTorrc === undefined ? {} : { extraTorrc: own.extraTorrc }),
      ...(own.startTimeoutMs === undefined ? {} : { startTimeoutMs: own.startTimeoutMs }),
      ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
      ...(options.onBootstrap ? { onBootstrap: options.onBootstrap } : {}),
    });
  } catch (error) {
    if (!isKnownTorError(error)) throw error;
    throw new TorNotFoundError(
      [...notFound.attempts, { source: { ...OWN_TOR_SOURCE, label: 'own tor' }, problem: error }],
      notFound.ignored,
    );
  }
  if (!outcome.ok) throw new TorNotFoundError(notFound.attempts, notFound.ignored, outcome.refusal);
  const tor = outcome.tor;
  return {
    controller: tor.controller,
    source: { ...OWN_TOR_SOURCE, label: describeEndpoint({ path: tor.controlSocket }) },
    socks: tor.socks,
    socksWhy: 'the SOCKS socket of the tor OnionDrop started',
    attempts: notFound.attempts,
    ignored: notFound.ignored,
    ownTor: tor,
  };
}
