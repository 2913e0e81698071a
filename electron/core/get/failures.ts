// Sorting what went wrong with one request: worth another try on a fresh circuit, or the end of the download (plain Node).
import type { Problem } from '../../contract';
import { SocksError } from '../tor/socks';
import { ResponseTimeoutError } from './lane';

export type RetryReason = 'stalled' | 'cut-off' | 'timeout' | 'server-error' | 'busy' | 'tor';

export type Failure =
  | { kind: 'retry'; reason: RetryReason; retryAfterMs: number | null; socks: SocksError | null }
  | { kind: 'fatal'; problem: Problem };

/** The stall watchdog ended a response. */
export class StallError extends Error {
  readonly kind = 'stalled' as const;
  constructor() {
    super('no data for too long');
    this.name = 'StallError';
  }
}

const retry = (reason: RetryReason, socks: SocksError | null = null, retryAfterMs: number | null = null): Failure => ({
  kind: 'retry',
  reason,
  retryAfterMs,
  socks,
});

/**
 * Replies a retry cannot change: the onion wants a key we do not have, or
 * refuses ours (tor's extended SOCKS errors, proposal 304).
 */
function fatalSocksReply(error: SocksError): Problem | null {
  switch (error.reply?.name) {
    case 'onion-client-auth-missing':
      return { kind: 'get-onion', reason: 'needs-key', detail: error.reply.text };
    case 'onion-client-auth-wrong':
      return { kind: 'get-onion', reason: 'wrong-key', detail: error.reply.text };
    case 'onion-address-invalid':
    case 'not-allowed':
    case 'command-not-supported':
    case 'address-type-not-supported':
      return { kind: 'get-onion', reason: 'unreachable', detail: error.reply.text };
    default:
      return null;
  }
}

export function classifyError(error: unknown): Failure {
  if (error instanceof SocksError) {
    switch (error.problem) {
      case 'unreachable':
        return { kind: 'fatal', problem: { kind: 'get-socks', proxy: error.proxy, reason: 'unreachable' } };
      case 'not-socks5':
        return { kind: 'fatal', problem: { kind: 'get-socks', proxy: error.proxy, reason: 'not-socks' } };
      case 'auth-method-refused':
      case 'auth-refused':
      case 'bad-request':
        return { kind: 'fatal', problem: { kind: 'get-socks', proxy: error.proxy, reason: 'refused' } };
      case 'timeout':
        return retry('timeout', error);
      case 'closed':
        return retry('tor', error);
      case 'reply': {
        const fatal = fatalSocksReply(error);
        return fatal ? { kind: 'fatal', problem: fatal } : retry('tor', error);
      }
    }
  }
  if (error instanceof StallError) return retry('stalled');
  if (error instanceof ResponseTimeoutError) return retry('timeout');
  // Connection resets, a response cut short, garbage where HTTP was expected: the network's faults.
  return retry('cut-off');
}

/** The problem to report when retries ran out; `last` is the last failure's reason, `socks` its SOCKS error if any. */
export function gaveUp(name: string, attempts: number, last: RetryReason, socks: SocksError | null): Problem {
  if (last === 'tor' || socks !== null) {
    const reply = socks?.reply?.name;
    const offline = reply === 'onion-descriptor-not-found';
    return { kind: 'get-onion', reason: offline ? 'offline' : 'unreachable', detail: socks?.reply?.text ?? socks?.message ?? '' };
  }
  return { kind: 'get-gave-up', name, attempts, last };
}

/** Seconds of a Retry-After header (the share sends seconds), capped. */
export function retryAfterMs(header: string | string[] | undefined, capMs: number): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return null;
  return Math.min(Number(value.trim()) * 1000, capMs);
}
