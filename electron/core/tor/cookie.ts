// Reading tor's 32-byte authentication cookie, with the usual fix when it cannot be read (plain Node).
import { open } from 'node:fs/promises';
import type { AuthProblem, CookieHint } from './errors';

export const COOKIE_LENGTH = 32;

export type CookieResult = { ok: true; cookie: Buffer } | { ok: false; problem: AuthProblem };

/** Debian's tor keeps its cookie here, readable by the `debian-tor` group only. */
const DEBIAN_TOR_DIRS = ['/run/tor/', '/var/run/tor/', '/var/lib/tor/'];

export function cookieHint(path: string, errno: string): { hint: CookieHint; fix: string } {
  if (errno === 'EACCES' || errno === 'EPERM') {
    if (DEBIAN_TOR_DIRS.some((d) => path.startsWith(d))) {
      return {
        hint: 'debian-tor-group',
        fix: 'add your user to the debian-tor group (sudo adduser "$USER" debian-tor), then log out and back in',
      };
    }
    return { hint: 'permissions', fix: 'give your user read access to this file, or set tor.control_password' };
  }
  if (errno === 'ENOENT') {
    return {
      hint: 'missing',
      fix: 'tor names a file that is not there from here (tor may run in another container or VM); set tor.cookie_file or TOR_CONTROL_COOKIE_AUTH_FILE',
    };
  }
  if (errno === 'EISDIR' || errno === 'ENOTFILE') {
    return { hint: 'not-a-file', fix: 'point tor.cookie_file at tor\'s control_auth_cookie file' };
  }
  return { hint: 'other', fix: 'check that the file exists and is readable' };
}

/**
 * Reads at most 33 bytes, so a wrong path (a device, a huge file) cannot make
 * us read much; control-spec 3.21 forbids using anything but exactly 32 bytes.
 */
export async function readCookie(path: string): Promise<CookieResult> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    return { ok: false, problem: { kind: 'cookie-unreadable', path, errno, ...cookieHint(path, errno) } };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      const errno = stat.isDirectory() ? 'EISDIR' : 'ENOTFILE';
      return { ok: false, problem: { kind: 'cookie-unreadable', path, errno, ...cookieHint(path, errno) } };
    }
    const buf = Buffer.alloc(COOKIE_LENGTH + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead !== COOKIE_LENGTH || stat.size !== COOKIE_LENGTH) {
      return { ok: false, problem: { kind: 'cookie-size', path, size: stat.size } };
    }
    return { ok: true, cookie: buf.subarray(0, COOKIE_LENGTH) };
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    return { ok: false, problem: { kind: 'cookie-unreadable', path, errno, ...cookieHint(path, errno) } };
  } finally {
    await handle.close();
  }
}
