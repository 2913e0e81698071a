// From config.d's effective values to the tor link's options (plain Node).
// One place, so the app, `oniondrop tor-check` and the GUI's "Test
// connection" reach tor with the very same settings.
import { formatOrigin, type Config, type OptionKey, type Origin } from '../config';
import type { TorSettings } from './autodetect';
import { bridgeSetupOf } from './bridges/plan';
import type { TorLinkOptions } from './link';

type TorKeys =
  | 'tor.control_socket'
  | 'tor.control_host'
  | 'tor.control_port'
  | 'tor.control_password'
  | 'tor.cookie_file'
  | 'tor.socks_socket'
  | 'tor.socks_host'
  | 'tor.socks_port'
  | 'tor.connection'
  | 'tor.start_own'
  | 'tor.executable'
  | 'tor.bridges'
  | 'tor.bridge_lines';

export interface LinkConfigInput {
  /** `loadConfig(...).values` (only the tor.* keys are read). */
  values: Pick<Config, TorKeys>;
  /** `loadConfig(...).origins`, to say where a setting came from. */
  origins?: Partial<Record<OptionKey, Origin>>;
  /** The environment: TOR_* variables, and PATH for the bridges' transport programs. */
  env: Readonly<Record<string, string | undefined>>;
  /** Prefix of system paths (/run/tor/...). */
  root: string;
  platform: { whonix: string | null; markers: readonly string[] };
  /** The app's data folder; an own tor keeps its DataDirectory in `<dataDir>/tor`. */
  dataDir: string;
  /** A private runtime folder for an own tor's sockets. */
  runtimeDir: string;
}

const SETTING_KEYS: Record<keyof TorSettings, TorKeys> = {
  controlSocket: 'tor.control_socket',
  controlHost: 'tor.control_host',
  controlPort: 'tor.control_port',
  password: 'tor.control_password',
  cookieFile: 'tor.cookie_file',
  socksSocket: 'tor.socks_socket',
  socksHost: 'tor.socks_host',
  socksPort: 'tor.socks_port',
};

/** `file:/etc/oniondrop.d/30_whonix.conf:4` -> `/etc/oniondrop.d/30_whonix.conf:4`. */
function originText(origin: Origin | undefined): string | undefined {
  if (!origin || origin.kind === 'default') return undefined;
  return origin.kind === 'file' ? `${origin.file}:${origin.line}` : formatOrigin(origin);
}

export function torLinkOptionsFromConfig(input: LinkConfigInput): TorLinkOptions {
  const v = input.values;
  const config: TorSettings = {};
  const origins: Partial<Record<keyof TorSettings, string>> = {};
  const set = <K extends keyof TorSettings>(name: K, value: TorSettings[K] | null): void => {
    if (value === null || value === undefined) return;
    config[name] = value;
    const where = originText(input.origins?.[SETTING_KEYS[name]]);
    if (where !== undefined) origins[name] = where;
  };
  set('controlSocket', v['tor.control_socket']);
  set('controlHost', v['tor.control_host']);
  set('controlPort', v['tor.control_port']);
  set('password', v['tor.control_password']);
  set('cookieFile', v['tor.cookie_file']);
  set('socksSocket', v['tor.socks_socket']);
  set('socksHost', v['tor.socks_host']);
  set('socksPort', v['tor.socks_port']);
  // On Whonix the Gateway sets bridges; tor.bridges must not turn "use the
  // Gateway" into "start a tor of our own" (which Whonix forbids anyway).
  const bridges = input.platform.whonix === null ? bridgeSetupOf(v['tor.bridges'], v['tor.bridge_lines']) : null;
  return {
    detect: { config, origins, env: input.env, root: input.root },
    platform: input.platform,
    ownTor: {
      allowed: v['tor.start_own'],
      // A running tor would connect without them: bridges always mean our own.
      always: v['tor.connection'] === 'own' || bridges !== null,
      dataDir: input.dataDir,
      runtimeDir: input.runtimeDir,
      torPath: v['tor.executable'],
      bridges,
      searchPath: input.env['PATH'] ?? '',
    },
  };
}
