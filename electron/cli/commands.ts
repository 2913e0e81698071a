// The registry of CLI commands (plain Node). A new command is one module that
// exports a defineCommand(...) (its flags, words and run) and one line here;
// the parser, `--help`, the man page and isCliInvocation all read this list.
import type { CommandDefinition } from './definition';
import { configCommand } from './config-command';
import { detectCommand } from './detect-command';
import { getCommand } from './get-command';
import { torCheckCommand } from './tor-check-command';
import { receiveCommand } from './receive-command';
import { shareCommand } from './share-command';
import { websiteCommand } from './website-command';
import { chatCommand } from './chat-command';

export const COMMANDS: readonly CommandDefinition[] = [
  configCommand,
  detectCommand,
  torCheckCommand,
  shareCommand,
  receiveCommand,
  websiteCommand,
  chatCommand,
  getCommand,
];
