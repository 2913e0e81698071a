// "Is Tor usable for OnionDrop here?", line by line: `oniondrop tor-check`
// and the GUI's "Test connection" (plain Node). It reaches tor exactly as the
// link does (same options), then tries what a share needs: a throwaway
// ADD_ONION + DEL_ONION, publication events, the SOCKS port. Each line is
// ok / warning / problem, with a one-line fix when it is not ok.
import { createConnection } from 'node:net';
import { TorNotFoundError, listCandidates, type FoundTor } from './autodetect';
import { planBridges, type BridgePlan } from './bridges/plan';
import type { TorController } from './controller';
import { describeEndpoint, isUnixEndpoint, type SocksEndpoint } from './endpoint';
import {
  TorAuthError,
  TorBridgeError,
  TorControlError,
  TorError,
  describeAuthProblem,
  describeBridgeProblem,
  type AuthMethod,
  type AuthProblem,
} from './errors';
import type { TorLinkOptions } from './link';
import { refusedCommandOf } from './link-errors';
import { addOnionCommand, delOnionCommand, parseAddOnionReply } from './onion-commands';
import { generateClientAuthKeys } from './onion-keys';
import { openTor } from './open-tor';

export type CheckLevel = 'ok' | 'warning' | 'problem';

export interface TorCheckLine {
  level: CheckLevel;
  /** What was checked, e.g. "Authentication". */
  label: string;
  /** One line: what was found. */
  detail: string;
  /** One line: what to do, when not ok. */
  fix?: string;
  /** The typed error behind a warning or problem, for the GUI's problem mapping. */
  error?: TorError;
}

export interface TorCheckOptions extends TorLinkOptions {
  /** server.port_range: the throwaway onion points at its first port. */
  portRange: { first: number; last: number };
}

export interface TorCheckReport {
  lines: TorCheckLine[];
  /** No line is a problem. */
  ok: boolean;
}

/** Private shares need ADD_ONION ClientAuthV3 (tor 0.4.6). */
const MIN_PRIVATE_VERSION = [0, 4, 6];

export async function runTorCheck(options: TorCheckOptions): Promise<TorCheckReport> {
  const lines: TorCheckLine[] = [];
  const whonix = options.platform.whonix !== null;
  for (const ignored of listCandidates(options.detect).ignored) {
    lines.push({
      level: 'warning',
      label: 'Tor settings',
      detail: `${ignored.name} ignored: ${ignored.why}`,
      fix: `correct or remove ${ignored.name}`,
    });
  }

  const bridgeSetup = options.ownTor?.bridges;
  if (bridgeSetup) {
    // Before tor starts: which bridges, run by which program, or what to install.
    try {
      lines.push(bridgesLine(planBridges(bridgeSetup, options.ownTor?.searchPath ?? '')));
    } catch (error) {
      if (!(error instanceof TorBridgeError)) throw error;
      lines.push(bridgeProblemLine(error));
      return report(lines);
    }
  }

  // With bridges, the check waits for bootstrap to finish or stall: "does it
  // connect through them?" is what the user is asking.
  let settled: (outcome: TorBridgeError | null) => void = () => undefined;
  const bootstrapSettled = new Promise<TorBridgeError | null>((resolve) => (settled = resolve));
  let found: FoundTor;
  try {
    found = await openTor({
      detect: options.detect,
      platform: options.platform,
      ownTor: options.ownTor,
      connectTimeoutMs: options.connectTimeoutMs ?? 3_000,
      commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
      onBootstrap: (b) => {
        if (b.progress >= 100) settled(null);
      },
      onBridgeStall: (error) => settled(error),
    });
  } catch (error) {
    if (!(error instanceof TorError)) throw error;
    lines.push(notFoundLine(error, whonix));
    return report(lines);
  }

  try {
    if (found.ownTor?.bridges && (found.ownTor.bootstrap?.progress ?? 0) < 100) {
      const stalled = await bootstrapSettled;
      if (stalled) lines.push(bridgeProblemLine(stalled));
    }
    lines.push(...(await checkConnected(found, options, whonix)));
  } finally {
    await found.controller.close();
    await found.ownTor?.stop();
  }
  return report(lines);
}

