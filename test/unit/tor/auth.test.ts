// Authentication faults a real tor cannot be made to produce: a peer that
// fails the SAFECOOKIE proof, a filter that refuses AUTHCHALLENGE,
// onion-grater's NULL; plus local cookie and password problems.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TorControlConnection } from '../../../electron/core/tor/connection';
import { authenticate } from '../../../electron/core/tor/auth';
import { cookieHint } from '../../../electron/core/tor/cookie';
import { TorAuthError } from '../../../electron/core/tor/errors';
import { TorController } from '../../../electron/core/tor/controller';
import { ControlPassword } from '../../../electron/core/tor/password';
import { graterLike, startFakeServer, type FakeServer, type LineHandler } from './fake-server';

let dir: string;
let cookiePath: string;
const cookie = randomBytes(32);
let server: FakeServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-auth-'));
  cookiePath = join(dir, 'control_auth_cookie');
  writeFileSync(cookiePath, cookie, { mode: 0o600 });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const S2C = 'Tor safe cookie authentication server-to-controller hash';
const C2S = 'Tor safe cookie authentication controller-to-server hash';

/** A tor-like peer offering COOKIE and SAFECOOKIE; `lie` makes its server hash wrong. */
function cookieTor(opts: { lie?: boolean; filterChallenge?: boolean }): LineHandler {
  let expectedClientHash = '';
  return (line, s) => {
    if (line === 'PROTOCOLINFO 1') {
      s.write(`250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="${cookiePath}"\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n`);
    } else if (line.startsWith('AUTHCHALLENGE SAFECOOKIE ')) {
      if (opts.filterChallenge) {
        s.write('510 Command filtered\r\n');
        return;
      }
      const clientNonce = Buffer.from(line.split(' ')[2] ?? '', 'hex');
      const serverNonce = randomBytes(32);
      const material = Buffer.concat([opts.lie ? randomBytes(32) : cookie, clientNonce, serverNonce]);
      const serverHash = createHmac('sha256', S2C).update(material).digest('hex').toUpperCase();
      expectedClientHash = createHmac('sha256', C2S).update(Buffer.concat([cookie, clientNonce, serverNonce])).digest('hex').toUpperCase();
      s.write(`250 AUTHCHALLENGE SERVERHASH=${serverHash} SERVERNONCE=${serverNonce.toString('hex').toUpperCase()}\r\n`);
    } else if (line.startsWith('AUTHENTICATE ')) {
      const arg = line.slice('AUTHENTICATE '.length).toUpperCase();
      const ok = arg === expectedClientHash || arg === cookie.toString('hex').toUpperCase();
      s.write(ok ? '250 OK\r\n' : '515 Authentication failed: Authentication cookie did not match expected value.\r\n');
      if (!ok) s.end();
    } else {
      s.write('250 OK\r\n');
    }
  };
}

async function connect(handler: LineHandler): Promise<TorControlConnection> {
  server = await startFakeServer(handler);
  return TorControlConnection.connect({ path: server.path });
}

describe('SAFECOOKIE', () => {
  it('refuses a wrong server hash without sending AUTHENTICATE or falling back to COOKIE', async () => {
    const conn = await connect(cookieTor({ lie: true }));
    const error = (await authenticate(conn, {}, { reconnect: () => TorControlConnection.connect({ path: server!.path }) }).catch(
      (e: unknown) => e,
    )) as TorAuthError;
    expect(error).toBeInstanceOf(TorAuthError);
    expect(error.problem).toEqual({ kind: 'server-hash-mismatch', path: cookiePath });
    expect(server!.received.some((l) => l.startsWith('AUTHENTICATE'))).toBe(false);
    expect(server!.received.filter((l) => l.includes(cookie.toString('hex').toUpperCase()))).toEqual([]);
    expect(conn.closed).toBe(true);
  });

  it('authenticates when the server proves it knows the cookie', async () => {
    const conn = await connect(cookieTor({}));
    const result = await authenticate(conn);
    expect(result.method).toBe('SAFECOOKIE');
    // the client hash went out, never the cookie itself
    expect(server!.received.some((l) => l.includes(cookie.toString('hex').toUpperCase()))).toBe(false);
    await result.connection.close();
  });

  it('falls back to COOKIE when a filter refuses AUTHCHALLENGE', async () => {
    const conn = await connect(cookieTor({ filterChallenge: true }));
    const result = await authenticate(conn, {}, { reconnect: () => TorControlConnection.connect({ path: server!.path }) });
    expect(result.method).toBe('COOKIE');
    expect(result.attempts).toEqual([
      { method: 'SAFECOOKIE', problem: { kind: 'challenge-refused', code: 510, filtered: true, reply: 'Command filtered' } },
    ]);
    await result.connection.close();
  });
});

