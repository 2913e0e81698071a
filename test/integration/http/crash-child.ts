// A test program (plain Node, bundled by last-resort.test.ts): the real CLI
// with the last-resort handlers installed as electron/cli.ts installs them,
// plus a trigger for the failure nothing catches. SIGUSR2 throws from a timer
// (CRASH=throw) or rejects a promise nobody handles (CRASH=reject).
import { processContext } from '../../../electron/cli/context';
import { runCli } from '../../../electron/cli/run';
import { installLastResort } from '../../../electron/core/last-resort';

installLastResort();
process.on('SIGUSR2', () => {
  setImmediate(() => {
    if (process.env['CRASH'] === 'reject') void Promise.reject(new Error('a promise nobody awaited failed (test)'));
    else throw new Error('a bug nothing caught (test)');
  });
});
void runCli(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
