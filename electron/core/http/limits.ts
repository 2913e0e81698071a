// Limits and timeouts of the front door (plain Node).
//
// Timeouts, as Node 20 applies them:
// - headersTimeout: the whole request head must arrive within it (a client
//   trickling header bytes, slow loris, gets 408 and loses the connection).
//   It also covers a connection that sends nothing at all.
// - requestTimeout: covers receiving the request only, not sending the
//   response (checked: a response taking longer is not cut), so long
//   downloads over Tor are safe with a short value. A mode that takes
//   uploads turns it off (an upload over Tor may take hours).
// - idle timeout (socket timeout): no byte read or written for that long. A
//   reader that stops reading fills the socket buffers, our writes stop
//   completing and the socket goes idle; an honest slow download keeps
//   moving and is never cut.
// - keepAliveTimeout: how long an idle kept-alive connection stays open.
//
// Fairness: every visitor arrives from the Tor daemon's address, so there is
// no client address to be fair between; the front door is fair between
// connections instead (connections.ts).

export interface HttpLimits {
  headersTimeoutMs: number;
  /** 0: none (a mode that takes long uploads). */
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxHeaderSize: number;
  /** Open connections at most; beyond it the oldest waiting one makes room, or the newcomer is refused. */
  maxConnections: number;
  /**
   * Connections with no request in progress (no full request head yet, or
   * idle between requests) at most. Kept below maxConnections so that a
   * connection that sends its request always finds a slot: when a new one
   * would exceed it, the oldest waiting connection is dropped.
   */
  maxWaitingConnections: number;
  /** Requests queued on one connection (pipelining), the one being answered included; more drops the connection. */
  maxPipelined: number;
  /** How often Node checks headersTimeout/requestTimeout; bounds their precision. */
  checkIntervalMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 10_000,
  maxHeaderSize: 16 * 1024,
  maxConnections: 100,
  maxWaitingConnections: 60,
  // Tor Browser does not pipeline at all; a few allow for clients that do.
  maxPipelined: 8,
  checkIntervalMs: 1_000,
};

/** How long after the last byte a client needs to show it read the response (see send-body.ts). */
export function deliveryGraceMs(limits: Pick<HttpLimits, 'keepAliveTimeoutMs'>): number {
  // Node closes an idle kept-alive connection after keepAliveTimeout; a little more as a backstop.
  return limits.keepAliveTimeoutMs + 1000;
}
