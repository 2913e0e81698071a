// ONIONDROP_* environment variables: the last configuration layer (plain Node).
import { optionKeys, type OptionKey } from './schema';

export const ENV_PREFIX = 'ONIONDROP_';

/** `server.listen_address` -> `ONIONDROP_SERVER_LISTEN_ADDRESS`. */
export function envNameOf(key: OptionKey): string {
  return ENV_PREFIX + key.replace(/\./g, '_').toUpperCase();
}

/**
 * ONIONDROP_* variables that are not options: ONIONDROP_ROOT points system
 * paths at another tree (tests, chroots). Not warned about.
 */
export const NON_OPTION_ENV_NAMES: ReadonlySet<string> = new Set(['ONIONDROP_ROOT']);

const KEY_BY_ENV_NAME: ReadonlyMap<string, OptionKey> = new Map(optionKeys.map((key) => [envNameOf(key), key]));

export const envNames: readonly string[] = [...KEY_BY_ENV_NAME.keys()];

export function keyOfEnvName(name: string): OptionKey | undefined {
  return KEY_BY_ENV_NAME.get(name);
}
