// PROTOCOLINFO parsing, and the choice of method that follows from it.
import { describe, expect, it } from 'vitest';
import { parseProtocolInfo } from '../../../electron/core/tor/protocolinfo';
import { planAuthentication, mostUsefulProblem } from '../../../electron/core/tor/auth';
import { ControlPassword } from '../../../electron/core/tor/password';
import { TorProtocolError } from '../../../electron/core/tor/errors';
import { ReplyReader } from '../../../electron/core/tor/reply-reader';
import type { Reply } from '../../../electron/core/tor/reply';

function parse(raw: string): Reply {
  const { replies, error } = new ReplyReader().push(Buffer.from(raw));
  if (error || !replies[0]) throw new Error('bad fixture');
  return replies[0];
}

describe('PROTOCOLINFO', () => {
  it("reads tor's answer", () => {
    const info = parseProtocolInfo(
      parse(
        '250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE,HASHEDPASSWORD COOKIEFILE="/run/tor/control.authcookie"\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n',
      ),
    );
    expect(info).toEqual({
      protocolVersion: 1,
      methods: ['COOKIE', 'SAFECOOKIE', 'HASHEDPASSWORD'],
      unknownMethods: [],
      cookieFile: '/run/tor/control.authcookie',
      torVersion: '0.4.9.11',
    });
  });

  it("reads onion-grater's NULL answer", () => {
    const info = parseProtocolInfo(parse('250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250-VERSION Tor="0.4.8.16"\r\n250 OK\r\n'));
    expect(info.methods).toEqual(['NULL']);
    expect(info.cookieFile).toBeUndefined();
  });

  it('resolves escapes in COOKIEFILE, keeps unknown methods, ignores unknown lines', () => {
    const info = parseProtocolInfo(
      parse(
        '250-PROTOCOLINFO 1\r\n250-AUTH METHODS=FUTURE,COOKIE COOKIEFILE="/home/a \\"b\\"/caf\\303\\251\\\\x" EXTRA=1\r\n250-NEWTHING whatever\r\n250 OK\r\n',
      ),
    );
    expect(info.methods).toEqual(['COOKIE']);
    expect(info.unknownMethods).toEqual(['FUTURE']);
    expect(info.cookieFile).toBe('/home/a "b"/café\\x');
    expect(info.torVersion).toBeUndefined();
  });

  it('refuses an answer without an AUTH line', () => {
    expect(() => parseProtocolInfo(parse('250-PROTOCOLINFO 1\r\n250 OK\r\n'))).toThrow(TorProtocolError);
  });
});

describe('choosing the method', () => {
  const all = { protocolVersion: 1, methods: ['HASHEDPASSWORD', 'COOKIE', 'SAFECOOKIE'] as const, unknownMethods: [], cookieFile: '/c' };

  it('prefers NULL, then SAFECOOKIE, then COOKIE, then a password', () => {
    const plan = planAuthentication({ ...all, methods: [...all.methods, 'NULL'] }, { password: ControlPassword.plain('x') });
    expect(plan.methods).toEqual(['NULL', 'SAFECOOKIE', 'COOKIE', 'HASHEDPASSWORD']);
  });

  it('skips a password method without a password, and says so', () => {
    const plan = planAuthentication({ ...all, methods: ['HASHEDPASSWORD'] }, {});
    expect(plan.methods).toEqual([]);
    expect(mostUsefulProblem(plan.skipped)).toEqual({ kind: 'password-needed' });
  });

  it('skips cookie methods when no cookie path is known', () => {
    const plan = planAuthentication({ protocolVersion: 1, methods: ['SAFECOOKIE'], unknownMethods: [] }, {});
    expect(plan.skipped[0]?.problem).toEqual({ kind: 'no-cookie-path', method: 'SAFECOOKIE' });
    expect(planAuthentication({ protocolVersion: 1, methods: ['SAFECOOKIE'], unknownMethods: [] }, { cookieFile: '/x' }).methods).toEqual([
      'SAFECOOKIE',
    ]);
  });

  it('says when nothing offered is known', () => {
    const plan = planAuthentication({ protocolVersion: 1, methods: [], unknownMethods: ['FUTURE'] }, {});
    expect(mostUsefulProblem(plan.skipped)).toEqual({ kind: 'no-usable-method', offered: ['FUTURE'] });
  });

  it('honours a forced method only if tor offers it', () => {
    expect(planAuthentication({ ...all, methods: [...all.methods] }, {}, 'COOKIE').methods).toEqual(['COOKIE']);
    const plan = planAuthentication({ ...all, methods: ['COOKIE'] }, {}, 'SAFECOOKIE');
    expect(plan.skipped[0]?.problem.kind).toBe('method-not-offered');
  });
});
