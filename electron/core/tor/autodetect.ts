// Finding tor without asking: an ordered list of places, each with why, and
// the first that answers and authenticates wins (plain Node).
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Credentials } from './auth';
import { TorController } from './controller';
import { describeEndpoint, isValidPort, sameEndpoint, type ControlEndpoint, type SocksEndpoint } from './endpoint';
import { TorArgumentError, TorError, isKnownTorError, type KnownTorError } from './errors';
import type { LaunchRefusal, OwnTor } from './launcher';
import { ControlPassword } from './password';

/** The `tor.*` settings from config.d. */
export interface TorSettings {
  controlSocket?: string;
  controlHost?: string;
  controlPort?: number;
  password?: string;
  cookieFile?: string;
  socksSocket?: string;
  socksHost?: string;
  socksPort?: number;
}

export interface DetectInput {
  config?: TorSettings;
  /** Where each setting came from (e.g. `/etc/oniondrop.d/30_whonix.conf:4`), to say why. */
  origins?: Partial<Record<keyof TorSettings, string>>;
  env?: Readonly<Record<string, string | undefined>>;
  /** Prefix for system paths (/run/tor/...), for tests. Default `/`. */
  root?: string;
}

export type SourceKind = 'config' | 'env' | 'system' | 'port' | 'tor-browser' | 'own';

export interface TorSource {
  kind: SourceKind;
  /** Short: `unix:/run/tor/control`. */
  label: string;
  /** A sentence: why this place was tried. */
  why: string;
}

export interface SocksChoice {
  endpoint: SocksEndpoint;
  why: string;
  /** Set by config or environment: kept even when tor reports other listeners. */
  explicit: boolean;
}

export interface Candidate {
  source: TorSource;
  control: ControlEndpoint;
  credentials: Credentials;
  socks: SocksChoice;
}

export interface IgnoredSetting {
  name: string;
  why: string;
}

export interface CandidateList {
  candidates: Candidate[];
  /** Settings that could not be used (bad port, broken quoting), with why. */
  ignored: IgnoredSetting[];
}

export const SYSTEM_CONTROL_SOCKET = '/run/tor/control';
export const SYSTEM_SOCKS_SOCKET = '/run/tor/socks';
const LOCALHOST = '127.0.0.1';

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function parsePort(raw: string | undefined, name: string, ignored: IgnoredSetting[]): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!isValidPort(n)) {
    ignored.push({ name, why: `${JSON.stringify(raw)} is not a port number` });
    return undefined;
  }
  return n;
}

function from(origin: string | undefined, setting: string): string {
  return origin ? `${setting} (${origin})` : `${setting} in the configuration`;
}

/**
 * The places to try, in order: explicit config; environment
 * (TOR_CONTROL_IPC_PATH, else TOR_CONTROL_HOST/PORT); Debian's system tor;
 * 127.0.0.1:9051; Tor Browser's 127.0.0.1:9151. Unix sockets before TCP.
 * Duplicates keep their first (most explicit) place.
 *
 * Credentials: config's for config places, the environment's for the
 * environment's place; the other places get config's, else the environment's.
 * SOCKS: config's, else the environment's, else a guess per place.
 */
