// The `oniondrop` command line (plain Node): entry point of dist/cli.cjs.
import { runCli } from './cli/run';
import { processContext } from './cli/context';
import { installLastResort } from './core/last-resort';

installLastResort();

runCli(process.argv.slice(2), processContext()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Last resort: runCli already turns known errors into one line.
    process.stderr.write(`oniondrop: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
