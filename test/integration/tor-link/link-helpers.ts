// Test helpers for the tor link (plain Node): a link pointed at one control
// socket with short timeouts, deadlines that turn a hang into a failure, and
// a raw look at whether tor still has an onion.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTorLink, type TorLinkOptions } from '../../../electron/core/tor/link';
import type { TorLink } from '../../../electron/core/tor/link-types';
import type { ControlEndpoint } from '../../../electron/core/tor/endpoint';
import { TorController } from '../../../electron/core/tor/controller';
import { TorControlError } from '../../../electron/core/tor/errors';
import type { OnionKey } from '../../../electron/core/tor/link-types';

export const NOT_WHONIX = { whonix: null, markers: [] as string[] };

/** A folder with nothing in it, used as `root` so no system tor (/run/tor/control) is found. */
export function emptyRoot(): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), 'oniondrop-link-root-'));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

export function linkTo(
  control: ControlEndpoint,
  root: string,
  overrides: Partial<TorLinkOptions> = {},
): TorLink {
  return createTorLink({
    detect: {
      config: 'path' in control ? { controlSocket: control.path } : { controlHost: control.host, controlPort: control.port },
      env: {},
      root,
    },
    platform: NOT_WHONIX,
    ownTor: null,
    connectTimeoutMs: 2_000,
    commandTimeoutMs: 3_000,
    publishTimeoutMs: 1_500,
    blindPublishWaitMs: 50,
    backoff: { initialMs: 50, maxMs: 400 },
    ...overrides,
  });
}

export class DeadlineError extends Error {
  readonly kind = 'deadline' as const;
}

/** Fails (instead of hanging) when `promise` takes longer than `ms`. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it is true or `ms` pass. */
export async function eventually(ms: number, what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new DeadlineError(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Whether tor currently runs an onion with this key, asked on a separate
 * connection: re-adding a live key answers `550 Onion address collision`;
 * if tor accepts it, the onion was not there (and is removed again).
 */
export async function isLiveOnTor(control: ControlEndpoint, cookieFile: string, key: OnionKey): Promise<boolean> {
  const c = await TorController.connectAndAuthenticate(control, { cookieFile });
  try {
    const reply = await c.send(`ADD_ONION ED25519-V3:${key.blob} Port=80,17659`);
    const id = /ServiceID=(\S+)/.exec(reply.lines.map((l) => l.text).join(' '))?.[1];
    if (id) await c.send(`DEL_ONION ${id}`);
    return false;
  } catch (error) {
    if (error instanceof TorControlError && error.code === 550) return true;
    throw error;
  } finally {
    await c.close();
  }
}
