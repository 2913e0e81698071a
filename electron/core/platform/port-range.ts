// Binding the share server to the first free port of the range (plain Node).
import type { Server } from 'node:net';

export interface PortRange {
  first: number;
  last: number;
}

export const DEFAULT_PORT_RANGE: PortRange = { first: 17600, last: 17659 };

/** Every port of the range is taken (or the range is empty). */
export class PortRangeExhaustedError extends Error {
  readonly kind = 'port-range-exhausted';
  constructor(
    readonly host: string,
    readonly range: PortRange,
  ) {
    super(
      `no free port in ${range.first}-${range.last} on ${host}; ` +
        'stop another share or set server.port_range in a config file',
    );
  }
}

/** Binding failed for a reason that trying the next port would not fix. */
export class ListenError extends Error {
  readonly kind = 'listen';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string | undefined,
    cause: Error,
  ) {
    super(`could not listen on ${host}:${port}: ${cause.message}`, { cause });
  }
}

/**
 * Listen on the first free port of `range`, trying the next one on
 * EADDRINUSE. Binding is the test: probing a port and binding later would
 * race with other programs (and other shares of ours).
 */
export async function listenInRange(server: Server, host: string, range: PortRange): Promise<number> {
  for (let port = range.first; port <= range.last; port++) {
    const result = await tryListen(server, host, port);
    if (result === 'bound') return port;
    if (result !== 'in-use') throw new ListenError(host, port, result.code, result);
  }
  throw new PortRangeExhaustedError(host, range);
}

function tryListen(server: Server, host: string, port: number): Promise<'bound' | 'in-use' | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      resolve(err.code === 'EADDRINUSE' ? 'in-use' : err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve('bound');
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // exclusive: never share a port with another process through cluster.
    server.listen({ host, port, exclusive: true });
  });
}
