// torrc builders for the private test network's authorities and clients
// (plain Node). Pure functions: paths and ports in, torrc lines out.
import type { AuthorityIdentity } from './authority-keys';

export interface AuthorityPlan extends AuthorityIdentity {
  nickname: string;
  orPort: number;
  dirPort: number;
}

export interface NodePaths {
  dataDir: string;
  /** 0700 folder holding the Unix sockets. */
  runDir: string;
  controlSocketPath: string;
  logPath: string;
}

export interface ClientPlan extends NodePaths {
  nickname: string;
  socksSocketPath: string;
  socksPort: number;
  controlPort: number;
}

/** A relay that is not an authority: a middle relay (benchmarks add them to spread circuits). */
export interface RelayPlan extends NodePaths {
  nickname: string;
  orPort: number;
  fingerprint: string;
}

/** What the authorities vote beyond the defaults, and lines of the caller's own. */
export interface AuthorityVoting {
  /**
   * Fingerprints of the only relays that get the Guard and Exit flags (strict),
   * or null for every relay (the default network: 4 relays, each must serve
   * in every position). With extra middle relays, guards stay the authorities.
   */
  guards: readonly string[] | null;
  /**
   * A bandwidth file (see bandwidthFile) all authorities vote from, or null.
   * Without one, a relay's weight is the bandwidth it observed itself, so the
   * first relays that carry traffic draw ever more circuits.
   */
  bandwidthsFile: string | null;
  extra: readonly string[];
}

export interface CommonSettings {
  authorities: readonly AuthorityPlan[];
  /** Tor exits by itself when this process is gone (safety net if Node is SIGKILLed). */
  owningPid: number;
  /** "notice" normally; "info" writes a second, chattier log for debugging. */
  logLevel: 'notice' | 'info';
  /** An empty file: exits must not read /etc/resolv.conf or send DNS anywhere. */
  emptyResolvConf: string;
}

export interface BridgeNodePlan extends NodePaths {
  nickname: string;
  orPort: number;
  /** Where obfs4proxy listens: the address in the bridge line clients use. */
  obfs4Port: number;
}

export function dirAuthorityLine(a: AuthorityPlan): string {
  return `DirAuthority ${a.nickname} orport=${a.orPort} no-v2 v3ident=${a.v3ident} 127.0.0.1:${a.dirPort} ${a.fingerprint}`;
}

function commonLines(nickname: string, paths: NodePaths, s: CommonSettings): string[] {
  const lines = [
    'TestingTorNetwork 1',
    `Nickname ${nickname}`,
    `DataDirectory ${paths.dataDir}`,
    `Log notice file ${paths.logPath}`,
    'RunAsDaemon 0',
    // Parsing the GeoIP tables costs each tor 1-5 s of CPU at start; nothing here needs them.
    'GeoIPFile /dev/null',
    'GeoIPv6File /dev/null',
    `__OwningControllerProcess ${s.owningPid}`,
    `ControlSocket unix:${paths.controlSocketPath}`,
    'CookieAuthentication 1',
    // Enough of the (tiny) network to count as bootstrapped.
    'PathsNeededToBuildCircuits 0.67',
    // Measured here: the KIST scheduler caps onion throughput around 4 MB/s on loopback.
    'Schedulers Vanilla',
    ...s.authorities.map(dirAuthorityLine),
  ];
  if (s.logLevel === 'info') lines.push(`Log info file ${paths.logPath.replace(/\.log$/, '')}.info.log`);
  return lines;
}

export function authorityTorrc(me: AuthorityPlan, paths: NodePaths, s: CommonSettings, voting: AuthorityVoting = { guards: null, bandwidthsFile: null, extra: [] }): string[] {
  const flagged = voting.guards === null ? null : voting.guards.map((fp) => `$${fp}`).join(',');
  return [
    ...commonLines(me.nickname, paths, s),
    `ContactInfo ${me.nickname}@tornet.invalid`,
    'Address 127.0.0.1',
    `ORPort 127.0.0.1:${me.orPort}`,
    `DirPort 127.0.0.1:${me.dirPort}`,
    'SocksPort 0',
    'AuthoritativeDirectory 1',
    'V3AuthoritativeDirectory 1',
    // Loopback ports cannot be tested for reachability the usual way.
    'AssumeReachable 1',
    // Every relay gets every flag: 4 relays must serve as guards and HSDirs.
    // With extra middle relays, only the authorities are guards (and exits):
    // the consensus weights then keep them out of middle positions.
    ...(flagged === null
      ? ['TestingDirAuthVoteExit *', 'TestingDirAuthVoteHSDir *', 'TestingDirAuthVoteGuard *']
      : [
          `TestingDirAuthVoteExit ${flagged}`,
          'TestingDirAuthVoteExitIsStrict 1',
          'TestingDirAuthVoteHSDir *',
          `TestingDirAuthVoteGuard ${flagged}`,
          'TestingDirAuthVoteGuardIsStrict 1',
        ]),
    'TestingMinExitFlagThreshold 0',
    // Fastest consensus cycle tor accepts (intervals must divide 30 minutes).
    'V3AuthNIntervalsValid 2',
    'TestingV3AuthInitialVotingInterval 5',
    'TestingV3AuthInitialVoteDelay 2',
    'TestingV3AuthInitialDistDelay 2',
    'V3AuthVotingInterval 10',
    'V3AuthVoteDelay 2',
    'V3AuthDistDelay 2',
    // Bigger congestion windows: about 24 MB/s through an onion instead of 4.
    // No vanguards-lite for any tor that joins (see clientTorrc).
    'ConsensusParams cc_cwnd_init=2000 cc_cwnd_min=1000 vanguards-lite-enabled=0',
    // Onion services need no exits; relays exit nowhere and never resolve DNS.
    ...noExitLines(s),
    ...(voting.bandwidthsFile === null ? [] : [`V3BandwidthsFile ${voting.bandwidthsFile}`]),
    ...voting.extra,
  ];
}

