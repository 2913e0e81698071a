// ADD_ONION / DEL_ONION / ONION_CLIENT_AUTH_* command lines and ADD_ONION's reply (plain Node).
// The shapes are chosen to pass Whonix's stock onion-grater profile for
// OnionShare (40_onionshare.yml) wherever it allows them, and the project's
// own profile (assets/onion-grater/40_oniondrop.yml) always:
//   public, new key:       ADD_ONION NEW:ED25519-V3 Port=80,<port>
//   private, new key:      ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,<port> ClientAuthV3=<pub>
//   public, known key:     ADD_ONION ED25519-V3:<key> Port=80,<port>      (stock profile: filtered)
//   private, known key:    ADD_ONION ED25519-V3:<key> Flags=V3Auth Port=80,<port> ClientAuthV3=<pub>
// The target is the port alone, so that onion-grater can rewrite it to
// `<Workstation address>:<port>`; tor itself reads it as 127.0.0.1:<port>.
// Never Flags=Detach (the onion must die with the app) nor DiscardPK (the key
// is needed to bring the same address back after tor restarts).
import { command, token } from './encode';
import { TorArgumentError, TorProtocolError, excerptOf } from './errors';
import type { ClientAuthKeys, OnionKey } from './link-types';
import { base32Decode } from './onion-keys';
import type { Reply } from './reply';

/** The virtual port visitors use: `http://<id>.onion/` without a port. */
export const VIRTUAL_PORT = 80;

const SERVICE_ID = /^[a-z2-7]{56}$/;
/** tor's expanded ED25519 secret key: 64 bytes, base64 with padding. */
const KEY_BLOB = /^[A-Za-z0-9+/]{86}==$/;
/** An x25519 public key, base32 of 32 bytes, as tor takes it in ClientAuthV3=. */
const CLIENT_AUTH_PUBLIC = /^[A-Z2-7]{52}$/;

export interface AddOnionSpec {
  port: number;
  key: OnionKey | null;
  clientAuth: Pick<ClientAuthKeys, 'publicKey'> | null;
}

/** The argument checks happen here, before anything is sent (the key is never shown in an error). */
export function addOnionCommand(spec: AddOnionSpec): string {
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) {
    throw new TorArgumentError('bad-token', 'the onion service target port');
  }
  let keyArg: string;
  if (spec.key === null) {
    keyArg = 'NEW:ED25519-V3';
  } else {
    if (spec.key.type !== 'ED25519-V3' || !KEY_BLOB.test(spec.key.blob)) {
      throw new TorArgumentError('bad-token', 'the onion service key');
    }
    keyArg = token(`ED25519-V3:${spec.key.blob}`, 'the onion service key');
  }
  const portArg = `Port=${VIRTUAL_PORT},${spec.port}`;
  if (spec.clientAuth === null) return command('ADD_ONION', keyArg, portArg);
  const pub = spec.clientAuth.publicKey.toUpperCase();
  if (!CLIENT_AUTH_PUBLIC.test(pub)) throw new TorArgumentError('bad-token', 'the client authorization public key');
  return command('ADD_ONION', keyArg, 'Flags=V3Auth', portArg, `ClientAuthV3=${pub}`);
}

export function delOnionCommand(serviceId: string): string {
  if (!SERVICE_ID.test(serviceId)) throw new TorArgumentError('bad-token', 'the onion service id');
  return command('DEL_ONION', serviceId);
}

/**
 * control-spec 3.30: `x25519:` then base64 of the raw 32-byte private key
 * (Tor Browser shows the same key in base32).
 */
export function clientAuthAddCommand(serviceId: string, privateKeyBase32: string): string {
  if (!SERVICE_ID.test(serviceId)) throw new TorArgumentError('bad-token', 'the onion service id');
  let raw: Buffer;
  try {
    raw = base32Decode(privateKeyBase32);
  } catch {
    throw new TorArgumentError('bad-token', 'the client authorization private key');
  }
  if (raw.length !== 32) throw new TorArgumentError('bad-token', 'the client authorization private key');
  const line = command('ONION_CLIENT_AUTH_ADD', serviceId, `x25519:${raw.toString('base64')}`);
  raw.fill(0);
  return line;
}

export function clientAuthRemoveCommand(serviceId: string): string {
  if (!SERVICE_ID.test(serviceId)) throw new TorArgumentError('bad-token', 'the onion service id');
  return command('ONION_CLIENT_AUTH_REMOVE', serviceId);
}

export interface AddOnionResult {
  serviceId: string;
  /**
   * `null` when tor sent no key (we gave one, so it has nothing to tell);
   * `'withheld'` when a filter replaced it (`PrivateKey=ED25519-V3:redacted`)
   * or it is not a key tor would accept back.
   */
  privateKey: OnionKey | 'withheld' | null;
}

/** Reads `250-ServiceID=...` and `250-PrivateKey=ED25519-V3:...`; a reply without a ServiceID is malformed. */
export function parseAddOnionReply(reply: Reply): AddOnionResult {
  let serviceId: string | undefined;
  let privateKey: AddOnionResult['privateKey'] = null;
  for (const line of reply.lines) {
    const eq = line.text.indexOf('=');
    if (eq === -1) continue;
    const name = line.text.slice(0, eq);
    const value = line.text.slice(eq + 1).trim();
    if (name === 'ServiceID' && serviceId === undefined) {
      serviceId = value;
    } else if (name === 'PrivateKey') {
      const colon = value.indexOf(':');
      const type = colon === -1 ? '' : value.slice(0, colon);
      const blob = colon === -1 ? '' : value.slice(colon + 1);
      privateKey = type === 'ED25519-V3' && KEY_BLOB.test(blob) ? { type: 'ED25519-V3', blob } : 'withheld';
    }
  }
  if (serviceId === undefined || !SERVICE_ID.test(serviceId)) {
    throw new TorProtocolError(
      'malformed',
      serviceId === undefined ? 'ADD_ONION answered without a ServiceID' : 'ADD_ONION answered with an unreadable ServiceID',
      excerptOf(reply.lines.map((l) => l.text).join(' | ')),
    );
  }
  return { serviceId, privateKey };
}
