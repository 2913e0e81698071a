// "Reachable over Tor": fetch a share's own onion through tor's SOCKS port (plain Node).
// A plain HTTP/1.1 GET over the SOCKS stream; any HTTP status line counts,
// since it proves a visitor's path (tor -> onion service -> our server) works.
// Right after publication the first try often fails (SOCKS reply 4: tor has
// no descriptor yet), so it tries a few times.
import type { Socket } from 'node:net';
import { sleep, realTimer, type Timer } from './backoff';
import type { SocksEndpoint } from './endpoint';
import { TorControlError } from './errors';
import { clientAuthAddCommand, clientAuthRemoveCommand } from './onion-commands';
import type { Reply } from './reply';
import { SocksError, socksConnect, type SocksIsolation } from './socks';

/** What the self-check needs of a control connection: only to send lines. */
export interface ClientAuthControl {
  send(line: string): Promise<Reply>;
}

export interface ReachabilityTarget {
  socks: SocksEndpoint;
  /** 56 characters, without `.onion`. */
  serviceId: string;
  /** The share's own SOCKS credentials (IsolateSOCKSAuth). */
  isolation: SocksIsolation;
  /**
   * For a private onion: its client-auth private key (base32), and the
   * control connection of the tor behind `socks`, which must hold the key
   * while it fetches (ONION_CLIENT_AUTH_ADD, removed afterwards).
   */
  clientAuth?: { privateKey: string; control: ClientAuthControl } | null;
}

export interface ReachabilityOptions {
  /** Default 4. */
  attempts: number;
  /** For one attempt, SOCKS handshake and HTTP status line. Default 60 s. */
  timeoutMs: number;
  /** Between attempts. Default 5 s. */
  retryDelayMs: number;
  timer: Timer;
}

export const DEFAULT_REACHABILITY: Readonly<ReachabilityOptions> = {
  attempts: 4,
  timeoutMs: 60_000,
  retryDelayMs: 5_000,
  timer: realTimer,
};

export type UnreachableReason =
  /** Tor could not connect (see the SOCKS reply: descriptor not found, introduction failed ...). */
  | { kind: 'socks'; error: SocksError }
  /** No HTTP answer in time. */
  | { kind: 'timeout' }
  /** The stream opened but closed without an HTTP status line. */
  | { kind: 'closed' }
  /** Something answered that is not HTTP. */
  | { kind: 'not-http' }
  /**
   * The check cannot run here: a private onion needs ONION_CLIENT_AUTH_ADD,
   * which the filter refused (or tor refused), so "can't self-check a private
   * share here", not "unreachable".
   */
  | { kind: 'cannot-check'; why: 'client-auth-filtered' | 'client-auth-refused'; error: TorControlError };

export type ReachabilityResult =
  | { reachable: true; attempts: number; httpStatus: number; elapsedMs: number }
  | { reachable: false; attempts: number; reason: UnreachableReason };

/** Replies retrying cannot change (wrong or missing client authorization, a bad address). */
const FINAL_REPLIES = new Set([0xf4, 0xf5, 0xf6]);

type AttemptOutcome = { ok: true; status: number } | { ok: false; reason: UnreachableReason };

export async function checkReachable(
  target: ReachabilityTarget,
  options: Partial<ReachabilityOptions> = {},
): Promise<ReachabilityResult> {
  const opts: ReachabilityOptions = { ...DEFAULT_REACHABILITY, ...options };
  const attempts = Math.max(1, Math.floor(opts.attempts));
  const started = Date.now();

  let lent: LentClientAuth | null = null;
  if (target.clientAuth) {
    try {
      lent = await lendClientAuth(target.clientAuth.control, target.serviceId, target.clientAuth.privateKey);
    } catch (error) {
      if (!(error instanceof TorControlError)) throw error;
      return {
        reachable: false,
        attempts: 0,
        reason: { kind: 'cannot-check', why: error.filtered ? 'client-auth-filtered' : 'client-auth-refused', error },
      };
    }
  }

  try {
    let last: UnreachableReason = { kind: 'timeout' };
    for (let n = 1; n <= attempts; n += 1) {
      const outcome = await attempt(target, opts);
      if (outcome.ok) return { reachable: true, attempts: n, httpStatus: outcome.status, elapsedMs: Date.now() - started };
      last = outcome.reason;
      const final =
        last.kind === 'socks' &&
        (last.error.problem === 'bad-request' ||
          last.error.problem === 'auth-method-refused' ||
          (last.error.reply !== null && FINAL_REPLIES.has(last.error.reply.code)));
      if (final || n === attempts) return { reachable: false, attempts: n, reason: last };
      await sleep(opts.timer, opts.retryDelayMs).done;
    }
    return { reachable: false, attempts, reason: last };
  } finally {
    await lent?.release();
  }
}

export interface LentClientAuth {
  /** Takes the key back (best effort: tor forgets it anyway when it restarts); once. */
  release(): Promise<void>;
}

/**
 * Lends tor a private onion's client key for a while (ONION_CLIENT_AUTH_ADD,
 * never Flags=Permanent); release() removes it. Tor's refusal (a filter's 510
 * too) is thrown as the TorControlError. Used by the reachability check and
 * by `oniondrop get`.
 */
export async function lendClientAuth(control: ClientAuthControl, serviceId: string, privateKey: string): Promise<LentClientAuth> {
  const reply = await control.send(clientAuthAddCommand(serviceId, privateKey));
  // 251: tor already had a key for this onion and replaced it; removing ours
  // afterwards would leave it with none, so it stays.
  let ours = reply.status === 250;
  return {
    async release() {
      if (!ours) return;
      ours = false;
      await control.send(clientAuthRemoveCommand(serviceId)).catch(() => undefined);
    },
  };
}

async function attempt(target: ReachabilityTarget, opts: ReachabilityOptions): Promise<AttemptOutcome> {
  const abort = new AbortController();
  let socket: Socket | undefined;
  const cancel = opts.timer.schedule(opts.timeoutMs, () => {
    abort.abort();
    socket?.destroy();
  });
  const timeout: AttemptOutcome = { ok: false, reason: { kind: 'timeout' } };
  try {
    socket = await socksConnect({
      proxy: target.socks,
      host: `${target.serviceId}.onion`,
      port: 80,
      isolation: target.isolation,
      signal: abort.signal,
    });
    if (abort.signal.aborted) return timeout;
    const outcome = await readStatus(socket, target.serviceId);
    return abort.signal.aborted ? timeout : outcome;
  } catch (error) {
    if (!(error instanceof SocksError)) throw error;
    return error.problem === 'timeout' || abort.signal.aborted ? timeout : { ok: false, reason: { kind: 'socks', error } };
  } finally {
    cancel();
    socket?.destroy();
  }
}

/** Sends the GET and waits for the status line (or the stream's end). */
function readStatus(socket: Socket, serviceId: string): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let head = '';
    let settled = false;
    const done = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(outcome);
    };
    socket.on('error', () => undefined);
    socket.on('close', () => done({ ok: false, reason: { kind: 'closed' } }));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\n') && head.length < 1024) return;
      const m = /^HTTP\/1\.[01] (\d{3})\b/.exec(head);
      done(m ? { ok: true, status: Number(m[1]) } : { ok: false, reason: { kind: 'not-http' } });
    });
    socket.write(`GET / HTTP/1.1\r\nHost: ${serviceId}.onion\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
    socket.resume();
  });
}