function bridgesLine(plan: BridgePlan): TorCheckLine {
  const { choice, lines } = plan.setup;
  const which = choice === 'custom' ? 'custom' : `built-in ${choice}`;
  const programs = plan.programs.map((p) => `${p.transport} via ${p.path}`);
  const plain = lines.filter((l) => l.transport === null).length;
  const count = `${lines.length} bridge line${lines.length === 1 ? '' : 's'}`;
  const uses = [...programs, ...(plain > 0 ? [`${plain} without a transport`] : [])].join(', ');
  return { level: 'ok', label: 'Bridges', detail: `${which}: ${count}; ${uses}` };
}

function bridgeProblemLine(error: TorBridgeError): TorCheckLine {
  const p = error.problem;
  const fix =
    p.kind === 'program-missing'
      ? `install it: sudo apt install ${p.package}`
      : p.kind === 'no-lines'
        ? 'paste bridge lines (Tor settings, or tor.bridge_lines), or choose built-in bridges'
        : 'the bridges may be blocked or offline: get fresh ones (docs/bridges.md) or try another kind';
  return { level: 'problem', label: 'Bridges', detail: describeBridgeProblem(p), fix, error };
}

function report(lines: TorCheckLine[]): TorCheckReport {
  return { lines, ok: !lines.some((l) => l.level === 'problem') };
}

async function checkConnected(found: FoundTor, options: TorCheckOptions, whonix: boolean): Promise<TorCheckLine[]> {
  const c = found.controller;
  const lines: TorCheckLine[] = [];
  const tried = found.attempts.map((a) => `${a.source.label} (${shortReason(a.problem)})`);
  lines.push({
    level: 'ok',
    label: 'Tor settings',
    detail: `${found.source.label}: ${found.source.why}${tried.length > 0 ? `; tried first: ${tried.join(', ')}` : ''}`,
  });
  lines.push({ level: 'ok', label: 'Authentication', detail: describeMethod(c.authMethod) });

  // Version
  let version = c.protocolInfo.torVersion ?? null;
  let versionError: TorError | undefined;
  if (version === null) {
    try {
      version = await c.getVersion();
    } catch (error) {
      if (!(error instanceof TorError)) throw error;
      versionError = error;
    }
  }
  if (version === null) {
    lines.push({
      level: 'warning',
      label: 'Tor version',
      detail: `unknown (${shortReason(versionError)})`,
      fix: 'nothing needs it; shares may still work',
      ...(versionError ? { error: versionError } : {}),
    });
  } else if (olderThan(version, MIN_PRIVATE_VERSION)) {
    lines.push({
      level: 'warning',
      label: 'Tor version',
      detail: `${version}: too old for private shares (client authorization needs 0.4.6)`,
      fix: 'update tor, or share publicly',
    });
  } else {
    lines.push({ level: 'ok', label: 'Tor version', detail: version });
  }

  // Bootstrap
  try {
    const b = found.ownTor?.bootstrap ?? (await c.getBootstrap());
    lines.push(
      b.progress >= 100
        ? { level: 'ok', label: 'Bootstrap', detail: '100%: connected to the Tor network' }
        : {
            level: 'warning',
            label: 'Bootstrap',
            detail: `${b.progress}%: ${b.summary || b.tag}`,
            fix: 'wait for tor to connect; if it stays there, check the network connection (or bridges)',
          },
    );
  } catch (error) {
    if (!(error instanceof TorError)) throw error;
    lines.push({
      level: 'warning',
      label: 'Bootstrap',
      detail: `unknown (${shortReason(error)})`,
      fix: filteredFix(error, whonix) ?? 'nothing needs it; shares may still work',
      error,
    });
  }

  // Onion services: what a share needs, tried with throwaways.
  const port = options.portRange.first;
  lines.push(...(await tryOnion(c, 'Onion services', { port, key: null, clientAuth: null }, whonix)));
  const priv = await tryOnion(c, 'Private onion services', { port, key: null, clientAuth: generateClientAuthKeys() }, whonix);
  lines.push(...priv);

  // Publication events
  const before = c.subscribedEvents;
  try {
    await c.addEvents(['HS_DESC']);
    lines.push({ level: 'ok', label: 'Publication', detail: 'tor reports when an onion is published (HS_DESC)' });
    await c.setEvents(before).catch(() => undefined);
  } catch (error) {
    if (!(error instanceof TorError)) throw error;
    lines.push({
      level: 'warning',
      label: 'Publication',
      detail: `cannot follow publication (${shortReason(error)}); shares work, but "published" stays unconfirmed`,
      fix: filteredFix(error, whonix) ?? 'allow SETEVENTS HS_DESC',
      error,
    });
  }

  lines.push(await checkSocks(found.socks, found.socksWhy));
  return lines;
}

