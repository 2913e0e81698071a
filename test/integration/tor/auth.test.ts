// Every authentication method against a real tor, over a Unix socket and TCP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { TorController } from '../../../electron/core/tor/controller';
import { TorAuthError } from '../../../electron/core/tor/errors';
import { ControlPassword } from '../../../electron/core/tor/password';

afterAll(stopAllTors);

const PASSWORD = 'correct horse "battery" staple';

async function authError(p: Promise<unknown>): Promise<TorAuthError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof TorAuthError)) throw new Error(`expected TorAuthError, got ${String(e)}`);
  return e;
}

async function versionOf(c: TorController): Promise<string> {
  const v = await c.getVersion();
  await c.close();
  return v;
}

describe('NULL authentication against a real tor', () => {
  it('works with a tor that has neither cookie nor password', async () => {
    const tor = await startTor({ cookie: false });
    const c = await TorController.connectAndAuthenticate({ path: tor.controlSocketPath! });
    expect(c.authMethod).toBe('NULL');
    expect(await versionOf(c)).toMatch(/^0\.4\.\d+/);
    await tor.dispose();
  });
});

describe('cookie authentication against a real tor', () => {
  let cookieTor: TorHandle;
  beforeAll(async () => {
    cookieTor = await startTor({ controlPort: true });
  });
  afterAll(async () => {
    await cookieTor.dispose();
  });

  it('uses SAFECOOKIE by default when tor offers cookies, over the Unix socket', async () => {
    const c = await TorController.connectAndAuthenticate({ path: cookieTor.controlSocketPath! });
    expect(c.protocolInfo.methods.sort()).toEqual(['COOKIE', 'SAFECOOKIE']);
    expect(c.protocolInfo.cookieFile).toBe(cookieTor.cookiePath);
    expect(c.authMethod).toBe('SAFECOOKIE');
    expect(await versionOf(c)).toMatch(/^0\.4\./);
  });

  it('SAFECOOKIE and COOKIE, each forced, over TCP', async () => {
    for (const method of ['SAFECOOKIE', 'COOKIE'] as const) {
      const c = await TorController.connectAndAuthenticate(
        { host: '127.0.0.1', port: cookieTor.controlPort! },
        {},
        { authMethod: method },
      );
      expect(c.authMethod).toBe(method);
      expect(await versionOf(c)).toMatch(/^0\.4\./);
    }
  });

  it("tells a cookie that is not this tor's: SAFECOOKIE sends nothing, COOKIE is refused", async () => {
    const wrong = join(cookieTor.baseDir, 'other_cookie');
    writeFileSync(wrong, randomBytes(32));
    const safe = await authError(
      TorController.connectAndAuthenticate({ path: cookieTor.controlSocketPath! }, { cookieFile: wrong }, { authMethod: 'SAFECOOKIE' }),
    );
    expect(safe.problem).toEqual({ kind: 'server-hash-mismatch', path: wrong });
    const plain = await authError(
      TorController.connectAndAuthenticate({ path: cookieTor.controlSocketPath! }, { cookieFile: wrong }, { authMethod: 'COOKIE' }),
    );
    expect(plain.problem).toMatchObject({ kind: 'cookie-rejected', path: wrong, method: 'COOKIE' });
    expect(plain.attempts).toHaveLength(1);
    // tor still answers afterwards
    expect(await versionOf(await TorController.connectAndAuthenticate({ path: cookieTor.controlSocketPath! }))).toMatch(/^0\.4\./);
  });

  it('names a missing cookie file', async () => {
    const missing = join(cookieTor.baseDir, 'nope', 'cookie');
    const e = await authError(TorController.connectAndAuthenticate({ path: cookieTor.controlSocketPath! }, { cookieFile: missing }));
    expect(e.problem).toMatchObject({ kind: 'cookie-unreadable', path: missing, errno: 'ENOENT' });
  });
});

describe('password authentication against a real tor', () => {

  it('HASHEDPASSWORD: the right password works, a wrong one and none are told apart', async () => {
    const tor = await startTor({ cookie: false, password: PASSWORD, controlPort: true });
    const right = await TorController.connectAndAuthenticate(
      { host: '127.0.0.1', port: tor.controlPort! },
      { password: ControlPassword.plain(PASSWORD) },
    );
    expect(right.authMethod).toBe('HASHEDPASSWORD');
    expect(await versionOf(right)).toMatch(/^0\.4\./);

    const wrong = await authError(
      TorController.connectAndAuthenticate({ path: tor.controlSocketPath! }, { password: ControlPassword.plain('not-the-pass-7f3a') }),
    );
    expect(wrong.problem.kind).toBe('wrong-password');
    for (const shown of [wrong.message, JSON.stringify(wrong), JSON.stringify(wrong.attempts)]) {
      expect(shown).not.toContain('not-the-pass-7f3a');
      expect(shown).not.toContain(Buffer.from('not-the-pass-7f3a').toString('hex').toUpperCase());
    }

    const none = await authError(TorController.connectAndAuthenticate({ path: tor.controlSocketPath! }));
    expect(none.problem).toEqual({ kind: 'password-needed' });

    // TOR_CONTROL_PASSWD in its quoted form
    const fromEnv = await TorController.connectAndAuthenticate(
      { path: tor.controlSocketPath! },
      { password: ControlPassword.fromEnv('"correct horse \\"battery\\" staple"') },
    );
    expect(fromEnv.authMethod).toBe('HASHEDPASSWORD');
    await fromEnv.close();
    await tor.dispose();
  });

  it('falls back from an unreadable cookie to the password when tor offers both', async () => {
    const tor = await startTor({ password: PASSWORD });
    const c = await TorController.connectAndAuthenticate(
      { path: tor.controlSocketPath! },
      { cookieFile: join(tor.baseDir, 'missing'), password: ControlPassword.plain(PASSWORD) },
    );
    expect(c.authMethod).toBe('HASHEDPASSWORD');
    expect(c.authAttempts.map((a) => [a.method, a.problem.kind])).toEqual([
      ['SAFECOOKIE', 'cookie-unreadable'],
      ['COOKIE', 'cookie-unreadable'],
    ]);
    await c.close();
    await tor.dispose();
  });
});
