// The registry of CLI commands: one entry per command module (plain Node).
import type { CliContext, ExitCode } from './context';
import { configCommand } from './config-command';
import { detectCommand } from './detect-command';
import { torCheckCommand } from './tor-check-command';
import { receiveCommand } from './receive-command';
import { shareCommand } from './share-command';
import { websiteCommand } from './website-command';

export interface Command {
  name: string;
  /** One line for --help. */
  summary: string;
  /** The usage line after `oniondrop`. */
  usage: string;
  run(args: string[], ctx: CliContext): Promise<ExitCode>;
}

export const COMMANDS: readonly Command[] = [configCommand, detectCommand, torCheckCommand, shareCommand, receiveCommand, websiteCommand];
