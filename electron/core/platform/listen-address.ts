// The address the share server listens on (plain Node).
import { isIP } from 'node:net';
import type { Platform } from './detect';

export interface ListenAddress {
  host: string;
  /** Why this address, for `oniondrop detect` and the UI. */
  why: string;
}

/**
 * `auto` follows the Whonix rule: on a Workstation the onion-grater on the
 * Gateway points the onion at the Workstation's own network address, so the
 * connection arrives from the network and 127.0.0.1 would never see it.
 * Everywhere else loopback keeps the server off the LAN.
 */
export function chooseListenAddress(setting: string, platform: Platform): ListenAddress {
  const value = setting.trim();
  if (value === '' || value === 'auto') {
    return platform.whonix === 'workstation'
      ? { host: '0.0.0.0', why: 'Whonix-Workstation detected: the Gateway connects from the network' }
      : { host: '127.0.0.1', why: 'loopback: Tor runs on this machine' };
  }
  // Bracketed IPv6 is accepted because that is how people write it in URLs.
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(bare) === 0) {
    throw new ListenAddressError(value);
  }
  return { host: bare, why: 'set by server.listen_address' };
}

export class ListenAddressError extends Error {
  readonly kind = 'listen-address';
  constructor(readonly value: string) {
    super(`server.listen_address '${value}' is not 'auto' or an IP address`);
  }
}
