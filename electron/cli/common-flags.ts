// Flags that several serving commands take, defined once (plain Node).
import type { LanguageCode } from '../../i18n/languages';
import type { SwitchFlag, ValueFlag } from './definition';
import { language, name, text } from './flag-values';

export const publicFlag: SwitchFlag = { help: 'cli.flags.public', default: { setting: 'share.public' }, sets: 'public' };

export const persistentFlag: ValueFlag<string> = {
  help: 'cli.flags.persistent',
  value: name,
  default: { words: 'cli.defaults.newAddress' },
  sets: 'persistentName',
};

export const titleFlag: ValueFlag<string> = { help: 'cli.flags.title', value: text, default: { setting: 'share.title' }, sets: 'title' };

/** The pages' language: Tor Browser asks every site for English, so the sharer chooses. */
export const languageFlag: ValueFlag<LanguageCode> = {
  help: 'cli.flags.language',
  value: language,
  default: { words: 'cli.defaults.language' },
  sets: 'language',
};

/** Not a share option: it decides whether Tor is used at all. */
export const localOnlyFlag: SwitchFlag = { help: 'cli.flags.localOnly', default: { words: 'cli.help.off' } };
