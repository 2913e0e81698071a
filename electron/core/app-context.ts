// What every front end (GUI service, CLI) derives from the machine before it
// shares anything: config, platform, listen address, data folder (plain Node).
import { join, isAbsolute } from 'node:path';
import type { LanguageCode } from '../../i18n/languages';
import { appLanguage } from '../../i18n/messages';
import { loadConfig, type LoadedConfig } from './config';
import { chooseListenAddress, detectPlatform, type ListenAddress, type Platform, type PortRange } from './platform';
import { fileKeyStore, type KeyStore } from './key-store';

export interface MachineInput {
  /** Prefix for system paths; '/' except in tests. */
  root: string;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

export interface AppContext {
  input: MachineInput;
  config: LoadedConfig;
  platform: Platform;
  listen: ListenAddress;
  portRange: PortRange;
  dataDir: string;
  keys: KeyStore;
  /** What the app speaks: `app.language`, or the locale variables' language when that is `auto`. */
  language: LanguageCode;
}

/**
 * `$XDG_DATA_HOME/oniondrop` (default `~/.local/share/oniondrop`): persistent
 * keys and an own tor's data. The GUI and the CLI share it, so a persistent
 * share keeps its address whichever one starts it.
 */
export function dataDirOf(env: MachineInput['env'], home: string): string {
  const xdg = env['XDG_DATA_HOME'];
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'oniondrop');
}

export function loadAppContext(input: MachineInput): AppContext {
  const config = loadConfig({ root: input.root, env: input.env, home: input.home });
  const platform = detectPlatform(input.root);
  const dataDir = dataDirOf(input.env, input.home);
  return {
    input,
    config,
    platform,
    // A bad listen address was already refused by the config loader's type.
    listen: chooseListenAddress(config.values['server.listen_address'], platform),
    portRange: config.values['server.port_range'],
    dataDir,
    keys: fileKeyStore(dataDir),
    language: appLanguage(config.values['app.language'], input.env),
  };
}