describe('cookie and password problems', () => {
  it('names an unreadable cookie file and the usual fix, sending nothing', async () => {
    const missing = join(dir, 'gone', 'control_auth_cookie');
    const error = (await authenticate(await connect(cookieTor({})), { cookieFile: missing }).catch((e: unknown) => e)) as TorAuthError;
    expect(error.problem).toMatchObject({ kind: 'cookie-unreadable', path: missing, errno: 'ENOENT', hint: 'missing' });
    expect(server!.received).toEqual(['PROTOCOLINFO 1']);
  });

  it('refuses a cookie file that is not 32 bytes', async () => {
    const short = join(dir, 'short');
    writeFileSync(short, randomBytes(31));
    const error = (await authenticate(await connect(cookieTor({})), { cookieFile: short }).catch((e: unknown) => e)) as TorAuthError;
    expect(error.problem).toEqual({ kind: 'cookie-size', path: short, size: 31 });
    mkdirSync(join(dir, 'adir'));
    const e2 = (await authenticate(await TorControlConnection.connect({ path: server!.path }), { cookieFile: join(dir, 'adir') }).catch(
      (e: unknown) => e,
    )) as TorAuthError;
    expect(e2.problem).toMatchObject({ kind: 'cookie-unreadable', hint: 'not-a-file' });
  });

  it("suggests the debian-tor group for Debian's cookie", () => {
    expect(cookieHint('/run/tor/control.authcookie', 'EACCES').hint).toBe('debian-tor-group');
    expect(cookieHint('/run/tor/control.authcookie', 'EACCES').fix).toContain('debian-tor');
    expect(cookieHint('/home/u/tor/cookie', 'EACCES').hint).toBe('permissions');
  });

  it('says a password is needed when tor asks for one and none is set', async () => {
    const conn = await connect((line, s) =>
      s.write(line.startsWith('PROTOCOLINFO') ? '250-PROTOCOLINFO 1\r\n250-AUTH METHODS=HASHEDPASSWORD\r\n250 OK\r\n' : '250 OK\r\n'),
    );
    const error = (await authenticate(conn).catch((e: unknown) => e)) as TorAuthError;
    expect(error.problem).toEqual({ kind: 'password-needed' });
    expect(server!.received).toEqual(['PROTOCOLINFO 1']);
  });

  it('says the password is wrong on 515', async () => {
    const conn = await connect((line, s) => {
      if (line.startsWith('PROTOCOLINFO')) s.write('250-PROTOCOLINFO 1\r\n250-AUTH METHODS=HASHEDPASSWORD\r\n250 OK\r\n');
      else s.write('515 Authentication failed: Password did not match HashedControlPassword value from configuration\r\n');
    });
    const error = (await authenticate(conn, { password: ControlPassword.plain('nope') }).catch((e: unknown) => e)) as TorAuthError;
    expect(error.problem.kind).toBe('wrong-password');
    expect(error.message).not.toContain('nope');
    expect(server!.received[1]).toBe(`AUTHENTICATE ${Buffer.from('nope').toString('hex').toUpperCase()}`);
  });
});

describe('onion-grater', () => {
  it('just works with METHODS=NULL and any AUTHENTICATE', async () => {
    server = await startFakeServer(graterLike());
    const controller = await TorController.connectAndAuthenticate({ path: server.path }, { password: ControlPassword.plain('ignored') });
    expect(controller.authMethod).toBe('NULL');
    expect(await controller.getVersion()).toBe('0.4.9.11');
    expect(server.received.slice(0, 2)).toEqual(['PROTOCOLINFO 1', 'AUTHENTICATE']);
    await controller.close();
  });
});

describe('ControlPassword', () => {
  const hexOf = (s: string): string => Buffer.from(s).toString('hex').toUpperCase();

  it('reads TOR_CONTROL_PASSWD as a quoted string, as hex, or literally', () => {
    expect(ControlPassword.fromEnv('"se\\"cr et"').toAuthenticateArgument()).toBe(hexOf('se"cr et'));
    expect(ControlPassword.fromEnv('736563726574').toAuthenticateArgument()).toBe(hexOf('secret'));
    expect(ControlPassword.fromEnv('"cafe"').toAuthenticateArgument()).toBe(hexOf('cafe'));
    expect(ControlPassword.fromEnv('cafe').toAuthenticateArgument()).toBe('CAFE');
    expect(ControlPassword.fromEnv('not hex!').toAuthenticateArgument()).toBe(hexOf('not hex!'));
    expect(ControlPassword.fromEnv('""').toAuthenticateArgument()).toBe('""');
    expect(() => ControlPassword.fromEnv('"unterminated')).toThrow(/TOR_CONTROL_PASSWD/);
    expect(() => ControlPassword.fromEnv('"a" trailing')).toThrow(/bad-quoting/);
  });

  it('never prints itself', async () => {
    const { inspect } = await import('node:util');
    const p = ControlPassword.plain('hunter2');
    for (const shown of [String(p), `${p}`, JSON.stringify({ p }), inspect(p), inspect({ p })]) {
      expect(shown).not.toContain('hunter2');
      expect(shown).not.toContain(hexOf('hunter2'));
    }
  });
});
