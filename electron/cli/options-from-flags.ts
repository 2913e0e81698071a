// Applies what the command-line flags set to a share's options, with the window's own checks (plain Node).
// The flags are untrusted input like the renderer's changes, so both go
// through validatePatch; a value it refuses is a usage error naming the flag.
import type { ShareOptions, ShareOptionsPatch } from '../contract';
import { OptionsPatchError, validatePatch } from '../core/options-patch';
import { UsageError } from './context';

/** The flag that sets each checked field, for the error message. */
const FLAG_OF: Readonly<Record<string, string>> = {
  public: '--public',
  stopAfterFirstDownload: '--stop-after-first',
  autoStopSeconds: '--auto-stop',
  startAt: '--start-at',
  title: '--title',
  persistentName: '--persistent',
  compress: '--compress',
  'receive.folder': '--dir',
  'receive.maxFileSize': '--max-file-size',
  'receive.maxTotalSize': '--max-total-size',
  'receive.disableText': '--disable-text',
  'receive.disableFiles': '--disable-files',
  'website.csp': '--csp',
};

/** `defaults` (from the configuration) with `fromFlags` applied; throws UsageError for a value the window would refuse too. */
export function optionsFromFlags(defaults: ShareOptions, fromFlags: ShareOptionsPatch): ShareOptions {
  try {
    return validatePatch(defaults, fromFlags);
  } catch (err) {
    if (err instanceof OptionsPatchError) throw new UsageError(`${FLAG_OF[err.field] ?? err.field} takes ${err.expected}`);
    throw err;
  }
}
