// Private Tor network on loopback for integration tests (plain Node): 4
// directory authorities that are also relays, plus named client tors. Builds
// it in a temp folder, waits until an onion round trip works, hands out
// endpoints, and tears everything down by pid.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAuthorityIdentity, createRelayKeys } from './authority-keys';
import { findObfs4Server, readObfs4BridgeLine, waitForListener, type Obfs4BridgeLine } from './bridge';
import { bootstrapProgress, relaysInConsensus } from './client-status';
import { ControlConnection } from './control-client';
import { describeError, pollUntil } from './deadline';
import { TorNetError, type NodeLogTail, type TorNetStep } from './errors';
import { reserveFreePorts } from './free-ports';
import { publishOnion, type PublishOnionOptions, type PublishedOnion } from './onion-service';
import { startProbeServer } from './probe-server';
import { fetchThroughSocks, openThroughSocks, type SocksHttpRequest, type SocksHttpResponse, type SocksHttpStream } from './socks-fetch';
import type { SocksEndpoint } from './socks5';
import { TorNode, waitForControlSocket } from './tor-node';
import {
  authorityTorrc,
  bandwidthFile,
  clientTorrc,
  relayTorrc,
  dirAuthorityLine,
  joiningClientLines,
  obfs4BridgeTorrc,
  renderTorrc,
  type AuthorityPlan,
  type BridgeNodePlan,
  type ClientPlan,
  type CommonSettings,
  type RelayPlan,
} from './torrc';

export type DefaultClientName = 'gateway' | 'downloader';

/** Onion circuits need 4 distinct relays; with 3 every onion fetch times out. */
export const AUTHORITY_COUNT = 4;

export interface StartTorNetOptions<N extends string> {
  /** Parent folder for the network's temp folder (default os.tmpdir()). Keep it short: Unix socket paths max ~100 bytes. */
  baseDir?: string;
  /** Client tor names (letters/digits, default ["gateway", "downloader"]) or a count (names client1..clientN). */
  clients?: readonly N[] | number;
  /** Progress lines ("[tornet] …"); default silent. */
  onLog?: (line: string) => void;
  /** Whole startup bound, default 120 s. */
  deadlineMs?: number;
  /** Leave the folder (keys, torrcs, logs) after stop() or a failed start. Default: env TORNET_KEEP=1. */
  keep?: boolean;
  /** "info" adds <node>.info.log files. Default: env TORNET_LOG or "notice". */
  logLevel?: 'notice' | 'info';
  /**
   * Folder that keeps authority key sets between runs (creating them is the
   * slowest part of startup), or false for fresh keys every time. Default: env
   * TORNET_KEY_CACHE ("off" disables) or <tmpdir>/tornet-authority-keys-v1-<uid>.
   */
  keyCache?: string | false;
  /** Extra torrc lines per client, e.g. ["ClientOnionAuthDir /…"]. */
  extraTorrc?: Partial<Record<N, readonly string[]>>;
  /** Also start a bridge relay speaking obfs4 (Debian's obfs4proxy), known to no consensus. */
  obfs4Bridge?: boolean;
  /**
   * Middle relays besides the 4 authorities (relay1..relayN, default 0). With
   * any, only the authorities are guards, so the middle relays carry the
   * middle hops and rendezvous points: with enough of them, parallel circuits
   * cross different relays (benchmarks of several circuits at once).
   */
  relays?: number;
  /** Extra torrc lines for every middle relay, e.g. ["BandwidthRate 2 MBytes", "BandwidthBurst 2 MBytes"]. */
  relayTorrc?: readonly string[];
  /** Extra torrc lines for every authority. */
  authorityTorrc?: readonly string[];
}

