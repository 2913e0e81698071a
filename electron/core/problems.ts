// Turns typed errors from every layer into the user-facing Problem of
// contract.ts (plain Node). One place, so the renderer and the CLI explain the
// same failure the same way and nothing in between stringifies it: whether a
// Tor command was required (and for which step) or optional (and what is lost
// without it), which path and why in words, which saved address.
import { getSystemErrorMap } from 'node:util';
import { constants as osConstants } from 'node:os';
import type { PathReason, Problem, RequiredTorStep } from '../contract';
import type { Platform } from './platform';
import { ListenAddressError, ListenError, PortRangeExhaustedError } from './platform';
import { KeyStoreError } from './key-store';
import {
  TorArgumentError,
  TorAuthError,
  TorBridgeError,
  TorConnectionClosedError,
  TorControlError,
  TorError,
  TorLaunchError,
  TorProtocolError,
  TorTimeoutError,
  TorUnreachableError,
  type AuthProblem,
  type BridgeProblem,
} from './tor';
import { TorNotFoundError } from './tor/autodetect';
import { OptionalCommandFailure, TorOnionError, refusedCommandOf } from './tor/link-errors';
import { stockOnionShareProfileAllows } from './tor/stock-profile';
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

function bridgeProblem(p: BridgeProblem): Problem {
  switch (p.kind) {
    case 'program-missing':
      return { kind: 'bridge-program-missing', transport: p.transport, programs: [...p.programs], package: p.package };
    case 'no-lines':
      return { kind: 'bridge-no-lines' };
    case 'stalled': {
      const { transport, progress, summary, warning, host, seconds } = p;
      return { kind: 'bridge-stalled', transport, progress, summary, warning, host, seconds };
    }
  }
}

/**
 * The Problem for `error`. `step` says what a required Tor command was for
 * when the error itself cannot tell: putting a share online (the default) or
 * bringing one back after Tor restarted (a re-add that failed). Optional
 * commands arrive wrapped (OptionalCommandFailure) and say so themselves.
 */
