// `oniondrop chat`: opens a chat room at an onion address and takes part in
// it from the terminal until Ctrl-C, which tells the visitors the room has
// closed and removes the onion (plain Node).
import { checkName, DEFAULT_CHAT_LIMITS } from '../core/chat';
import { chatModeServer } from '../core/modes/chat-mode';
import { defaultShareOptions } from '../core/share-options';
import { ChatTerminal } from './chat-terminal';
import { languageFlag, localOnlyFlag, persistentFlag, publicFlag, titleFlag } from './common-flags';
import { defineCommand, type Flags, type ValueKind } from './definition';
import { optionsFromFlags } from './options-from-flags';
import { loadServingApp, runInTerminal } from './terminal-session';
import { wordsOf } from './words';

/** A name a visitor could take too (the room refuses the rest). */
const chatName: ValueKind<string> = {
  placeholder: 'cli.values.name',
  rule: 'cli.values.chatNameRule',
  parse: (text) => {
    const checked = checkName(text, DEFAULT_CHAT_LIMITS.maxNameLength);
    return checked.ok ? checked.name : undefined;
  },
};

const FLAGS = {
  name: { help: 'cli.commands.chat.name', value: chatName, default: { words: 'cli.commands.chat.randomName' }, sets: 'chat.name' },
  history: {
    help: 'cli.commands.chat.history',
    default: { setting: 'chat.history' },
    negation: { help: 'cli.commands.chat.noHistory', value: false },
    sets: 'chat.history',
  },
  title: titleFlag,
  language: languageFlag,
  public: publicFlag,
  persistent: persistentFlag,
  'local-only': localOnlyFlag,
} as const satisfies Flags;

export const chatCommand = defineCommand({
  name: 'chat',
  summary: 'cli.commands.chat.summary',
  description: 'cli.commands.chat.description',
  args: [],
  flags: FLAGS,
  async run(input, ctx) {
    const tr = wordsOf(ctx);
    const app = loadServingApp(ctx);
    // A room has no "first download"; it runs until stopped.
    const options = optionsFromFlags(ctx, defaultShareOptions(app), FLAGS, input, { stopAfterFirstDownload: false });
    const terminal = new ChatTerminal(ctx, tr);
    return runInTerminal({
      command: 'chat',
      app,
      options,
      startServer: chatModeServer(options),
      localOnly: Boolean(input.flags['local-only']),
      ctx: terminal.ctx,
      give: { public: tr.t('cli.chat.givePublic'), private: tr.t('cli.chat.givePrivate') },
      readyLines: [
        tr.t(options.chat.history ? 'cli.chat.historyOn' : 'cli.chat.historyOff'),
        tr.t(terminal.ctx.isTTY ? 'cli.chat.howTty' : 'cli.chat.howPlain'),
        tr.t('cli.chat.ctrlC'),
      ],
      stoppedLine: tr.t('cli.chat.stopped'),
      attach: (session) => terminal.attach(session),
    });
  },
});