/** A middle relay: joins the consensus through the authorities, exits nowhere; `extra` e.g. BandwidthRate. */
export function relayTorrc(me: RelayPlan, s: CommonSettings, extra: readonly string[] = []): string[] {
  return [
    ...commonLines(me.nickname, me, s),
    `ContactInfo ${me.nickname}@tornet.invalid`,
    'Address 127.0.0.1',
    `ORPort 127.0.0.1:${me.orPort}`,
    'SocksPort 0',
    'AssumeReachable 1',
    ...noExitLines(s),
    ...extra,
  ];
}

/** The lines of one relay that exits nowhere and never resolves DNS (authorities and the bridge). */
function noExitLines(s: CommonSettings): string[] {
  return [
    'ExitRelay 0',
    'ExitPolicy reject *:*',
    'ServerDNSDetectHijacking 0',
    'ServerDNSTestAddresses',
    `ServerDNSResolvConfFile ${s.emptyResolvConf}`,
    // Relays otherwise linger 30 s on SIGTERM.
    'ShutdownWaitLength 0',
  ];
}

/**
 * A bridge relay speaking obfs4 (server side through obfs4proxy). It
 * publishes no descriptor, so no consensus lists it: clients know it only
 * from its bridge line, as with a bridge from bridges.torproject.org.
 */
export function obfs4BridgeTorrc(me: BridgeNodePlan, s: CommonSettings, obfs4proxy: string): string[] {
  return [
    ...commonLines(me.nickname, me, s),
    'Address 127.0.0.1',
    `ORPort 127.0.0.1:${me.orPort}`,
    'SocksPort 0',
    'BridgeRelay 1',
    'PublishServerDescriptor 0',
    'AssumeReachable 1',
    'ExtORPort auto',
    `ServerTransportPlugin obfs4 exec ${obfs4proxy}`,
    `ServerTransportListenAddr obfs4 127.0.0.1:${me.obfs4Port}`,
    ...noExitLines(s),
  ];
}

/**
 * What a tor outside the harness (the app's own, started by the app) needs
 * to join as a client: the test network's authorities and client settings.
 */
export function joiningClientLines(s: Pick<CommonSettings, 'authorities'>): string[] {
  return [
    'TestingTorNetwork 1',
    ...s.authorities.map(dirAuthorityLine),
    'PathsNeededToBuildCircuits 0.67',
    'VanguardsLiteEnabled 0',
    'GeoIPFile /dev/null',
    'GeoIPv6File /dev/null',
  ];
}

export function clientTorrc(me: ClientPlan, s: CommonSettings, extra: readonly string[] = []): string[] {
  return [
    ...commonLines(me.nickname, me, s),
    // ExtendedErrors: onion failures get their own SOCKS replies (0xF0-0xF7,
    // e.g. 0xF4 "client authorization missing") instead of a bare 4.
    `SocksPort unix:${me.socksSocketPath} ExtendedErrors`,
    `SocksPort 127.0.0.1:${me.socksPort} ExtendedErrors`,
    // Vanguards-lite pins the second hop of onion circuits to a small set
    // picked from the consensus of the moment; with 4 relays, a set picked
    // from a partial consensus left clients failing every onion circuit
    // ("Failed to find node for hop #2") for minutes.
    'VanguardsLiteEnabled 0',
    `ControlPort 127.0.0.1:${me.controlPort}`,
    ...extra,
  ];
}

/**
 * A bandwidth file (legacy format of bandwidth-file-spec: a timestamp line,
 * then one line per relay, bw in KB/s) that fixes every relay's weight: the
 * middle relays all the same, so path selection spreads over them evenly, as
 * a benchmark needs; the authorities a tenth of that (still above the 100 KB/s
 * that always earns the Fast flag), so they are seldom a middle hop or a
 * rendezvous point. Guards are picked among the authorities alone, evenly.
 */
export function bandwidthFile(authorities: readonly string[], middleRelays: readonly string[], nowSeconds: number): string {
  const lines = [...authorities.map((fp) => `node_id=$${fp} bw=100`), ...middleRelays.map((fp) => `node_id=$${fp} bw=1000`)];
  return `${[String(nowSeconds), ...lines].join('\n')}\n`;
}

export function renderTorrc(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}
