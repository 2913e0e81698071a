// Flags that several serving commands take, defined once (plain Node).
import type { LanguageCode } from '../../i18n/languages';
import type { Flags, SwitchFlag, ValueFlag } from './definition';
import { language, name, size, text } from './flag-values';

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

/**
 * What uploads may be: `receive` takes these, and so does `share` for an
 * address that also receives (`--with-receive`). One definition, so both
 * commands read and check the values alike.
 */
export const receiveLimitFlags = {
  'max-file-size': {
    help: 'cli.commands.receive.maxFileSize',
    value: size,
    default: { setting: 'receive.max_file_size' },
    sets: 'receive.maxFileSize',
  },
  'max-total-size': {
    help: 'cli.commands.receive.maxTotalSize',
    value: size,
    default: { setting: 'receive.max_total_size' },
    sets: 'receive.maxTotalSize',
  },
  'disable-text': { help: 'cli.commands.receive.disableText', default: { setting: 'receive.disable_text' }, sets: 'receive.disableText' },
  'disable-files': { help: 'cli.commands.receive.disableFiles', default: { setting: 'receive.disable_files' }, sets: 'receive.disableFiles' },
} as const satisfies Flags;
