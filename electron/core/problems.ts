// Turns typed errors from every layer into the user-facing Problem of
// contract.ts (plain Node). One place, so the renderer and the CLI explain the
// same failure the same way and nothing in between stringifies it.
import type { Problem } from '../contract';
import type { Platform } from './platform';
import { ListenAddressError, ListenError, PortRangeExhaustedError } from './platform';
import { TorAuthError, TorControlError, TorError, TorLaunchError, type AuthProblem } from './tor';
import { TorNotFoundError } from './tor/autodetect';
import { OptionalCommandFailure, refusedCommandOf } from './tor/link-errors';
import { CatalogRootError } from './share/errors';
import { ReceiveFolderError } from './receive/submission-folder';

function authReason(p: AuthProblem): Extract<Problem, { kind: 'tor-auth' }>['reason'] {
  switch (p.kind) {
    case 'cookie-unreadable':
    case 'cookie-size':
    case 'no-cookie-path':
      return 'cookie-unreadable';
    case 'wrong-password':
      return 'wrong-password';
    case 'password-needed':
      return 'password-needed';
    case 'server-hash-mismatch':
      return 'server-hash';
    default:
      return 'no-method';
  }
}

function authFile(p: AuthProblem): string | null {
  return 'path' in p && typeof p.path === 'string' ? p.path : null;
}

export function problemOf(error: unknown, platform: Pick<Platform, 'whonix'>): Problem {
  const whonix = platform.whonix !== null;
  if (error instanceof OptionalCommandFailure) {
    const inner = problemOf(error.error, platform);
    return inner.kind === 'filtered' ? { ...inner, command: error.command, required: false } : inner;
  }
  if (error instanceof TorControlError) {
    if (error.filtered) {
      return { kind: 'filtered', command: error.commandName || error.command, whonix, required: true };
    }
    return { kind: 'tor-error', command: error.commandName, code: error.code, message: error.replyText };
  }
  if (error instanceof TorAuthError) {
    const p = error.problem;
    const refused = refusedCommandOf(error);
    if (refused !== undefined) return { kind: 'filtered', command: refused, whonix, required: true };
    return { kind: 'tor-auth', reason: authReason(p), detail: error.message, file: authFile(p) };
  }
  if (error instanceof TorNotFoundError) {
    const relevant = error.mostRelevant;
    // Something answered but refused: that says more than "nothing there".
    if (relevant && relevant.problem.kind !== 'unreachable') return problemOf(relevant.problem, platform);
    return { kind: 'tor-unreachable', tried: error.attempts.map((a) => a.source.label), whonix };
  }
  if (error instanceof TorLaunchError) {
    if (error.problem === 'not-installed') return { kind: 'own-tor-refused', reason: 'not-installed' };
    return { kind: 'internal', message: error.message };
  }
  if (error instanceof TorError) {
    return { kind: 'tor-unreachable', tried: [error.message], whonix };
  }
  if (error instanceof PortRangeExhaustedError) {
    return { kind: 'port-range', first: error.range.first, last: error.range.last, host: error.host };
  }
  if (error instanceof ListenError) return { kind: 'listen', host: error.host, detail: error.message };
  if (error instanceof ListenAddressError) return { kind: 'listen', host: error.value, detail: error.message };
  if (error instanceof CatalogRootError) return { kind: 'path-rejected', path: error.path, reason: error.problem };
  if (error instanceof ReceiveFolderError) return { kind: 'path-rejected', path: error.path, reason: error.code };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
