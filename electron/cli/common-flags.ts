// Flags that several serving commands take, defined once (plain Node).
import type { SwitchFlag, ValueFlag } from './definition';
import { name, text } from './flag-values';

export const publicFlag: SwitchFlag = { help: 'cli.flags.public', default: { setting: 'share.public' }, sets: 'public' };

export const persistentFlag: ValueFlag<string> = {
  help: 'cli.flags.persistent',
  value: name,
  default: { words: 'cli.defaults.newAddress' },
  sets: 'persistentName',
};

export const titleFlag: ValueFlag<string> = { help: 'cli.flags.title', value: text, default: { setting: 'share.title' }, sets: 'title' };

/** Not a share option: it decides whether Tor is used at all. */
export const localOnlyFlag: SwitchFlag = { help: 'cli.flags.localOnly', default: { words: 'cli.help.off' } };