export function listCandidates(input: DetectInput): CandidateList {
  const config = input.config ?? {};
  const origins = input.origins ?? {};
  const env = input.env ?? {};
  const root = input.root ?? '/';
  const ignored: IgnoredSetting[] = [];
  const candidates: Candidate[] = [];
  const add = (c: Candidate): void => {
    if (!candidates.some((x) => sameEndpoint(x.control, c.control))) candidates.push(c);
  };

  // Credentials
  const configCreds: Credentials = {};
  if (config.password !== undefined && config.password !== '') configCreds.password = ControlPassword.plain(config.password);
  if (nonEmpty(config.cookieFile)) configCreds.cookieFile = config.cookieFile;
  const envCreds: Credentials = {};
  const envPass = nonEmpty(env.TOR_CONTROL_PASSWD);
  if (envPass !== undefined) {
    try {
      envCreds.password = ControlPassword.fromEnv(envPass);
    } catch (error) {
      if (!(error instanceof TorArgumentError)) throw error;
      ignored.push({ name: 'TOR_CONTROL_PASSWD', why: 'starts with " but is not one quoted string' });
    }
  }
  const envCookie = nonEmpty(env.TOR_CONTROL_COOKIE_AUTH_FILE);
  if (envCookie !== undefined) envCreds.cookieFile = envCookie;
  const fallbackCreds: Credentials = {};
  const fallbackPassword = configCreds.password ?? envCreds.password;
  const fallbackCookie = configCreds.cookieFile ?? envCreds.cookieFile;
  if (fallbackPassword) fallbackCreds.password = fallbackPassword;
  if (fallbackCookie) fallbackCreds.cookieFile = fallbackCookie;

  // SOCKS set explicitly
  let explicitSocks: SocksChoice | undefined;
  if (nonEmpty(config.socksSocket)) {
    explicitSocks = { endpoint: { path: config.socksSocket as string }, why: from(origins.socksSocket, 'tor.socks_socket'), explicit: true };
  } else if (config.socksPort !== undefined || nonEmpty(config.socksHost)) {
    const port = config.socksPort ?? 9050;
    if (isValidPort(port)) {
      explicitSocks = {
        endpoint: { host: nonEmpty(config.socksHost) ?? LOCALHOST, port },
        why: from(origins.socksPort ?? origins.socksHost, 'tor.socks_host/tor.socks_port'),
        explicit: true,
      };
    } else {
      ignored.push({ name: 'tor.socks_port', why: `${port} is not a port number` });
    }
  }
  if (!explicitSocks) {
    const ipc = nonEmpty(env.TOR_SOCKS_IPC_PATH);
    if (ipc !== undefined) {
      explicitSocks = { endpoint: { path: ipc }, why: 'TOR_SOCKS_IPC_PATH is set in the environment', explicit: true };
    } else {
      const host = nonEmpty(env.TOR_SOCKS_HOST);
      const rawPort = nonEmpty(env.TOR_SOCKS_PORT);
      if (host !== undefined || rawPort !== undefined) {
        const port = rawPort === undefined ? 9050 : parsePort(rawPort, 'TOR_SOCKS_PORT', ignored);
        if (port !== undefined) {
          explicitSocks = {
            endpoint: { host: host ?? LOCALHOST, port },
            why: 'TOR_SOCKS_HOST/TOR_SOCKS_PORT are set in the environment',
            explicit: true,
          };
        }
      }
    }
  }
  const socks = (guess: SocksEndpoint, why: string): SocksChoice => explicitSocks ?? { endpoint: guess, why, explicit: false };
  const defaultSocks = (): SocksChoice => socks({ host: LOCALHOST, port: 9050 }, "tor's default SocksPort (a guess)");

  // 1. config
  if (nonEmpty(config.controlSocket)) {
    const control = { path: config.controlSocket as string };
    add({
      source: { kind: 'config', label: describeEndpoint(control), why: `set by ${from(origins.controlSocket, 'tor.control_socket')}` },
      control,
      credentials: configCreds,
      socks: defaultSocks(),
    });
  }
  if (config.controlPort !== undefined || nonEmpty(config.controlHost)) {
    const port = config.controlPort ?? 9051;
    if (isValidPort(port)) {
      const control = { host: nonEmpty(config.controlHost) ?? LOCALHOST, port };
      add({
        source: {
          kind: 'config',
          label: describeEndpoint(control),
          why: `set by ${from(origins.controlPort ?? origins.controlHost, 'tor.control_host/tor.control_port')}`,
        },
        control,
        credentials: configCreds,
        socks: defaultSocks(),
      });
    } else {
      ignored.push({ name: 'tor.control_port', why: `${port} is not a port number` });
    }
  }

  // 2. environment (Whonix, Tor Browser's launcher, TorBirdy-style setups)
  const envIpc = nonEmpty(env.TOR_CONTROL_IPC_PATH);
  const envCredentials: Credentials = { ...fallbackCreds, ...envCreds };
  if (envIpc !== undefined) {
    if (isAbsolute(envIpc)) {
      const control = { path: envIpc };
      add({
        source: { kind: 'env', label: describeEndpoint(control), why: 'TOR_CONTROL_IPC_PATH is set in the environment' },
        control,
        credentials: envCredentials,
        socks: defaultSocks(),
      });
    } else {
      ignored.push({ name: 'TOR_CONTROL_IPC_PATH', why: 'is not an absolute path' });
    }
  } else {
    const host = nonEmpty(env.TOR_CONTROL_HOST);
    const rawPort = nonEmpty(env.TOR_CONTROL_PORT);
    if (host !== undefined || rawPort !== undefined) {
      const port = rawPort === undefined ? 9051 : parsePort(rawPort, 'TOR_CONTROL_PORT', ignored);
      if (port !== undefined) {
        const control = { host: host ?? LOCALHOST, port };
        add({
          source: { kind: 'env', label: describeEndpoint(control), why: 'TOR_CONTROL_HOST/TOR_CONTROL_PORT are set in the environment' },
          control,
          credentials: envCredentials,
          socks: defaultSocks(),
        });
      }
    }
  }

  // 3. Debian's system tor
  const systemControl = { path: join(root, SYSTEM_CONTROL_SOCKET) };
  const systemSocks = join(root, SYSTEM_SOCKS_SOCKET);
  add({
    source: { kind: 'system', label: describeEndpoint(systemControl), why: "Debian's system tor opens its control socket here" },
    control: systemControl,
    credentials: fallbackCreds,
    socks: existsSync(systemSocks)
      ? socks({ path: systemSocks }, "Debian's system tor's SOCKS socket")
      : defaultSocks(),
  });

  // 4. tor's default ControlPort, 5. Tor Browser's
  const port9051 = { host: LOCALHOST, port: 9051 };
  add({
    source: { kind: 'port', label: describeEndpoint(port9051), why: "tor's usual ControlPort" },
    control: port9051,
    credentials: fallbackCreds,
    socks: defaultSocks(),
  });
  const port9151 = { host: LOCALHOST, port: 9151 };
  add({
    source: { kind: 'tor-browser', label: describeEndpoint(port9151), why: "Tor Browser's ControlPort (while Tor Browser runs)" },
    control: port9151,
    credentials: fallbackCreds,
    socks: socks({ host: LOCALHOST, port: 9150 }, "Tor Browser's SocksPort"),
  });

  return { candidates, ignored };
}

