// What a CLI command may touch: the environment, the filesystem root and the
// output streams, passed in so tests can run commands in-process (plain Node).
import { homedir } from 'node:os';

export interface CliContext {
  /** Prefix for system paths (/etc, /usr/share, /run). '/' except in tests. */
  root: string;
  env: NodeJS.ProcessEnv;
  home: string;
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
  /** What the user types (chat reads its messages from it); process.stdin when absent. */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
}

export function processContext(): CliContext {
  return {
    // ONIONDROP_ROOT lets tests (and chroot-style setups) point system paths
    // at another tree; it changes where files are read, nothing else.
    root: process.env.ONIONDROP_ROOT || '/',
    env: process.env,
    home: process.env.HOME || homedir(),
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/**
 * Exit codes: 0 ok, 1 failure, 2 usage; `oniondrop get` adds 75 (failed, and
 * running it again resumes: sysexits' EX_TEMPFAIL) and 130 (stopped by
 * Ctrl-C, resumable: the shell's code for SIGINT).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, resumable: 75, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in how the command was called: exit 2, one line. */
export class UsageError extends Error {
  readonly kind = 'usage';
}
