// Bridge lines as Tor Browser and bridges.torproject.org give them, checked line
// by line before tor sees them (neutral: the Tor settings dialog checks a paste
// with this same code, and the main process checks the config with it).
//
// Grammar (tor's Bridge option, see parse_bridge_line in tor's config.c):
//   [Bridge] [TRANSPORT] IP:PORT [FINGERPRINT] [KEY=VALUE ...]
// An IPv6 address is written in brackets. A plain bridge (no transport) takes
// no KEY=VALUE arguments. Every problem names what is wrong, so the window can
// say "line 3: obfs4 bridges need cert=" instead of tor's "Bridge line did not
// parse" in a log nobody reads.
import { parseAddressPort } from './ip-literal';

export const TRANSPORTS = ['obfs4', 'snowflake', 'webtunnel', 'meek_lite'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** What an argument's value must look like; the window words each one. */
export type ArgumentShape = 'obfs4-cert' | 'iat-mode' | 'fingerprint' | 'hex-key' | 'https-url' | 'host-list' | 'ice-list' | 'word' | 'count';

export type BridgeLineProblem =
  /** A character that has no place in a bridge line (control, invisible, non-ASCII), as `U+200B`. */
  | { code: 'character'; char: string }
  | { code: 'too-long'; max: number }
  | { code: 'unknown-transport'; transport: string }
  | { code: 'no-address' }
  /** Not `IP:PORT` / `[IPv6]:PORT`. */
  | { code: 'address'; text: string }
  /** A host name where tor needs an IP address. */
  | { code: 'hostname'; text: string }
  | { code: 'port'; text: string }
  | { code: 'fingerprint'; text: string }
  /** A word after the address that is neither the fingerprint nor KEY=VALUE. */
  | { code: 'argument'; text: string }
  /** KEY=VALUE on a bridge without a transport. */
  | { code: 'plain-argument'; text: string }
  | { code: 'duplicate-argument'; key: string }
  | { code: 'missing-argument'; key: string; transport: Transport }
  | { code: 'bad-argument'; key: string; shape: ArgumentShape };

export interface BridgeLine {
  /** null: a plain bridge, reached directly (no pluggable transport). */
  transport: Transport | null;
  host: string;
  port: number;
  family: 4 | 6;
  /** 40 hex digits, as given; null when the line has none. */
  fingerprint: string | null;
  args: ReadonlyArray<readonly [string, string]>;
  /** The line as tor's Bridge option takes it: single spaces, no "Bridge" keyword. */
  torrc: string;
}

export interface BridgeLineError {
  /** 1-based, counted in the text as pasted (blank and comment lines count). */
  line: number;
  problem: BridgeLineProblem;
}

export interface ParsedBridgeText {
  lines: BridgeLine[];
  errors: BridgeLineError[];
}

/** Snowflake lines run near 600 characters; anything far longer is not a bridge line. */
export const MAX_LINE_LENGTH = 4096;

interface TransportSpec {
  /** One of these key sets must be complete (obfs4 has an older node-id/public-key form). */
  requires: ReadonlyArray<readonly string[]>;
  /** Shapes of the keys we know; other keys pass, since transports gain new ones. */
  shapes: Readonly<Record<string, ArgumentShape>>;
}

const SPECS: Readonly<Record<Transport, TransportSpec>> = {
  obfs4: {
    requires: [
      ['cert', 'iat-mode'],
      ['node-id', 'public-key', 'iat-mode'],
    ],
    shapes: { cert: 'obfs4-cert', 'iat-mode': 'iat-mode', 'node-id': 'fingerprint', 'public-key': 'hex-key' },
  },
  snowflake: {
    // The Debian client has no default broker: the line must name one.
    requires: [['url']],
    shapes: {
      url: 'https-url',
      ampcache: 'https-url',
      front: 'host-list',
      fronts: 'host-list',
      ice: 'ice-list',
      'utls-imitate': 'word',
      fingerprint: 'fingerprint',
      max: 'count',
    },
  },
  webtunnel: { requires: [['url']], shapes: { url: 'https-url', ver: 'word', servername: 'host-list', utls: 'word' } },
  meek_lite: { requires: [['url']], shapes: { url: 'https-url', front: 'host-list', utls: 'word' } },
};

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

const SHAPE_TESTS: Readonly<Record<ArgumentShape, (value: string) => boolean>> = {
  // 20-byte node ID + 32-byte public key, base64 without padding: 70 characters.
  'obfs4-cert': (v) => /^[A-Za-z0-9+/]{70}(==)?$/.test(v),
  'iat-mode': (v) => /^[012]$/.test(v),
  fingerprint: (v) => /^[0-9A-Fa-f]{40}$/.test(v),
  'hex-key': (v) => /^[0-9A-Fa-f]{64}$/.test(v),
  'https-url': isHttpsUrl,
  'host-list': (v) => v.split(',').every((h) => HOSTNAME.test(h)),
  'ice-list': (v) => v.split(',').every((s) => /^(stun|stuns|turn|turns):[^,\s]+$/.test(s)),
  word: (v) => /^[A-Za-z0-9_.-]+$/.test(v),
  count: (v) => /^[1-9][0-9]{0,2}$/.test(v),
};

export function isTransport(word: string): word is Transport {
  return (TRANSPORTS as readonly string[]).includes(word);
}

/** `U+200B` for a character; printable ASCII stays as it is. */
function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

type LineOutcome = { kind: 'skip' } | { kind: 'line'; line: BridgeLine } | { kind: 'error'; problem: BridgeLineProblem };

/** One line of pasted text. Blank lines and `#` comments are skipped. */
export function parseBridgeLine(raw: string): LineOutcome {
  // JavaScript's \s covers the no-break and other Unicode spaces web pages put in a copied line.
  const text = raw.replace(/^\s+|\s+$/g, '');
  if (text === '' || text.startsWith('#')) return { kind: 'skip' };
  if (text.length > MAX_LINE_LENGTH) return { kind: 'error', problem: { code: 'too-long', max: MAX_LINE_LENGTH } };
  const words = text.split(/\s+/);
  for (const word of words) {
    const odd = /[^\x21-\x7e]/u.exec(word);
    if (odd) return { kind: 'error', problem: { code: 'character', char: describeChar(odd[0]) } };
  }
  // torrc snippets start with the option name; Tor Browser takes those too.
  if (words[0]?.toLowerCase() === 'bridge') words.shift();

  let transport: Transport | null = null;
  const first = words[0];
  if (first === undefined) return { kind: 'error', problem: { code: 'no-address' } };
  // tor reads a leading C identifier as a transport name.
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(first)) {
    if (!isTransport(first)) return { kind: 'error', problem: { code: 'unknown-transport', transport: first } };
    transport = first;
    words.shift();
  }
  const addressText = words.shift();
  if (addressText === undefined) return { kind: 'error', problem: { code: 'no-address' } };
  const address = parseAddressPort(addressText);
  if (!address.ok) {
    const code = address.why === 'hostname' ? 'hostname' : address.why === 'port' ? 'port' : 'address';
    return { kind: 'error', problem: { code, text: addressText } };
  }

  let fingerprint: string | null = null;
  if (words[0] !== undefined && !words[0].includes('=')) {
    const candidate = words.shift() as string;
    if (!SHAPE_TESTS.fingerprint(candidate)) return { kind: 'error', problem: { code: 'fingerprint', text: candidate } };
    fingerprint = candidate;
  }

  const args: Array<readonly [string, string]> = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) return { kind: 'error', problem: { code: 'argument', text: word } };
    if (transport === null) return { kind: 'error', problem: { code: 'plain-argument', text: word } };
    const key = word.slice(0, eq);
    if (args.some(([k]) => k === key)) return { kind: 'error', problem: { code: 'duplicate-argument', key } };
    args.push([key, word.slice(eq + 1)]);
  }

  if (transport !== null) {
    const problem = checkArguments(transport, args);
    if (problem) return { kind: 'error', problem };
  }

  const torrc = [transport, addressText, fingerprint, ...args.map(([k, v]) => `${k}=${v}`)].filter((w) => w !== null).join(' ');
  return {
    kind: 'line',
    line: { transport, host: address.host, port: address.port, family: address.family, fingerprint, args, torrc },
  };
}