export interface TorClient {
  readonly name: string;
  readonly dataDir: string;
  readonly torrcPath: string;
  /** Unix control socket (cookie auth), as TOR_CONTROL_IPC_PATH would name it. */
  readonly controlSocketPath: string;
  /** TCP control port on 127.0.0.1 (cookie auth). */
  readonly controlPort: number;
  readonly cookiePath: string;
  /** Unix SOCKS socket, as TOR_SOCKS_IPC_PATH would name it. */
  readonly socksSocketPath: string;
  /** TCP SOCKS port on 127.0.0.1. */
  readonly socksPort: number;
  /** Current pid (changes on restart). */
  readonly pid: number;
  readonly alive: boolean;
  /** A fresh authenticated control connection; closed by stop() at the latest. */
  control(): Promise<ControlConnection>;
  socks(via?: 'tcp' | 'unix'): SocksEndpoint;
  /** Kill (SIGTERM by default; SIGKILL to simulate a crash) and wait until the pid is gone. */
  kill(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Start again on the same DataDirectory/torrc; resolves at bootstrap 100 %. */
  start(timeoutMs?: number): Promise<void>;
  /** kill() then start(). */
  restart(opts?: { signal?: 'SIGTERM' | 'SIGKILL'; timeoutMs?: number }): Promise<void>;
  log(): string;
  logTail(lines?: number): string;
  rssKiB(): number;
}

/** A relay of the network (an authority or the bridge), by its process. */
export interface TorRelay {
  readonly name: string;
  readonly orPort: number;
  readonly fingerprint: string;
  readonly dataDir: string;
  readonly pid: number;
  readonly alive: boolean;
  kill(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  log(): string;
  logTail(lines?: number): string;
  rssKiB(): number;
}

/** The obfs4 bridge relay: reachable only through its bridge line (its plain ORPort goes unused). */
export interface TorBridge extends TorRelay {
  readonly obfs4Port: number;
  /** `obfs4 127.0.0.1:PORT FINGERPRINT cert=... iat-mode=0`: what a client pastes. */
  readonly line: string;
}

export interface TorAuthority extends TorRelay {
  readonly dirPort: number;
  readonly v3ident: string;
}

/** Milliseconds from the startTorNet() call. */
export interface StartupTimings {
  keysMs: number;
  /** The authorities publish a consensus listing every relay. */
  consensusMs: number;
  /** Every client is at 100 % and sees every relay. */
  bootstrapMs: number;
  onionPublishedMs: number;
  firstFetchMs: number;
  totalMs: number;
  /** SOCKS attempts the readiness fetch needed (first fetches often get reply 4). */
  probeAttempts: number;
}

export type NetSocksRequest<N extends string> = SocksHttpRequest & {
  /** Whose SOCKS to use. */
  client: N | TorClient;
  /** TCP SocksPort (default) or the Unix SOCKS socket. */
  via?: 'tcp' | 'unix';
};

export interface TorNet<N extends string> {
  /** The network's own folder (removed by stop() unless kept). */
  readonly dir: string;
  readonly clients: Readonly<Record<N, TorClient>>;
  readonly clientList: readonly TorClient[];
  client(name: N): TorClient;
  readonly authorities: readonly TorAuthority[];
  /** The middle relays asked for with `relays` (none by default). */
  readonly relays: readonly TorRelay[];
  /** The DirAuthority lines every node shares (for extra tors joining the network). */
  readonly dirAuthorityLines: readonly string[];
  /** Everything a client tor started elsewhere (the app's own) needs to join: TestingTorNetwork, DirAuthority, ... */
  readonly joinTorrc: readonly string[];
  /** The obfs4 bridge, when asked for (obfs4Bridge). */
  readonly bridge: TorBridge | null;
  readonly timings: StartupTimings;
  /** Pids of all tors of this network that are alive now. */
  pids(): number[];
  /** VmRSS of every live tor, in KiB. */
  memory(): { totalKiB: number; byNode: Record<string, number> };
  fetchThroughSocks(req: NetSocksRequest<N>): Promise<SocksHttpResponse>;
  openThroughSocks(req: NetSocksRequest<N>): Promise<SocksHttpStream>;
  /** ADD_ONION on that client's tor, resolved once the descriptor is uploaded. */
  publishOnion(opts: PublishOnionOptions & { client: N }): Promise<PublishedOnion>;
  /** Kill every tor by pid, wait for them, remove the folder (unless kept). Idempotent. */
  stop(): Promise<void>;
}

const NAME = /^[A-Za-z0-9]{1,19}$/;
const MAX_SOCKET_PATH = 100;

function keyCacheDir(option: string | false | undefined): string | undefined {
  if (option === false) return undefined;
  if (option !== undefined) return resolve(option);
  const env = process.env.TORNET_KEY_CACHE;
  if (env === 'off') return undefined;
  return env ? resolve(env) : join(tmpdir(), `tornet-authority-keys-v1-${process.getuid?.() ?? 'user'}`);
}

function clientNames(spec: readonly string[] | number | undefined): string[] {
  if (spec === undefined) return ['gateway', 'downloader'];
  if (typeof spec === 'number') return Array.from({ length: spec }, (_, i) => `client${i + 1}`);
  return [...spec];
}

interface Built {
  dir: string;
  authorities: Array<{ node: TorNode; plan: AuthorityPlan }>;
  relays: Array<{ node: TorNode; plan: RelayPlan }>;
  clients: Array<{ node: TorNode; plan: ClientPlan }>;
  bridge: { node: TorNode; plan: BridgeNodePlan } | null;
  dirAuthorityLines: string[];
  joinTorrc: string[];
}

class ClientHandle implements TorClient {
  readonly controls = new Set<ControlConnection>();

