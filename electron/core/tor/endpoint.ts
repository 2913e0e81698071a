// Where a tor control port or SOCKS port is: a Unix socket or TCP (plain Node).

export type Endpoint = { path: string } | { host: string; port: number };
export type ControlEndpoint = Endpoint;
export type SocksEndpoint = Endpoint;

export function isUnixEndpoint(e: Endpoint): e is { path: string } {
  return 'path' in e;
}

/** A short human label: `unix:/run/tor/control` or `127.0.0.1:9051`. */
export function describeEndpoint(e: Endpoint): string {
  if (isUnixEndpoint(e)) return `unix:${e.path}`;
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return describeEndpoint(a) === describeEndpoint(b);
}

export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port < 65536;
}