async function tryOnion(
  c: TorController,
  label: string,
  spec: Parameters<typeof addOnionCommand>[0],
  whonix: boolean,
): Promise<TorCheckLine[]> {
  let serviceId: string;
  try {
    serviceId = parseAddOnionReply(await c.send(addOnionCommand(spec))).serviceId;
  } catch (error) {
    if (!(error instanceof TorError)) throw error;
    return [
      {
        level: 'problem',
        label,
        detail: `cannot be created (${shortReason(error)})`,
        fix: filteredFix(error, whonix) ?? 'check that this tor allows ADD_ONION (its version, its configuration)',
        error,
      },
    ];
  }
  try {
    await c.send(delOnionCommand(serviceId));
  } catch (error) {
    if (!(error instanceof TorError)) throw error;
    return [
      {
        level: 'problem',
        label,
        detail: `can be created, but not removed (${shortReason(error)}): a share would stay up until OnionDrop quits`,
        fix: filteredFix(error, whonix) ?? 'allow DEL_ONION',
        error,
      },
    ];
  }
  return [{ level: 'ok', label, detail: `can be created and removed (tried port 80 -> ${spec.port})` }];
}

/** Does something answer a SOCKS5 greeting there? Only the reachability self-check needs it. */
async function checkSocks(endpoint: SocksEndpoint, why: string): Promise<TorCheckLine> {
  const label = describeEndpoint(endpoint);
  const answer = await new Promise<string | null>((resolve) => {
    const socket = isUnixEndpoint(endpoint)
      ? createConnection({ path: endpoint.path })
      : createConnection({ host: endpoint.host, port: endpoint.port });
    const timer = setTimeout(() => finish('no answer'), 3_000);
    const finish = (problem: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    socket.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'error'));
    socket.on('connect', () => socket.write(Buffer.from([5, 1, 2])));
    socket.on('data', (d: Buffer) => finish(d[0] === 5 ? null : 'not a SOCKS5 port'));
  });
  if (answer === null) return { level: 'ok', label: 'SOCKS', detail: `${label}: ${why}` };
  return {
    level: 'warning',
    label: 'SOCKS',
    detail: `${label} does not answer (${answer}); ${why}`,
    fix: 'needed only to check that a share is reachable: set tor.socks_socket or tor.socks_port',
  };
}

function describeMethod(method: AuthMethod): string {
  switch (method) {
    case 'NULL':
      return 'none needed (NULL; a control-port filter such as onion-grater answers like this)';
    case 'SAFECOOKIE':
      return "tor's cookie, proven both ways (SAFECOOKIE)";
    case 'COOKIE':
      return "tor's cookie (COOKIE)";
    case 'HASHEDPASSWORD':
      return 'password (HASHEDPASSWORD)';
  }
}

