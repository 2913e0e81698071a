// PROTOCOLINFO: which authentication tor accepts, where its cookie is, its version (plain Node).
import type { TorControlConnection } from './connection';
import { TorProtocolError, excerptOf, type AuthMethod } from './errors';
import { parseKeyValues } from './kv-line';
import type { Reply } from './reply';

export type { AuthMethod } from './errors';

const KNOWN_METHODS: readonly AuthMethod[] = ['NULL', 'HASHEDPASSWORD', 'COOKIE', 'SAFECOOKIE'];

export interface ProtocolInfo {
  protocolVersion: number;
  /** Methods we know, in the order tor listed them. */
  methods: AuthMethod[];
  /** Methods tor listed that we do not know (kept for the error message). */
  unknownMethods: string[];
  /** Absolute path, escapes resolved. Only when tor offers COOKIE or SAFECOOKIE. */
  cookieFile?: string;
  /** e.g. `0.4.9.11`; onion-grater passes tor's through. */
  torVersion?: string;
}

/** Throws TorProtocolError when the reply lacks the AUTH line. */
export function parseProtocolInfo(reply: Reply): ProtocolInfo {
  let protocolVersion: number | undefined;
  let methods: AuthMethod[] | undefined;
  const unknownMethods: string[] = [];
  let cookieFile: string | undefined;
  let torVersion: string | undefined;

  for (const line of reply.lines) {
    const space = line.text.indexOf(' ');
    const word = space === -1 ? line.text : line.text.slice(0, space);
    const rest = space === -1 ? '' : line.text.slice(space + 1);
    // control-spec 3.21: unknown InfoLines and extra data are ignored.
    if (word === 'PROTOCOLINFO') {
      const n = Number(rest.trim().split(' ')[0]);
      if (Number.isInteger(n)) protocolVersion = n;
    } else if (word === 'AUTH') {
      const kv = parseKeyValues(rest);
      const listed = (kv.values.get('METHODS') ?? '').split(',').filter((m) => m.length > 0);
      methods = [];
      for (const m of listed) {
        const upper = m.toUpperCase();
        if ((KNOWN_METHODS as readonly string[]).includes(upper)) methods.push(upper as AuthMethod);
        else unknownMethods.push(m);
      }
      cookieFile = kv.values.get('COOKIEFILE');
    } else if (word === 'VERSION') {
      torVersion = parseKeyValues(rest).values.get('Tor');
    }
  }
  if (!methods) {
    throw new TorProtocolError(
      'malformed',
      'PROTOCOLINFO answer without an AUTH line',
      excerptOf(reply.lines.map((l) => l.text).join(' | ')),
    );
  }
  return {
    protocolVersion: protocolVersion ?? 1,
    methods,
    unknownMethods,
    ...(cookieFile !== undefined ? { cookieFile } : {}),
    ...(torVersion !== undefined ? { torVersion } : {}),
  };
}

/** Tor allows one PROTOCOLINFO before authenticating; a second one closes the connection. */
export async function getProtocolInfo(conn: TorControlConnection, timeoutMs?: number): Promise<ProtocolInfo> {
  const reply = await conn.send('PROTOCOLINFO 1', timeoutMs === undefined ? {} : { timeoutMs });
  return parseProtocolInfo(reply);
}
