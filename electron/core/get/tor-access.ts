// Reaching tor for a download: its SOCKS port (found as the share side finds it) and, for a private share, lending tor the client key (plain Node).
//
// The control connection is only needed to lend a private share's key
// (ONION_CLIENT_AUTH_ADD, taken back with ONION_CLIENT_AUTH_REMOVE after the
// download). A public share, or a private one whose key the user already gave
// tor (its ClientOnionAuthDir, Tor Browser's saved keys), needs only SOCKS:
// when no control port answers, an explicitly configured SOCKS port (config.d,
// TOR_SOCKS_*) is still used.
import type { Problem } from '../../contract';
import { problemOf } from '../problems';
import { listCandidates, TorNotFoundError, type DetectInput } from '../tor/autodetect';
import type { SocksEndpoint } from '../tor/endpoint';
import { TorControlError, TorError } from '../tor/errors';
import { openTor, type OpenTorOptions } from '../tor/open-tor';
import { lendClientAuth, type ClientAuthControl, type LentClientAuth } from '../tor/reachability';
import { GetError } from './errors';

export interface GetTor {
  socks: SocksEndpoint;
  /** Why this SOCKS port (set explicitly, reported by tor, a guess). */
  socksWhy: string;
  /** The control connection, when one answered; null when only SOCKS is known. */
  control: ClientAuthControl | null;
  whonix: boolean;
  /** Closes the control connection (and stops a tor OnionDrop started). */
  close(): Promise<void>;
}

/**
 * The line of OnionDrop's onion-grater profile (assets/onion-grater/40_oniondrop.yml,
 * under `ONION_CLIENT_AUTH_ADD:`) that lets the key through. Named in the
 * problem a filter's refusal becomes.
 */
export const CLIENT_AUTH_PROFILE_LINE = "- '([a-z2-7]{56}) x25519:([A-Za-z0-9+/]{43}=)'";

/**
 * Finds tor the way the share side does (openTor: config.d, TOR_* variables,
 * the system tor, the usual ports, maybe an own tor). `needControl`: a key
 * will be lent, so a control connection is required.
 */
export async function openTorForGet(options: OpenTorOptions, needControl: boolean): Promise<GetTor> {
  const whonix = options.platform.whonix !== null;
  try {
    const found = await openTor(options);
    return {
      socks: found.socks,
      socksWhy: found.socksWhy,
      control: found.controller,
      whonix,
      close: async () => {
        await found.controller.close().catch(() => undefined);
        await found.ownTor?.stop().catch(() => undefined);
      },
    };
  } catch (error) {
    if (!(error instanceof TorError)) throw error;
    if (!needControl && error instanceof TorNotFoundError) {
      const explicit = explicitSocks(options.detect);
      if (explicit) return { socks: explicit.endpoint, socksWhy: explicit.why, control: null, whonix, close: async () => undefined };
    }
    throw new GetError(problemOf(error, { whonix: whonix ? 'whonix' : null }));
  }
}

/** A SOCKS port set explicitly (config.d, TOR_SOCKS_*): usable for a public share when no control port answers. */
export function explicitSocks(detect: DetectInput): { endpoint: SocksEndpoint; why: string } | null {
  const choice = listCandidates(detect).candidates.find((c) => c.socks.explicit)?.socks;
  return choice ? { endpoint: choice.endpoint, why: choice.why } : null;
}

export type LentKey = LentClientAuth;

/**
 * ONION_CLIENT_AUTH_ADD for the time of the download (never Flags=Permanent).
 * A filter's refusal becomes `get-client-auth-filtered` naming the profile
 * line; tor's own refusal a `tor-error`.
 */
export async function lendClientKey(control: ClientAuthControl, serviceId: string, key: string, whonix: boolean): Promise<LentKey> {
  try {
    return await lendClientAuth(control, serviceId, key);
  } catch (error) {
    if (error instanceof TorControlError && error.filtered) {
      const problem: Problem = { kind: 'get-client-auth-filtered', command: error.commandName, profileLine: CLIENT_AUTH_PROFILE_LINE, whonix };
      throw new GetError(problem);
    }
    if (error instanceof TorError) throw new GetError(problemOf(error, { whonix: whonix ? 'whonix' : null }));
    throw error;
  }
}
