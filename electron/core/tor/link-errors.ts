// Problems of the onion service lifecycle that are not a reply from tor, and
// telling which command a filter refused (plain Node).
import { TorNotFoundError } from './autodetect';
import { TorAuthError, TorControlError, type AuthProblem, type TorError } from './errors';
import type { OptionalFeature } from './link-types';

export type OnionProblem =
  /**
   * A filter replaced the new onion's private key (`PrivateKey=...:redacted`):
   * the address works now, but cannot be brought back after tor restarts.
   */
  | 'key-withheld'
  /** DEL_ONION succeeded but GETINFO onions/current still lists the onion. */
  | 'still-listed'
  /**
   * DEL_ONION was refused (a filter, usually): the onion stays up until
   * OnionDrop's control connection closes (it is never detached).
   */
  | 'not-removed'
  /** Re-adding the key gave another address (tor or a filter changed the key). */
  | 'address-changed'
  /**
   * ADD_ONION with a key OnionDrop sent was answered with another address
   * than that key's (known before tor saw it). Nothing is announced.
   */
  | 'wrong-address'
  /** The link was closed; nothing more can be added through it. */
  | 'link-closed'
  /** The onion is not (or no longer) one this link keeps alive. */
  | 'not-live';

const MESSAGES: Record<OnionProblem, string> = {
  'key-withheld':
    "the filter in front of tor withheld the onion's private key: the address works until tor restarts, and cannot be brought back after that",
  'still-listed': 'tor still lists the onion service after removing it',
  'not-removed': 'tor did not remove the onion service (DEL_ONION refused); it ends when OnionDrop disconnects from tor',
  'address-changed': 'tor gave the re-added onion service another address',
  'wrong-address': "tor answered ADD_ONION with another address than the key's",
  'link-closed': 'the connection to tor was closed by OnionDrop',
  'not-live': 'the onion service has been removed',
};

export class TorOnionError extends Error {
  readonly kind = 'onion' as const;
  constructor(
    readonly problem: OnionProblem,
    /** The onion concerned, when there is one. */
    readonly serviceId: string | null = null,
    /** The reply behind it (`not-removed`: why DEL_ONION failed). */
    override readonly cause: TorError | null = null,
  ) {
    super(MESSAGES[problem]);
    this.name = 'TorOnionError';
  }
}

/**
 * An optional command that failed (refused by tor or a filter, or answered
 * unreadably), with what the app goes without. It travels as this value, so
 * "optional" reaches the words on screen and can never read as "required".
 */
export class OptionalCommandFailure {
  readonly kind = 'optional-command' as const;
  constructor(
    /** The command as it may be shown, e.g. `GETINFO onions/current` or `SETEVENTS HS_DESC`. */
    readonly command: string,
    readonly feature: OptionalFeature,
    readonly error: TorError,
  ) {}
}

/**
 * The name of the command a filter (onion-grater) refused, when that is why
 * `error` happened: `ADD_ONION`, `DEL_ONION`, `AUTHENTICATE`, ... Looks
 * through autodetection's attempts, since a refused PROTOCOLINFO or
 * AUTHENTICATE surfaces as "no tor found".
 */
export function refusedCommandOf(error: unknown): string | undefined {
  if (error instanceof TorControlError) return error.filtered ? error.commandName : undefined;
  if (error instanceof OptionalCommandFailure) return refusedCommandOf(error.error);
  if (error instanceof TorOnionError) return refusedCommandOf(error.cause);
  if (error instanceof TorAuthError) {
    for (const p of [error.problem, ...error.attempts.map((a) => a.problem)]) {
      const name = refusedAuthCommand(p);
      if (name !== undefined) return name;
    }
    return undefined;
  }
  if (error instanceof TorNotFoundError) {
    for (const attempt of error.attempts) {
      const name = refusedCommandOf(attempt.problem);
      if (name !== undefined) return name;
    }
  }
  return undefined;
}

function refusedAuthCommand(p: AuthProblem): string | undefined {
  if (p.kind === 'protocolinfo-refused' && p.filtered) return 'PROTOCOLINFO';
  if (p.kind === 'challenge-refused' && p.filtered) return 'AUTHCHALLENGE';
  if (p.kind === 'rejected' && p.filtered) return 'AUTHENTICATE';
  return undefined;
}