  constructor(
    private readonly node: TorNode,
    private readonly plan: ClientPlan,
  ) {}

  get name(): string {
    return this.node.name;
  }
  get dataDir(): string {
    return this.plan.dataDir;
  }
  get torrcPath(): string {
    return this.node.files.torrcPath;
  }
  get controlSocketPath(): string {
    return this.plan.controlSocketPath;
  }
  get controlPort(): number {
    return this.plan.controlPort;
  }
  get cookiePath(): string {
    return this.node.files.cookiePath;
  }
  get socksSocketPath(): string {
    return this.plan.socksSocketPath;
  }
  get socksPort(): number {
    return this.plan.socksPort;
  }
  get pid(): number {
    return this.node.pid;
  }
  get alive(): boolean {
    return this.node.alive;
  }

  async control(): Promise<ControlConnection> {
    const c = await ControlConnection.open({ path: this.plan.controlSocketPath }, { cookiePath: this.node.files.cookiePath });
    this.controls.add(c);
    return c;
  }

  socks(via: 'tcp' | 'unix' = 'tcp'): SocksEndpoint {
    return via === 'unix' ? { path: this.plan.socksSocketPath } : { host: '127.0.0.1', port: this.plan.socksPort };
  }

  kill(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    return this.node.kill(signal);
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    if (this.node.alive) throw new TorNetError('restart', `${this.name} is already running (pid ${this.node.pid})`);
    this.node.start();
    const problem = (await waitForControlSocket(this.node, deadline)) ?? (await waitForBootstrap(this.node, deadline));
    if (problem) throw new TorNetError('restart', `${this.name}: ${problem}`, [tailOf(this.node)]);
  }

  async restart(opts: { signal?: 'SIGTERM' | 'SIGKILL'; timeoutMs?: number } = {}): Promise<void> {
    await this.kill(opts.signal);
    await this.start(opts.timeoutMs);
  }

  log(): string {
    return this.node.log();
  }
  logTail(lines?: number): string {
    return this.node.logTail(lines);
  }
  rssKiB(): number {
    return this.node.rssKiB();
  }

