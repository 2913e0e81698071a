// One lane of a download: a keep-alive HTTP connection to the share through tor's SOCKS port, on a circuit of its own (plain Node).
//
// Each lane sends its own SOCKS username and password, so tor's
// IsolateSOCKSAuth (on by default) keeps it on a circuit no other lane and no
// other program shares: parallel lanes are parallel circuits. renew() picks
// new credentials, i.e. a fresh circuit, after a failure. A `direct` route
// skips tor (loopback only: tests and local shares).
import { Agent, request, type ClientRequest, type ClientRequestArgs, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SocksEndpoint } from '../tor/endpoint';
import { newSocksIsolation, socksConnect, type SocksIsolation } from '../tor/socks';

export type Route =
  | { kind: 'tor'; socks: SocksEndpoint }
  /** Straight to host:port, for loopback shares and tests. */
  | { kind: 'direct'; host: string; port: number };

/** Default time from asking for a connection to the response's headers: an onion can take long to reach. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 120_000;

class SocksAgent extends Agent {
  constructor(
    private readonly socks: SocksEndpoint,
    private readonly isolation: SocksIsolation,
    private readonly timeoutMs: number,
    connections: number,
  ) {
    super({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = String(options.host ?? '');
    const port = Number(options.port ?? 80);
    socksConnect({ proxy: this.socks, host, port, isolation: this.isolation, timeoutMs: this.timeoutMs }).then(
      (socket) => {
        // socksConnect hands the socket over paused, with any early bytes put back.
        socket.resume();
        callback?.(null, socket);
      },
      // Node's agent reads only the error when there is one.
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

export interface LaneRequest {
  req: ClientRequest;
  response: Promise<IncomingMessage>;
}

export class Lane {
  private agent: Agent;
  /** Agents of earlier circuits: a request still running on one is not cut off by a renewal. */
  private readonly retired: Agent[] = [];
  private isolationValue: SocksIsolation;
  /** How many circuits this lane has used (1 + renewals). */
  circuits = 1;

  constructor(
    readonly id: number,
    private readonly route: Route,
    /** "<id>.onion": the SOCKS target and the Host header. */
    private readonly host: string,
    private readonly responseTimeoutMs = DEFAULT_RESPONSE_TIMEOUT_MS,
    /** Requests at once on this lane's circuit (each its own stream, same SOCKS credentials). */
    private readonly connections = 1,
  ) {
    this.isolationValue = newSocksIsolation(`oniondrop-get-${id}`);
    this.agent = this.makeAgent();
  }

  /** The SOCKS username and password in use (tests check that lanes differ). */
  get isolation(): SocksIsolation {
    return this.isolationValue;
  }

  /**
   * A fresh circuit for the next requests: new credentials; the old circuit's
   * idle connections are dropped. `seen`: the `circuits` count the failed
   * request started on; when the lane has renewed since (its other request
   * failed first), nothing happens.
   */
  renew(seen = this.circuits): void {
    if (seen !== this.circuits) return;
    const old = this.agent;
    for (const sockets of Object.values(old.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    this.retired.push(old);
    this.isolationValue = newSocksIsolation(`oniondrop-get-${this.id}`);
    this.agent = this.makeAgent();
    this.circuits++;
  }

  /** GET `path`; the promise settles with the response's headers (or the error that prevented them). */
  get(path: string, headers: Record<string, string>): LaneRequest {
    const target = this.route.kind === 'direct' ? { host: this.route.host, port: this.route.port } : { host: this.host, port: 80 };
    const req = request({
      ...target,
      path,
      method: 'GET',
      agent: this.agent,
      headers: { Host: this.host, 'Accept-Encoding': 'identity', 'User-Agent': 'OnionDrop', ...headers },
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      const timer = setTimeout(() => req.destroy(new ResponseTimeoutError()), this.responseTimeoutMs);
      req.once('response', (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      req.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    // Rejections are read by whoever awaits `response`; a request aborted before that must not go unhandled.
    response.catch(() => undefined);
    req.end();
    return { req, response };
  }

  close(): void {
    this.agent.destroy();
    for (const old of this.retired.splice(0)) old.destroy();
  }

  private makeAgent(): Agent {
    if (this.route.kind === 'direct') return new Agent({ keepAlive: true, maxSockets: this.connections, maxFreeSockets: this.connections });
    return new SocksAgent(this.route.socks, this.isolationValue, this.responseTimeoutMs, this.connections);
  }
}

/** No response headers within the lane's time. */
export class ResponseTimeoutError extends Error {
  readonly kind = 'response-timeout' as const;
  constructor() {
    super('no response in time');
    this.name = 'ResponseTimeoutError';
  }
}