function notFoundLine(error: TorError, whonix: boolean): TorCheckLine {
  const base = { level: 'problem' as const, label: 'Tor', error };
  if (error instanceof TorBridgeError) return bridgeProblemLine(error);
  if (!(error instanceof TorNotFoundError)) return { ...base, detail: error.message, fix: 'check that tor is running' };
  const tried = error.attempts.map((a) => a.source.label).join(', ') || 'nothing';
  const relevant = error.mostRelevant;
  if (relevant?.problem instanceof TorBridgeError) return bridgeProblemLine(relevant.problem);
  const refused = refusedCommandOf(error);
  if (refused !== undefined) {
    return { ...base, detail: `the control-port filter refused ${refused}`, fix: filterFix(refused, whonix) };
  }
  if (relevant && relevant.problem instanceof TorAuthError) {
    return {
      ...base,
      detail: `${relevant.source.label} answered, but: ${describeAuthProblem(relevant.problem.problem)}`,
      fix: authFix(relevant.problem.problem),
    };
  }
  if (relevant && relevant.problem.kind === 'launch') {
    return { ...base, detail: `no tor answered (tried ${tried}); starting one failed: ${relevant.problem.message}`, fix: 'install tor (sudo apt install tor)' };
  }
  if (error.refusal?.reason === 'whonix') {
    return { ...base, detail: `no answer from the Gateway (tried ${tried})`, fix: error.refusal.message };
  }
  if (error.refusal?.reason === 'not-allowed') {
    return {
      ...base,
      detail: `no tor answered (tried ${tried}), and tor.start_own is off`,
      fix: 'start tor (sudo systemctl start tor), set tor.control_socket, or set tor.start_own = true',
    };
  }
  return { ...base, detail: `no tor answered (tried ${tried})`, fix: 'start tor (sudo systemctl start tor), or set tor.control_socket' };
}

function authFix(p: AuthProblem): string {
  switch (p.kind) {
    case 'cookie-unreadable':
      return p.fix;
    case 'password-needed':
    case 'wrong-password':
      return 'set tor.control_password (or TOR_CONTROL_PASSWD) to the password tor expects';
    case 'cookie-rejected':
    case 'server-hash-mismatch':
      return "set tor.cookie_file to this tor's cookie file";
    default:
      return 'set tor.control_password or tor.cookie_file for this tor';
  }
}

function filterFix(command: string, whonix: boolean): string {
  return whonix
    ? `enable OnionDrop's onion-grater profile on the Gateway (/usr/share/doc/oniondrop/onion-grater/40_oniondrop.yml, see /usr/share/doc/oniondrop/whonix.md); it allows ${command}`
    : `a control-port filter refused ${command}: allow it there (OnionDrop's onion-grater profile does)`;
}

function filteredFix(error: TorError, whonix: boolean): string | undefined {
  const refused = refusedCommandOf(error);
  return refused === undefined ? undefined : filterFix(shownCommand(error) ?? refused, whonix);
}

/** `GETINFO status/bootstrap-phase` rather than `GETINFO`; long commands (ADD_ONION) by name only. */
function shownCommand(error: TorError): string | undefined {
  if (!(error instanceof TorControlError)) return undefined;
  return error.command.length <= 40 ? error.command : error.commandName;
}

function shortReason(error: TorError | undefined): string {
  if (!error) return 'no answer';
  if (error instanceof TorControlError) {
    return error.filtered ? `the filter refused ${shownCommand(error) ?? error.commandName}` : `tor answered ${error.code} ${error.replyText}`;
  }
  if (error instanceof TorAuthError) return describeAuthProblem(error.problem);
  if (error.kind === 'unreachable') return 'not there';
  return error.message;
}

function olderThan(version: string, min: readonly number[]): boolean {
  const parts = version.split(/[.-]/).slice(0, min.length).map(Number);
  for (let i = 0; i < min.length; i += 1) {
    const a = parts[i] ?? 0;
    const b = min[i] ?? 0;
    if (Number.isNaN(a)) return false;
    if (a !== b) return a < b;
  }
  return false;
}