export function problemOf(error: unknown, platform: Pick<Platform, 'whonix'>, step: RequiredTorStep = 'start'): Problem {
  const whonix = platform.whonix !== null;
  if (error instanceof OptionalCommandFailure) return optionalProblem(error.command, error.feature, error.error, whonix);
  if (error instanceof TorOnionError) return onionProblem(error, whonix, step);
  if (error instanceof TorControlError) {
    if (error.filtered) {
      const stockProfileAllows = stockOnionShareProfileAllows(error.command);
      return { kind: 'filtered', command: shownCommand(error), whonix, stockProfileAllows, required: true, step };
    }
    return { kind: 'tor-error', command: error.commandName, code: error.code, message: error.replyText, required: true, step };
  }
  if (error instanceof TorAuthError) {
    const p = error.problem;
    const refused = refusedCommandOf(error);
    if (refused !== undefined) {
      return { kind: 'filtered', command: refused, whonix, stockProfileAllows: false, required: true, step: 'connect' };
    }
    return { kind: 'tor-auth', reason: authReason(p), detail: error.message, file: authFile(p) };
  }
  if (error instanceof TorNotFoundError) {
    const relevant = error.mostRelevant;
    // Something answered but refused: that says more than "nothing there".
    if (relevant && relevant.problem.kind !== 'unreachable') return problemOf(relevant.problem, platform, 'connect');
    return { kind: 'tor-unreachable', tried: error.attempts.map((a) => a.source.label), whonix };
  }
  if (error instanceof TorLaunchError) {
    if (error.problem === 'not-installed') return { kind: 'own-tor-refused', reason: 'not-installed' };
    return { kind: 'own-tor-failed', how: error.problem, log: error.log.slice(-5) };
  }
  if (error instanceof TorBridgeError) return bridgeProblem(error.problem);
  if (error instanceof TorUnreachableError) return { kind: 'tor-unreachable', tried: [error.label], whonix };
  if (error instanceof TorConnectionClosedError) {
    const how = error.reason === 'timeout' ? 'timeout' : error.reason === 'protocol' ? 'garbled' : 'closed';
    return { kind: 'tor-lost', endpoint: error.endpoint, how, detail: error.cause instanceof TorProtocolError ? error.cause.detail : null, whonix };
  }
  if (error instanceof TorTimeoutError) return { kind: 'tor-lost', endpoint: error.endpoint, how: 'timeout', detail: null, whonix };
  if (error instanceof TorProtocolError) return { kind: 'tor-lost', endpoint: '', how: 'garbled', detail: error.detail, whonix };
  if (error instanceof TorArgumentError) return { kind: 'internal', message: error.message };
  if (error instanceof TorError) return { kind: 'internal', message: error.message };
  if (error instanceof PortRangeExhaustedError) {
    return { kind: 'port-range', first: error.range.first, last: error.range.last, host: error.host };
  }
  if (error instanceof ListenError) {
    return { kind: 'listen', host: `${error.host}:${error.port}`, detail: systemMessageOf(error.code) ?? error.message };
  }
  if (error instanceof ListenAddressError) return { kind: 'listen', host: error.value, detail: error.message };
  if (error instanceof CatalogRootError) {
    // No path at all (an empty list) means nothing was chosen.
    if (error.problem === 'not-a-path' && error.path === '') return { kind: 'nothing-to-share' };
    // The other 'not-a-path': a website (served from one folder) given a file, or a second path.
    const reason: PathReason = error.problem === 'not-a-path' ? 'not-a-folder' : error.problem;
    return pathProblem(error.path, 'share', reason);
  }
  if (error instanceof ReceiveFolderError) return pathProblem(error.path, 'receive-folder', pathReasonOf(error.code), error.code);
  if (error instanceof KeyStoreError) {
    const reason = error.reason === 'corrupt' ? 'damaged' : error.reason === 'bad-name' ? 'bad-name' : 'disk';
    return { kind: 'saved-address', name: error.shareName, reason };
  }
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** A failed optional command: the share goes on; the words say what it goes without. */
function optionalProblem(command: string, without: OptionalCommandFailure['feature'], error: TorError, whonix: boolean): Problem {
  if (error instanceof TorControlError && error.filtered) {
    return { kind: 'filtered', command, whonix, stockProfileAllows: stockOnionShareProfileAllows(error.command), required: false, without };
  }
  if (error instanceof TorControlError) {
    return { kind: 'tor-error', command, code: error.code, message: error.replyText, required: false, without };
  }
  const message = error instanceof TorProtocolError ? error.detail : error.message;
  return { kind: 'tor-error', command, code: null, message, required: false, without };
}

function onionProblem(error: TorOnionError, whonix: boolean, step: RequiredTorStep): Problem {
  const address = error.serviceId === null ? null : `${error.serviceId}.onion`;
  switch (error.problem) {
    case 'not-removed':
      // DEL_ONION refused: the share stops anyway; its onion ends when OnionDrop disconnects.
      return error.cause
        ? optionalProblem('DEL_ONION', 'removal', error.cause, whonix)
        : { kind: 'onion', problem: 'still-listed', address, whonix };
    case 'key-withheld':
      return { kind: 'onion', problem: step === 'restore' ? 'key-withheld-lost' : 'key-withheld', address, whonix };
    case 'address-changed':
    case 'wrong-address':
      return { kind: 'onion', problem: 'address-mismatch', address, whonix };
    case 'still-listed':
      return { kind: 'onion', problem: 'still-listed', address, whonix };
    case 'link-closed':
    case 'not-live':
      return { kind: 'onion', problem: 'closed', address, whonix };
  }
}

/** `GETINFO status/bootstrap-phase` rather than `GETINFO`; ADD_ONION and other long commands by name only (keys stay out). */
function shownCommand(error: TorControlError): string {
  return error.commandName === 'GETINFO' || error.commandName === 'SETEVENTS' ? error.command : error.commandName || error.command;
}

function pathProblem(path: string, use: 'share' | 'receive-folder', reason: PathReason, code?: string): Problem {
  if (reason === 'other') return { kind: 'path-rejected', path, use, reason, systemMessage: systemMessageOf(code) ?? code ?? '' };
  return { kind: 'path-rejected', path, use, reason };
}

/** An errno code (EACCES, ENOTDIR ...) as a reason the words can explain. */
export function pathReasonOf(code: string | undefined): PathReason {
  switch (code) {
    case 'ENOENT':
      return 'not-found';
    case 'ENOTDIR':
    case 'EEXIST': // mkdir of a path that is a file
    case 'EISDIR':
      return 'not-a-folder';
    case 'EACCES':
    case 'EPERM':
      return 'not-writable';
    case 'EROFS':
      return 'read-only';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no-space';
    case 'ELOOP':
      return 'symlink-loop';
    case 'ENAMETOOLONG':
      return 'not-a-path';
    default:
      return 'other';
  }
}

/** The system's own words for an errno code ("input/output error"), never the code itself. */
export function systemMessageOf(code: string | undefined): string | null {
  if (code === undefined) return null;
  const errno = (osConstants.errno as Record<string, number | undefined>)[code];
  if (errno === undefined) return null;
  return getSystemErrorMap().get(-errno)?.[1] ?? null;
}
