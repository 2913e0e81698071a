// Creates directory-authority keys with Debian's tor-gencert and tor (plain
// Node), reads the two fingerprints every node's DirAuthority line needs, and
// keeps finished key sets in a per-user cache so later runs skip the slow part.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TorNetError } from './errors';

export interface AuthorityIdentity {
  /** RSA identity fingerprint of the relay (40 hex). */
  fingerprint: string;
  /** Fingerprint of the v3 authority identity key (40 hex), from the certificate. */
  v3ident: string;
}

interface RunResult {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], stdin?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(stdin ?? '');
  });
}

/** Files of a finished key set; a cache entry missing any of them is ignored. */
const KEY_FILES = ['authority_identity_key', 'authority_signing_key', 'secret_id_key', 'ed25519_master_id_secret_key'];

function gencertArgs(keys: string, dirPort: number): string[] {
  return [
    '-m', '12',
    '-a', `127.0.0.1:${dirPort}`,
    '-i', join(keys, 'authority_identity_key'),
    '-s', join(keys, 'authority_signing_key'),
    '-c', join(keys, 'authority_certificate'),
    '--passphrase-fd', '0',
  ];
}

async function gencert(args: string[], passphrase: string): Promise<void> {
  const result = await run('tor-gencert', args, `${passphrase}\n`);
  if (result.code !== 0) throw new TorNetError('authority-keys', `tor-gencert exited with ${result.code}: ${result.output.slice(-2000)}`);
}

async function readV3ident(keys: string): Promise<string> {
  const certificate = await readFile(join(keys, 'authority_certificate'), 'utf8');
  const v3ident = /^fingerprint ([0-9A-F]{40})$/m.exec(certificate)?.[1];
  if (!v3ident) throw new TorNetError('authority-keys', 'authority_certificate has no fingerprint line');
  return v3ident;
}

/** Lets tor create the relay keys in `dataDir/keys` and returns the relay fingerprint (also for the middle relays). */
export async function createRelayKeys(dataDir: string): Promise<string> {
  // tor 0.4.9 refuses "-f /dev/null", so the key run gets its own tiny torrc.
  const keygenTorrc = join(dataDir, '..', 'keygen.torrc');
  await writeFile(
    keygenTorrc,
    [`DataDirectory ${dataDir}`, 'ORPort 1', 'DirAuthority x 127.0.0.1:1 ffffffffffffffffffffffffffffffffffffffff', ''].join('\n'),
  );
  const listed = await run('tor', ['--list-fingerprint', '--quiet', '-f', keygenTorrc, '--defaults-torrc', '/dev/null']);
  if (listed.code !== 0) throw new TorNetError('authority-keys', `tor --list-fingerprint exited with ${listed.code}: ${listed.output.slice(-2000)}`);
  const fingerprintFile = await readFile(join(dataDir, 'fingerprint'), 'utf8');
  const fingerprint = /([0-9A-F]{40})/.exec(fingerprintFile)?.[1];
  if (!fingerprint) throw new TorNetError('authority-keys', `unexpected fingerprint file: ${fingerprintFile}`);
  return fingerprint;
}

interface CachedEntry {
  fingerprint: string;
  v3ident: string;
  passphrase: string;
}

async function readCache(entryDir: string): Promise<CachedEntry | undefined> {
  try {
    const entry = JSON.parse(await readFile(join(entryDir, 'identity.json'), 'utf8')) as Partial<CachedEntry>;
    await Promise.all(KEY_FILES.map((f) => readFile(join(entryDir, 'keys', f))));
    if (typeof entry.fingerprint !== 'string' || typeof entry.v3ident !== 'string' || typeof entry.passphrase !== 'string') return undefined;
    return { fingerprint: entry.fingerprint, v3ident: entry.v3ident, passphrase: entry.passphrase };
  } catch {
    return undefined;
  }
}

/** Publishes a finished key set into the cache; a concurrent writer may win, which is fine. */
async function writeCache(cacheDir: string, entryDir: string, keys: string, entry: CachedEntry): Promise<void> {
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  await chmod(cacheDir, 0o700);
  const staging = await mkdtemp(join(cacheDir, '.staging-'));
  try {
    await cp(keys, join(staging, 'keys'), { recursive: true });
    // Holds the passphrase of a throwaway test key: owner-only, like the keys.
    await writeFile(join(staging, 'identity.json'), JSON.stringify(entry), { mode: 0o600 });
    await rename(staging, entryDir);
  } catch {
    // Someone else cached this slot first (rename onto a non-empty folder fails).
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Makes the keys in `<dataDir>/keys` for authority number `index` whose
 * DirPort is `dirPort`. With a cache folder, a cached key set is copied in
 * and only the certificate is re-issued for the new DirPort (tor-gencert -r);
 * otherwise a new identity is created (RSA-3072: 1-25 s on a busy 2-core box)
 * and stored for next time.
 */
export async function createAuthorityIdentity(dataDir: string, dirPort: number, index: number, cacheDir: string | undefined): Promise<AuthorityIdentity> {
  const keys = join(dataDir, 'keys');
  const entryDir = cacheDir ? join(cacheDir, `auth${index}`) : undefined;
  const cached = entryDir ? await readCache(entryDir) : undefined;
  if (entryDir && cached) {
    try {
      await cp(join(entryDir, 'keys'), keys, { recursive: true });
      await chmod(keys, 0o700);
      await gencert(['--reuse', ...gencertArgs(keys, dirPort)], cached.passphrase);
      const v3ident = await readV3ident(keys);
      if (v3ident !== cached.v3ident) throw new TorNetError('authority-keys', `cached key set ${entryDir} does not match its identity.json`);
      return { fingerprint: cached.fingerprint, v3ident };
    } catch {
      // A damaged cache entry must not break the run: drop it and start over.
      await rm(entryDir, { recursive: true, force: true });
      await rm(keys, { recursive: true, force: true });
    }
  }

  await mkdir(keys, { recursive: true, mode: 0o700 });
  // The identity key is encrypted with a throwaway passphrase that never
  // leaves the key folder or the cache entry.
  const passphrase = randomBytes(16).toString('hex');
  await gencert(['--create-identity-key', ...gencertArgs(keys, dirPort)], passphrase);
  const v3ident = await readV3ident(keys);
  const fingerprint = await createRelayKeys(dataDir);
  if (cacheDir && entryDir) await writeCache(cacheDir, entryDir, keys, { fingerprint, v3ident, passphrase });
  return { fingerprint, v3ident };
}
