// Keys of persistent shares, kept in the user's data folder (plain Node).
// Files are 0600 in a 0700 folder and are never logged: whoever reads them can
// impersonate the share's address.
import { mkdir, readFile, chmod } from 'node:fs/promises';
import { writePrivateFileAtomically } from './atomic-file';
import { join } from 'node:path';
import type { ClientAuthKeys, OnionKey } from './tor/link-types';
import { clientAuthFromPrivate, isServiceId, serviceIdOfKey } from './tor/onion-keys';

export interface StoredIdentity {
  key: OnionKey;
  serviceId: string;
  clientAuth: ClientAuthKeys | null;
}

export interface KeyStore {
  load(name: string): Promise<StoredIdentity | null>;
  save(name: string, identity: { key: OnionKey | null; serviceId: string | null; clientAuth: ClientAuthKeys | null }): Promise<void>;
}

export class KeyStoreError extends Error {
  readonly kind = 'key-store';
  constructor(
    readonly shareName: string,
    readonly reason: 'bad-name' | 'corrupt' | 'io',
    detail: string,
  ) {
    super(`persistent share '${shareName}': ${detail}`);
  }
}

/** Names become file names: keep them plain. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

interface FileFormat {
  version: 1;
  onionKey: string;
  serviceId: string;
  clientAuthPrivateKey: string | null;
}

export function fileKeyStore(dataDir: string): KeyStore {
  const dir = join(dataDir, 'persistent');
  const fileOf = (name: string): string => {
    if (!NAME.test(name)) throw new KeyStoreError(name, 'bad-name', 'use letters, digits, dot, dash or underscore');
    return join(dir, `${name}.json`);
  };
  return {
    async load(name) {
      let text: string;
      try {
        text = await readFile(fileOf(name), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new KeyStoreError(name, 'io', (err as Error).message);
      }
      try {
        const f = JSON.parse(text) as FileFormat;
        if (f.version !== 1 || typeof f.onionKey !== 'string' || Buffer.from(f.onionKey, 'base64').length !== 64) {
          throw new Error('unknown format');
        }
        // The address is announced before tor sees the key: it must be a real one.
        if (typeof f.serviceId !== 'string' || !isServiceId(f.serviceId)) throw new Error('bad onion address');
        const key: OnionKey = { type: 'ED25519-V3', blob: f.onionKey };
        if (serviceIdOfKey(key) !== f.serviceId) throw new Error('the key is not the address');
        return {
          key,
          serviceId: f.serviceId,
          clientAuth: f.clientAuthPrivateKey ? clientAuthFromPrivate(f.clientAuthPrivateKey) : null,
        };
      } catch (err) {
        throw new KeyStoreError(name, 'corrupt', `the key file is damaged (${(err as Error).message})`);
      }
    },
    async save(name, identity) {
      if (!identity.key || !identity.serviceId) throw new KeyStoreError(name, 'io', 'no key to store');
      const file = fileOf(name);
      const body: FileFormat = {
        version: 1,
        onionKey: identity.key.blob,
        serviceId: identity.serviceId,
        clientAuthPrivateKey: identity.clientAuth?.privateKey ?? null,
      };
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await chmod(dir, 0o700);
        writePrivateFileAtomically(file, JSON.stringify(body, null, 2) + '\n');
      } catch (err) {
        throw new KeyStoreError(name, 'io', (err as Error).message);
      }
    },
  };
}
