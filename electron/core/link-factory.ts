// Builds the app's TorLink, and the "Test connection" check, from the
// machine's context (plain Node): config.d tor.* settings with their origins,
// the environment, the platform, and the folders an own tor would use.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TorSettings as DialogSettings } from '../contract';
import type { AppContext } from './app-context';
import type { Config } from './config';
import { createTorLink, type TorLinkOptions } from './tor/link';
import type { OpenTorOptions } from './tor/open-tor';
import { torLinkOptionsFromConfig } from './tor/link-config';
import type { TorLink } from './tor/link-types';
import { runTorCheck, type TorCheckLine } from './tor/tor-check';
import { valuesWithDialog } from './tor-settings';

/**
 * An own tor's sockets go under the user's runtime folder, whose short path
 * stays within the 108-byte limit of a Unix socket address.
 */
function runtimeDirOf(app: AppContext): string {
  const runtime = app.input.env['XDG_RUNTIME_DIR'];
  return runtime && runtime.startsWith('/') ? join(runtime, 'oniondrop') : join(tmpdir(), `oniondrop-${process.getuid?.() ?? 'user'}`);
}

function linkOptions(app: AppContext, values: Config = app.config.values): TorLinkOptions {
  return {
    ...torLinkOptionsFromConfig({
      values,
      origins: app.config.origins,
      env: app.input.env,
      root: app.input.root,
      platform: app.platform,
      dataDir: app.dataDir,
      runtimeDir: runtimeDirOf(app),
    }),
    publishTimeoutMs: values['tor.publish_timeout'] * 1000,
  };
}

/** Where the link would look for Tor (for `oniondrop detect`, which connects to nothing). */
export function detectInputFor(app: AppContext): TorLinkOptions['detect'] {
  return linkOptions(app).detect;
}

export function createLinkFor(app: AppContext): TorLink {
  return createTorLink(linkOptions(app));
}

/**
 * `oniondrop tor-check` and the GUI's "Test connection": the same checks,
 * with the dialog's settings when given. A tor started for the check gets
 * folders of its own, so it never fights a running app's own tor for its
 * DataDirectory.
 */
export async function torCheckFor(app: AppContext, settings: DialogSettings | null): Promise<TorCheckLine[]> {
  const values = settings ? valuesWithDialog(app.config.values, settings, app.input.home) : app.config.values;
  const options = linkOptions(app, values);
  const ownTor = options.ownTor && {
    ...options.ownTor,
    dataDir: join(app.dataDir, 'tor-check'),
    runtimeDir: join(runtimeDirOf(app), 'tor-check'),
  };
  const report = await runTorCheck({ ...options, ownTor, portRange: app.portRange });
  return report.lines;
}

/**
 * `oniondrop get` and the Get tab: Tor found as a share finds it. An own tor
 * started for a download gets folders of its own, so it never fights a
 * running share's own tor for its DataDirectory.
 */
export function getTorOptionsFor(app: AppContext): OpenTorOptions {
  const options = linkOptions(app);
  const ownTor = options.ownTor && { ...options.ownTor, dataDir: join(app.dataDir, 'tor-get'), runtimeDir: join(runtimeDirOf(app), 'tor-get') };
  return { detect: options.detect, platform: options.platform, ownTor, connectTimeoutMs: options.connectTimeoutMs, commandTimeoutMs: options.commandTimeoutMs };
}
