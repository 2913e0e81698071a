// A private share's key from a client-auth folder (tor's ClientOnionAuthDir, Tor Browser's onion-auth folder) (plain Node).
//
// Each `*.auth_private` file there holds lines "<id>:descriptor:x25519:<key>";
// the line for this share's id is the key, the same text parseClientKey reads.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../share/errors';
import { parseClientKey, type Parsed } from './address';

/** Whatever keeps the key from being found: the folder is unreadable, or it has no line for this share. */
export type ClientAuthDirMiss = { reason: 'unreadable'; code: string } | { reason: 'no-key' };

/** Files larger than this are not tor's key files. */
const MAX_FILE = 64 * 1024;

export async function keyFromClientAuthDir(dir: string, serviceId: string): Promise<{ ok: true; key: string } | ({ ok: false } & ClientAuthDirMiss)> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.auth_private')).sort();
  } catch (error) {
    return { ok: false, reason: 'unreadable', code: errnoCode(error) };
  }
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch {
      continue; // another file of the folder may still hold it
    }
    if (text.length > MAX_FILE) continue;
    for (const line of text.split('\n')) {
      if (!line.trim().toLowerCase().startsWith(`${serviceId}:`) && !line.trim().toLowerCase().startsWith(`${serviceId}.onion:`)) continue;
      const parsed: Parsed<string> = parseClientKey(line, serviceId);
      if (parsed.ok) return { ok: true, key: parsed.value };
    }
  }
  return { ok: false, reason: 'no-key' };
}
