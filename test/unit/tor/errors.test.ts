// Error values: secrets masked, onion-grater's filter told apart from tor's own 510.
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import {
  TorControlError,
  TorConnectionClosedError,
  TorTimeoutError,
  TorUnreachableError,
  isFiltered,
  maskCommand,
  maskReplyText,
} from '../../../electron/core/tor/errors';
import type { Reply } from '../../../electron/core/tor/reply';

const KEY = 'aOhCmBUtE2e/GFLuIOvZnNP8v/VdPgECoZ9YP19IJltc/A6xj+2np8FG0ithqIyf6gJBgE9tZftR02s6mmg0mA==';
const CLIENT_AUTH = 'PCY5OWYK7U5UBTPFC2M73DI7ULGDQLG3MKI5SGZ6Z6YGFJYFGEFQ';

function reply(status: number, ...texts: string[]): Reply {
  return {
    status,
    lines: texts.map((text, i) => ({ status, divider: i === texts.length - 1 ? ' ' : '-', text })),
  };
}

describe('secret masking', () => {
  it("masks AUTHENTICATE's argument, hex or quoted", () => {
    expect(maskCommand('AUTHENTICATE 0123ABCD')).toBe('AUTHENTICATE *****');
    expect(maskCommand('AUTHENTICATE "hunter2"')).toBe('AUTHENTICATE *****');
    expect(maskCommand('authenticate "two words"')).toBe('authenticate *****');
    expect(maskCommand('AUTHENTICATE')).toBe('AUTHENTICATE');
  });

  it('masks an ADD_ONION key blob but keeps NEW: and the public ClientAuthV3', () => {
    const line = `ADD_ONION ED25519-V3:${KEY} Flags=V3Auth Port=80,17600 ClientAuthV3=${CLIENT_AUTH}`;
    const masked = maskCommand(line);
    expect(masked).not.toContain(KEY);
    expect(masked).toBe(`ADD_ONION ED25519-V3:***** Flags=V3Auth Port=80,17600 ClientAuthV3=${CLIENT_AUTH}`);
    expect(maskCommand('ADD_ONION NEW:ED25519-V3 Port=80,17600')).toBe('ADD_ONION NEW:ED25519-V3 Port=80,17600');
    expect(maskCommand(`ONION_CLIENT_AUTH_ADD abc.onion x25519:${KEY}`)).toBe('ONION_CLIENT_AUTH_ADD abc.onion x25519:*****');
  });

  it('masks private keys in reply lines', () => {
    expect(maskReplyText(`PrivateKey=ED25519-V3:${KEY}`)).toBe('PrivateKey=ED25519-V3:*****');
  });

  it('keeps the key out of every field of an ADD_ONION error, its message and its JSON', () => {
    const e = new TorControlError(
      `ADD_ONION ED25519-V3:${KEY} Port=80,17600`,
      reply(550, `PrivateKey=ED25519-V3:${KEY}`, 'Onion address collision'),
    );
    expect(e.code).toBe(550);
    expect(e.commandName).toBe('ADD_ONION');
    for (const text of [e.message, e.command, JSON.stringify(e), inspect(e), ...e.reply]) {
      expect(text).not.toContain(KEY);
    }
    const closed = new TorConnectionClosedError('remote', 'unix:/x', false).forCommand('AUTHENTICATE 00FF');
    expect(closed.command).toBe('AUTHENTICATE *****');
    expect(new TorTimeoutError(`ADD_ONION ED25519-V3:${KEY} Port=80,1`, 5, 'x').command).not.toContain(KEY);
  });
});

describe('510: filter or unrecognized', () => {
  it('recognises onion-grater\'s "510 Command filtered"', () => {
    const e = new TorControlError('GETINFO net/listeners/socks', reply(510, 'Command filtered'));
    expect(e.filtered).toBe(true);
    expect(isFiltered(e)).toBe(true);
  });

  it("does not take tor's own 510 Unrecognized command for a filter", () => {
    const e = new TorControlError('ONION_CLIENT_AUTH_VIEW', reply(510, 'Unrecognized command "ONION_CLIENT_AUTH_VIEW"'));
    expect(e.code).toBe(510);
    expect(e.filtered).toBe(false);
    expect(isFiltered(e)).toBe(false);
    expect(isFiltered(new TorControlError('X', reply(552, 'Command filtered')))).toBe(false);
  });
});

describe('unreachable', () => {
  it('names the socket and what usually helps', () => {
    const e = new TorUnreachableError({ path: '/run/tor/control' }, 'EACCES', 'connect');
    expect(e.label).toBe('unix:/run/tor/control');
    expect(e.hint).toBe('permission');
    expect(new TorUnreachableError({ host: '127.0.0.1', port: 9051 }, 'ECONNREFUSED').hint).toBe('nothing-listening');
    expect(new TorUnreachableError({ path: '/nope' }, 'ENOENT').message).toContain('/nope');
  });
});