  closeControls(): void {
    for (const c of this.controls) c.close();
    this.controls.clear();
  }
}

function tailOf(node: TorNode, lines = 20): NodeLogTail {
  return { node: node.name, tail: node.logTail(lines) };
}

async function openControl(node: TorNode): Promise<ControlConnection> {
  return ControlConnection.open({ path: node.files.controlSocketPath }, { cookiePath: node.files.cookiePath });
}

/** Polls bootstrap progress until 100 %; returns a failure reason or undefined. */
async function waitForBootstrap(node: TorNode, deadline: number): Promise<string | undefined> {
  let control: ControlConnection | undefined;
  let progress = 0;
  try {
    const result = await pollUntil(
      async () => {
        if (!control || control.closed) control = await openControl(node);
        progress = await bootstrapProgress(control);
        return progress >= 100 ? progress : undefined;
      },
      { deadline, everyMs: 250, abortIf: () => (node.alive ? undefined : `tor ${node.exitStatus}`) },
    );
    return result.ok ? undefined : `bootstrap stuck at ${progress} % (${result.reason}; ${describeError(result.lastError)})`;
  } finally {
    control?.close();
  }
}

function build(
  dir: string,
  ports: number[],
  identities: Array<{ fingerprint: string; v3ident: string }>,
  relayFingerprints: readonly string[],
  names: string[],
  opts: StartTorNetOptions<string>,
): Built {
  const port = (): number => {
    const p = ports.shift();
    if (p === undefined) throw new TorNetError('prepare', 'ran out of reserved ports');
    return p;
  };
  const authorityPlans: AuthorityPlan[] = identities.map((id, i) => ({
    nickname: `auth${i + 1}`,
    orPort: port(),
    dirPort: port(),
    ...id,
  }));
  const emptyResolvConf = join(dir, 'empty-resolv.conf');
  writeFileSync(emptyResolvConf, '');
  const settings: CommonSettings = {
    authorities: authorityPlans,
    owningPid: process.pid,
    logLevel: opts.logLevel ?? (process.env.TORNET_LOG === 'info' ? 'info' : 'notice'),
    emptyResolvConf,
  };
  const nodeFiles = (name: string): { paths: { dataDir: string; runDir: string; controlSocketPath: string; logPath: string }; torrcPath: string; stdoutPath: string; cookiePath: string } => {
    const home = join(dir, name);
    const dataDir = join(home, 'data');
    const runDir = join(home, 'run');
    // tor refuses sockets in folders others can read, and DataDirectories that are not 0700.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    mkdirSync(runDir, { recursive: true, mode: 0o700 });
    return {
      paths: { dataDir, runDir, controlSocketPath: join(runDir, 'control'), logPath: join(home, 'notice.log') },
      torrcPath: join(home, 'torrc'),
      stdoutPath: join(home, 'stdout.log'),
      cookiePath: join(dataDir, 'control_auth_cookie'),
    };
  };

  const withRelays = relayFingerprints.length > 0;
  const bandwidthsFile = join(dir, 'bandwidths');
  if (withRelays) writeFileSync(bandwidthsFile, bandwidthFile(authorityPlans.map((a) => a.fingerprint), relayFingerprints, Math.floor(Date.now() / 1000)));
  const voting = {
    guards: withRelays ? authorityPlans.map((a) => a.fingerprint) : null,
    bandwidthsFile: withRelays ? bandwidthsFile : null,
    extra: opts.authorityTorrc ?? [],
  };
  const authorities = authorityPlans.map((plan) => {
    const f = nodeFiles(plan.nickname);
    writeFileSync(f.torrcPath, renderTorrc(authorityTorrc(plan, f.paths, settings, voting)));
    const node = new TorNode(plan.nickname, 'authority', { ...f.paths, torrcPath: f.torrcPath, stdoutPath: f.stdoutPath, cookiePath: f.cookiePath });
    return { node, plan };
  });
  const relays = relayFingerprints.map((fingerprint, i) => {
    const f = nodeFiles(`relay${i + 1}`);
    const plan: RelayPlan = { nickname: `relay${i + 1}`, ...f.paths, orPort: port(), fingerprint };
    writeFileSync(f.torrcPath, renderTorrc(relayTorrc(plan, settings, opts.relayTorrc ?? [])));
    const node = new TorNode(plan.nickname, 'relay', { ...f.paths, torrcPath: f.torrcPath, stdoutPath: f.stdoutPath, cookiePath: f.cookiePath });
    return { node, plan };
  });
  const extra = (opts.extraTorrc ?? {}) as Partial<Record<string, readonly string[]>>;
  const clients = names.map((name) => {
    const f = nodeFiles(name);
    const plan: ClientPlan = { nickname: name, ...f.paths, socksSocketPath: join(f.paths.runDir, 'socks'), socksPort: port(), controlPort: port() };
    if (Buffer.byteLength(plan.socksSocketPath) > MAX_SOCKET_PATH || Buffer.byteLength(plan.controlSocketPath) > MAX_SOCKET_PATH) {
      throw new TorNetError('prepare', `socket paths under ${dir} are too long for Unix sockets; pass a shorter baseDir`);
    }
    writeFileSync(f.torrcPath, renderTorrc(clientTorrc(plan, settings, extra[name] ?? [])));
    const node = new TorNode(name, 'client', { ...f.paths, torrcPath: f.torrcPath, stdoutPath: f.stdoutPath, cookiePath: f.cookiePath });
    return { node, plan };
  });
  let bridge: Built['bridge'] = null;
  if (opts.obfs4Bridge) {
    const obfs4proxy = findObfs4Server();
    if (!obfs4proxy) throw new TorNetError('prepare', 'the obfs4 bridge needs obfs4proxy (sudo apt-get install obfs4proxy)');
    const f = nodeFiles('bridge');
    const plan: BridgeNodePlan = { nickname: 'bridge', ...f.paths, orPort: port(), obfs4Port: port() };
    writeFileSync(f.torrcPath, renderTorrc(obfs4BridgeTorrc(plan, settings, obfs4proxy)));
    bridge = { node: new TorNode('bridge', 'bridge', { ...f.paths, torrcPath: f.torrcPath, stdoutPath: f.stdoutPath, cookiePath: f.cookiePath }), plan };
  }
  return { dir, authorities, relays, clients, bridge, dirAuthorityLines: authorityPlans.map(dirAuthorityLine), joinTorrc: joiningClientLines(settings) };
}

/** The bridge at bootstrap 100 %, its obfs4 listener answering, and its bridge line written. */
async function waitForBridge(node: TorNode, plan: BridgeNodePlan, deadline: number): Promise<Obfs4BridgeLine> {
  const dead = (): string | undefined => (node.alive ? undefined : `tor ${node.exitStatus}`);
  const problem = (await waitForBootstrap(node, deadline)) ?? (await waitForListener(plan.obfs4Port, deadline, dead));
  if (problem) throw new TorNetError('bridge', problem, [tailOf(node)]);
  const line = await pollUntil(async () => readObfs4BridgeLine(plan.dataDir, plan.obfs4Port), { deadline, everyMs: 200, abortIf: dead });
  if (!line.ok) throw new TorNetError('bridge', `no obfs4 bridge line in ${plan.dataDir}/pt_state (${line.reason})`, [tailOf(node)]);
  return line.value;
}

/**
 * Polls the tor's consensus until every authority is in it as a running HSDir
 * and guard, and each of the `middleRelays` extra relays as running.
 */
async function waitForFullConsensus(node: TorNode, deadline: number, deadAuthority: () => string | undefined, middleRelays: number): Promise<string | undefined> {
  let control: ControlConnection | undefined;
  let seen = 0;
  let running = 0;
  const wanted = AUTHORITY_COUNT + middleRelays;
  try {
    const result = await pollUntil(
      async () => {
        if (!control || control.closed) control = await openControl(node);
        const relays = await relaysInConsensus(control);
        seen = relays.filter((r) => ['Running', 'Valid', 'HSDir', 'Guard'].every((f) => r.flags.includes(f))).length;
        running = relays.filter((r) => ['Running', 'Valid'].every((f) => r.flags.includes(f))).length;
        return seen >= AUTHORITY_COUNT && running >= wanted ? seen : undefined;
      },
      { deadline, everyMs: 500, abortIf: () => deadAuthority() ?? (node.alive ? undefined : `tor ${node.exitStatus}`) },
    );
    if (result.ok) return undefined;
    const more = middleRelays > 0 ? `, ${running} of ${wanted} as running` : '';
    return `consensus lists ${seen} of ${AUTHORITY_COUNT} relays as running guards/HSDirs${more} (${result.reason})`;
  } finally {
    control?.close();
  }
}

async function killAll(nodes: readonly TorNode[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.kill('SIGTERM', 3_000)));
}

/**
 * Builds and starts the network; resolves when every client is at bootstrap
 * 100 %, sees all relays in its consensus, and a throwaway onion on the
 * first client was fetched through every other client's SOCKS. On failure
 * everything started is killed and a TorNetError names the step and shows
 * the relevant tor's last log lines.
 */
export function startTorNet(opts: StartTorNetOptions<string> & { clients: number }): Promise<TorNet<string>>;
export function startTorNet<const N extends string = DefaultClientName>(opts?: StartTorNetOptions<N> & { clients?: readonly N[] }): Promise<TorNet<N>>;
export async function startTorNet(opts: StartTorNetOptions<string> = {}): Promise<TorNet<string>> {
  const names = clientNames(opts.clients);
  const relayCount = opts.relays ?? 0;
  if (!Number.isInteger(relayCount) || relayCount < 0) throw new TorNetError('prepare', `relays must be a whole number, not ${relayCount}`);
  for (const name of names) {
    const relayName = /^relay(\d+)$/.exec(name);
    if (!NAME.test(name) || /^auth\d+$/.test(name) || (relayName && Number(relayName[1]) <= relayCount)) {
      throw new TorNetError('prepare', `client name "${name}" must be 1-19 letters/digits and not authN or relayN`);
    }
  }
  if (names.length === 0 || new Set(names).size !== names.length) throw new TorNetError('prepare', 'client names must be non-empty and unique');
  // A port grabbed by someone else between our probe and tor's bind is the one
  // race of free-port picking; one retry on a fresh set of ports covers it.
  try {
    return await startOnce(names, opts);
  } catch (error) {
    if (error instanceof TorNetError && error.logs.some((l) => l.tail.includes('Address already in use'))) {
      opts.onLog?.('[tornet] a port was taken meanwhile; retrying with new ports');
      return startOnce(names, opts);
    }
    throw error;
  }
}

async function startOnce(names: string[], opts: StartTorNetOptions<string>): Promise<TorNet<string>> {
  const started = Date.now();
  const deadline = started + (opts.deadlineMs ?? 120_000);
  const keep = opts.keep ?? process.env.TORNET_KEEP === '1';
  const say = (line: string): void => opts.onLog?.(`[tornet] ${line}`);
  const since = (): number => Date.now() - started;
  const parent = resolve(opts.baseDir ?? tmpdir());
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'tornet-'));
  let built: Built | undefined;
  let step: TorNetStep = 'authority-keys';

  const allNodes = (): TorNode[] =>
    built ? [...built.authorities.map((a) => a.node), ...built.relays.map((r) => r.node), ...built.clients.map((c) => c.node), ...(built.bridge ? [built.bridge.node] : [])] : [];
  const deadAuthority = (): string | undefined => {
    const dead = [...(built?.authorities ?? []), ...(built?.relays ?? [])].find((a) => !a.node.alive);
    return dead ? `${dead.node.name}: tor ${dead.node.exitStatus}` : undefined;
  };
  const authorityLogs = (): NodeLogTail[] => {
    const dead = built?.authorities.filter((a) => !a.node.alive) ?? [];
    const shown = dead.length > 0 ? dead : built?.authorities.slice(0, 1) ?? [];
    return shown.map((a) => tailOf(a.node));
  };

  try {
    // Keys: tor-gencert's RSA-3072 key is the slow part; 4 run in parallel, or come from the cache.
    const ports = await reserveFreePorts(AUTHORITY_COUNT * 2 + names.length * 2 + (opts.obfs4Bridge ? 2 : 0) + (opts.relays ?? 0));
    const identities = await Promise.all(
      Array.from({ length: AUTHORITY_COUNT }, async (_, i) => {
        const dataDir = join(dir, `auth${i + 1}`, 'data');
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        return createAuthorityIdentity(dataDir, ports[i * 2 + 1] ?? 0, i + 1, keyCacheDir(opts.keyCache));
      }),
    ).catch((error: unknown) => {
      throw error instanceof TorNetError ? error : new TorNetError('authority-keys', describeError(error), [], { cause: error });
    });
    // Middle relays' keys are made before any tor starts: the authorities' bandwidth file names them.
    const relayFingerprints = await Promise.all(
      Array.from({ length: opts.relays ?? 0 }, async (_, i) => {
        const dataDir = join(dir, `relay${i + 1}`, 'data');
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        return createRelayKeys(dataDir);
      }),
    ).catch((error: unknown) => {
      throw error instanceof TorNetError ? error : new TorNetError('authority-keys', describeError(error), [], { cause: error });
    });
    const keysMs = since();
    say(`authority keys ready after ${keysMs} ms`);

    step = 'prepare';
    const b = build(dir, ports, identities, relayFingerprints, names, opts);
    built = b;

    // Authorities first. Clients wait for a consensus that lists every relay:
    // a client whose first consensus is partial (seen under load: 2 of 4
    // relays) builds its guard and path state from it and then failed every
    // onion circuit with "Failed to find node for hop #2" for minutes.
    step = 'spawn';
    // Middle relays start with them: they publish their descriptors to the authorities as soon as those answer.
    for (const { node } of [...b.authorities, ...b.relays]) node.start();
    say(`started ${b.authorities.length} authorities${b.relays.length > 0 ? ` and ${b.relays.length} middle relays` : ''} in ${dir}`);

    step = 'control-socket';
    for (const { node } of [...b.authorities, ...b.relays]) {
      const problem = await waitForControlSocket(node, deadline);
      if (problem) throw new TorNetError(step, `${node.name}: ${problem}`, [tailOf(node)]);
    }

    step = 'consensus';
    await Promise.all(
      b.authorities.map(async ({ node }) => {
        const problem = await waitForFullConsensus(node, deadline, deadAuthority, b.relays.length);
        if (problem) throw new TorNetError('consensus', `${node.name}: ${problem}`, [tailOf(node), ...authorityLogs()]);
      }),
    );
    const consensusMs = since();
    say(`authorities agree on a consensus with all ${AUTHORITY_COUNT + b.relays.length} relays after ${consensusMs} ms`);

    step = 'spawn';
    // The bridge is a relay that needs the consensus too; it starts with the clients.
    const starting = [...b.clients.map((c) => c.node), ...(b.bridge ? [b.bridge.node] : [])];
    for (const node of starting) node.start();
    step = 'control-socket';
    for (const node of starting) {
      const problem = await waitForControlSocket(node, deadline);
      if (problem) throw new TorNetError(step, `${node.name}: ${problem}`, [tailOf(node)]);
    }

    step = 'bootstrap';
    const bridgeReady = b.bridge ? waitForBridge(b.bridge.node, b.bridge.plan, deadline) : Promise.resolve(null);
    // Waited for below; a failure meanwhile must not go unhandled.
    bridgeReady.catch(() => undefined);
    await Promise.all(
      b.clients.map(async ({ node }) => {
        const problem = (await waitForBootstrap(node, deadline)) ?? (await waitForFullConsensus(node, deadline, deadAuthority, b.relays.length));
        if (problem) throw new TorNetError('bootstrap', `${node.name}: ${problem}`, [tailOf(node), ...authorityLogs()]);
      }),
    );
    const bootstrapMs = since();
    say(`clients bootstrapped 100 % and see all relays after ${bootstrapMs} ms`);
    step = 'bridge';
    const bridgeLine = await bridgeReady;
    if (bridgeLine) say(`obfs4 bridge ready after ${since()} ms: ${bridgeLine.line.replace(/cert=\S+/, 'cert=…')}`);

    // Readiness probe: a throwaway onion on the first client, fetched through every other.
    step = 'onion-publish';
    const [host, ...others] = b.clients;
    if (!host) throw new TorNetError('prepare', 'no clients');
    const fetchers = others.length > 0 ? others : [host];
    const probe = await startProbeServer(randomBytes(4096));
    let onion: PublishedOnion | undefined;
    try {
      const control = await openControl(host.node);
      onion = await publishOnion(control, { targetPort: probe.port, timeoutMs: Math.max(1_000, deadline - Date.now()) }, () => [tailOf(host.node)]).catch((error: unknown) => {
        control.close();
        throw error;
      });
      const onionPublishedMs = since();
      say(`probe onion uploaded after ${onionPublishedMs} ms`);

      step = 'onion-fetch';
      const published = onion;
      const attempts = await Promise.all(
        fetchers.map(async ({ node, plan }) => {
          try {
            const res = await fetchThroughSocks(
              { host: '127.0.0.1', port: plan.socksPort },
              { url: `${published.url}/`, retry: { forMs: Math.max(0, deadline - Date.now() - 1_000) }, timeoutMs: Math.max(1_000, deadline - Date.now()) },
            );
            if (res.status !== 200 || !res.body.equals(probe.body)) {
              throw new Error(`probe fetch through ${node.name} got HTTP ${res.status} with ${res.body.length} bytes`);
            }
            return res.timings.attempts;
          } catch (error) {
            throw new TorNetError('onion-fetch', `through ${node.name}: ${describeError(error)}`, [tailOf(node), tailOf(host.node)], { cause: error });
          }
        }),
      );
      const firstFetchMs = since();
      const probeAttempts = Math.max(...attempts);
      say(`probe onion fetched after ${firstFetchMs} ms (${probeAttempts} SOCKS attempt(s))`);
      const timings: StartupTimings = { keysMs, consensusMs, bootstrapMs, onionPublishedMs, firstFetchMs, totalMs: since(), probeAttempts };
      return makeNet(b, timings, keep, say, bridgeLine);
    } finally {
      await onion?.remove();
      await probe.close();
    }
  } catch (error) {
    await killAll(allNodes());
    if (keep) say(`start failed; folder kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    if (error instanceof TorNetError) throw error;
    const logs = built ? allNodes().filter((n) => !n.alive).map((n) => tailOf(n)) : [];
    throw new TorNetError(step, describeError(error), logs, { cause: error });
  }
}

/** `extra` is copied in; pid and alive stay live getters (a spread would freeze them). */
function relayOf<E extends object>(node: TorNode, orPort: number, fingerprint: string, extra: E): TorRelay & E {
  return {
    ...extra,
    name: node.name,
    orPort,
    fingerprint,
    dataDir: node.files.dataDir,
    get pid() {
      return node.pid;
    },
    get alive() {
      return node.alive;
    },
    kill: (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => node.kill(signal),
    log: () => node.log(),
    logTail: (lines?: number) => node.logTail(lines),
    rssKiB: () => node.rssKiB(),
  };
}

function makeNet(b: Built, timings: StartupTimings, keep: boolean, say: (line: string) => void, bridgeLine: Obfs4BridgeLine | null): TorNet<string> {
  const clients: Record<string, ClientHandle> = {};
  const clientList = b.clients.map(({ node, plan }) => {
    const handle = new ClientHandle(node, plan);
    clients[node.name] = handle;
    return handle;
  });
  const authorities: TorAuthority[] = b.authorities.map(({ node, plan }) =>
    relayOf(node, plan.orPort, plan.fingerprint, { dirPort: plan.dirPort, v3ident: plan.v3ident }),
  );
  const relays: TorRelay[] = b.relays.map(({ node, plan }) => relayOf(node, plan.orPort, plan.fingerprint, {}));
  const nodes = [...b.authorities.map((a) => a.node), ...b.relays.map((r) => r.node), ...b.clients.map((c) => c.node), ...(b.bridge ? [b.bridge.node] : [])];
  const bridge: TorBridge | null =
    b.bridge && bridgeLine
      ? relayOf(b.bridge.node, b.bridge.plan.orPort, bridgeLine.fingerprint, { obfs4Port: b.bridge.plan.obfs4Port, line: bridgeLine.line })
      : null;
  const client = (name: string): ClientHandle => {
    const c = clients[name];
    if (!c) throw new TorNetError('prepare', `no client named "${name}" (have: ${Object.keys(clients).join(', ')})`);
    return c;
  };
  const endpointOf = (req: NetSocksRequest<string>): SocksEndpoint => (typeof req.client === 'string' ? client(req.client) : req.client).socks(req.via);
  let stopping: Promise<void> | undefined;

  return {
    dir: b.dir,
    clients,
    clientList,
    client,
    authorities,
    relays,
    dirAuthorityLines: b.dirAuthorityLines,
    joinTorrc: b.joinTorrc,
    bridge,
    timings,
    pids: () => nodes.filter((n) => n.alive).map((n) => n.pid),
    memory: () => {
      const byNode: Record<string, number> = {};
      for (const n of nodes) byNode[n.name] = n.rssKiB();
      return { totalKiB: Object.values(byNode).reduce((a, v) => a + v, 0), byNode };
    },
    fetchThroughSocks: (req) => fetchThroughSocks(endpointOf(req), req),
    openThroughSocks: (req) => openThroughSocks(endpointOf(req), req),
    publishOnion: async ({ client: name, ...onionOpts }) => {
      const handle = client(name);
      const control = await handle.control();
      return publishOnion(control, onionOpts, () => [{ node: handle.name, tail: handle.logTail() }]);
    },
    stop: () => {
      stopping ??= (async () => {
        for (const c of clientList) c.closeControls();
        await killAll(nodes);
        if (keep) say(`stopped; folder kept: ${b.dir}`);
        else rmSync(b.dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