export interface DetectAttempt {
  source: TorSource;
  /** Undefined for our own tor. */
  candidate?: Candidate;
  problem: KnownTorError;
}

export interface FoundTor {
  controller: TorController;
  source: TorSource;
  socks: SocksEndpoint;
  socksWhy: string;
  /** Places tried before this one, with what went wrong. */
  attempts: DetectAttempt[];
  ignored: IgnoredSetting[];
  /** Set when the tor is our own; stop it on exit. */
  ownTor?: OwnTor;
}

export class TorNotFoundError extends TorError {
  readonly kind = 'not-found' as const;
  constructor(
    readonly attempts: DetectAttempt[],
    readonly ignored: IgnoredSetting[],
    /** Why no own tor was started, when that was considered. */
    readonly refusal?: LaunchRefusal,
  ) {
    super(`no tor found (tried ${attempts.map((a) => a.source.label).join(', ') || 'nothing'})`);
    this.name = 'TorNotFoundError';
  }

  /**
   * The attempt to show first: one where something answered but refused
   * (wrong password, unreadable cookie, filtered) tells the user more than
   * "nothing there".
   */
  get mostRelevant(): DetectAttempt | undefined {
    return this.attempts.find((a) => a.problem.kind !== 'unreachable') ?? this.attempts[0];
  }
}

export interface FindOptions extends DetectInput {
  /** Per place; Unix sockets and refused ports answer at once anyway. Default 3 s. */
  connectTimeoutMs?: number;
  /** Per command while detecting (a port that is not tor may never answer). Default 10 s. */
  commandTimeoutMs?: number;
}

async function chooseSocks(controller: TorController, guess: SocksChoice): Promise<SocksChoice> {
  if (guess.explicit) return guess;
  try {
    const listeners = await controller.getSocksListeners();
    const first = listeners[0];
    if (first) return { endpoint: first, why: 'tor reports this SOCKS listener', explicit: false };
  } catch (error) {
    // Filtered (onion-grater) or unknown: keep the guess. A closed connection is a real failure.
    if (controller.closed) throw error;
  }
  return guess;
}

/** Tries each place in order; rejects with TorNotFoundError when none works. */
export async function findTor(options: FindOptions = {}): Promise<FoundTor> {
  const { candidates, ignored } = listCandidates(options);
  const attempts: DetectAttempt[] = [];
  const connectOptions = {
    connectTimeoutMs: options.connectTimeoutMs ?? 3_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
  };
  for (const candidate of candidates) {
    let controller: TorController | undefined;
    try {
      controller = await TorController.connectAndAuthenticate(candidate.control, candidate.credentials, connectOptions);
      const socks = await chooseSocks(controller, candidate.socks);
      return { controller, source: candidate.source, socks: socks.endpoint, socksWhy: socks.why, attempts, ignored };
    } catch (error) {
      if (!isKnownTorError(error)) throw error;
      await controller?.close();
      attempts.push({ source: candidate.source, candidate, problem: error });
    }
  }

  // Our own tor, when nothing answered, is openTor's step (open-tor.ts).
  throw new TorNotFoundError(attempts, ignored);
}
