// Reaching a tor: autodetection, then (outside Whonix, when allowed) our own (plain Node).
// Shared by the link and `tor-check`, so both reach the same tor the same
// way. It is findTor plus the own-tor step done here, so the caller hears
// "starting our own tor" before the launch and not only after it.
import { TorNotFoundError, findTor, type DetectInput, type FoundTor, type TorSource } from './autodetect';
import type { BootstrapStatus } from './bootstrap';
import { describeEndpoint } from './endpoint';
import { isKnownTorError, type TorBridgeError } from './errors';
import { launchTor, refusalFor, type LaunchOptions } from './launcher';

/** tor.start_own (Whonix forbids it whatever this says), the app's folders, tor.executable, bridges, extra torrc lines, start timeout. */
export type OwnTorSettings = Pick<
  LaunchOptions,
  'allowed' | 'dataDir' | 'runtimeDir' | 'torPath' | 'extraTorrc' | 'startTimeoutMs' | 'bridges' | 'searchPath' | 'bridgeStallMs'
> & {
  /** tor.connection = own: start ours without looking for a running tor first. */
  always?: boolean;
};

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
  /** Our own tor's bootstrap through its bridges stopped moving (it keeps trying). */
  onBridgeStall?: (error: TorBridgeError) => void;
}

export const OWN_TOR_SOURCE: Omit<TorSource, 'label'> = {
  kind: 'own',
  why: 'no tor answered, so OnionDrop started its own',
};

/** Rejects with TorNotFoundError (its `refusal` says why no own tor was started, when that applies). */
export async function openTor(options: OpenTorOptions): Promise<FoundTor> {
  const own = options.ownTor;
  let notFound = new TorNotFoundError([], []);
  if (!own?.always) {
    try {
      return await findTor({ ...options.detect, connectTimeoutMs: options.connectTimeoutMs, commandTimeoutMs: options.commandTimeoutMs });
    } catch (error) {
      if (!(error instanceof TorNotFoundError)) throw error;
      notFound = error;
    }
  }
  if (!own) throw notFound;
  const refusal = refusalFor({ platform: options.platform, allowed: own.allowed });
  if (refusal) throw new TorNotFoundError(notFound.attempts, notFound.ignored, refusal);

  options.onStartingOwn?.();
  let outcome;
  try {
    outcome = await launchTor({
      ...own,
      platform: options.platform,
      commandTimeoutMs: options.commandTimeoutMs,
      onBootstrap: options.onBootstrap,
      onBridgeStall: options.onBridgeStall,
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
    source: {
      ...OWN_TOR_SOURCE,
      ...(own.always ? { why: 'tor.connection is own, so OnionDrop started its own' } : {}),
      label: describeEndpoint({ path: tor.controlSocket }),
    },
    socks: tor.socks,
    socksWhy: 'the SOCKS socket of the tor OnionDrop started',
    attempts: notFound.attempts,
    ignored: notFound.ignored,
    ownTor: tor,
  };
}