function checkArguments(transport: Transport, args: ReadonlyArray<readonly [string, string]>): BridgeLineProblem | undefined {
  const spec = SPECS[transport];
  const keys = new Set(args.map(([k]) => k));
  if (!spec.requires.some((set) => set.every((k) => keys.has(k)))) {
    // Name what is missing from the form the line comes closest to.
    const closest = [...spec.requires].sort((a, b) => b.filter((k) => keys.has(k)).length - a.filter((k) => keys.has(k)).length)[0] ?? [];
    const key = closest.find((k) => !keys.has(k)) ?? '';
    return { code: 'missing-argument', key, transport };
  }
  for (const [key, value] of args) {
    const shape = spec.shapes[key];
    if (shape !== undefined && !SHAPE_TESTS[shape](value)) return { code: 'bad-argument', key, shape };
  }
  return undefined;
}

/** Line ends as \n, no trailing blank: how tor.bridge_lines stores a paste. */
export function normalizeBridgeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
}

/** Every line of a paste (or of tor.bridge_lines): the bridges, and the problems with their line numbers. */
export function parseBridgeText(text: string): ParsedBridgeText {
  const lines: BridgeLine[] = [];
  const errors: BridgeLineError[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const outcome = parseBridgeLine(raw);
    if (outcome.kind === 'line') lines.push(outcome.line);
    else if (outcome.kind === 'error') errors.push({ line: i + 1, problem: outcome.problem });
  });
  return { lines, errors };
}

/** The pluggable transports a set of bridges needs, in the order first used. */
export function transportsOf(lines: readonly BridgeLine[]): Transport[] {
  const seen: Transport[] = [];
  for (const l of lines) if (l.transport !== null && !seen.includes(l.transport)) seen.push(l.transport);
  return seen;
}
