// The app's idea of what Whonix's stock OnionShare profile lets through agrees
// with the profile itself (loaded by the onion-grater test proxy's parser),
// for every command form OnionDrop sends (plain Node).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { filterForClient, parseProfile } from '../../fixtures/onion-grater/profile';
import { STOCK_ONIONSHARE_PROFILE } from '../../fixtures/whonix/stock-profile';
import { stockOnionShareProfileAllows } from '../../../electron/core/tor/stock-profile';
import { maskCommand } from '../../../electron/core/tor/errors';
import { addOnionCommand, clientAuthAddCommand, clientAuthRemoveCommand, delOnionCommand } from '../../../electron/core/tor/onion-commands';
import { generateClientAuthKeys, generateOnionKey } from '../../../electron/core/tor/onion-keys';

const filter = filterForClient(parseProfile(readFileSync(STOCK_ONIONSHARE_PROFILE, 'utf8')), '10.152.152.11');

/** What the profile does with a command line: SETEVENTS by its event list, the rest by the command's rules. */
function profileAllows(line: string): boolean {
  const [cmd = '', ...rest] = line.split(' ');
  const args = rest.join(' ');
  if (cmd === 'SETEVENTS') return rest.every((e) => filter?.events.has(e) === true);
  return filter?.commands.get(cmd)?.some((r) => r.regex.test(args)) ?? false;
}

describe("Whonix's stock OnionShare profile", () => {
  const made = generateOnionKey();
  const auth = generateClientAuthKeys();
  const lines = [
    addOnionCommand({ port: 17600, key: null, clientAuth: null }),
    addOnionCommand({ port: 17601, key: null, clientAuth: auth }),
    addOnionCommand({ port: 17602, key: made.key, clientAuth: null }),
    addOnionCommand({ port: 17603, key: made.key, clientAuth: auth }),
    addOnionCommand({ port: 18000, key: null, clientAuth: null }),
    delOnionCommand(made.serviceId),
    clientAuthAddCommand(made.serviceId, auth.privateKey),
    clientAuthRemoveCommand(made.serviceId),
    'GETINFO version',
    'GETINFO onions/current',
    'GETINFO status/bootstrap-phase',
    'GETINFO net/listeners/socks',
    'SETEVENTS HS_DESC',
    'SETEVENTS STATUS_CLIENT',
    'SETEVENTS HS_DESC STATUS_CLIENT',
    'SETEVENTS',
  ];

  it.each(lines.map((l) => [maskCommand(l), l]))('%s: the app and the profile agree', (shown, line) => {
    // The app judges the command as its errors show it (keys masked).
    expect(stockOnionShareProfileAllows(shown)).toBe(profileAllows(line));
  });

  it('allows the ordinary shares and refuses a public share with a known key', () => {
    expect(stockOnionShareProfileAllows(maskCommand(lines[0] as string))).toBe(true);
    expect(stockOnionShareProfileAllows(maskCommand(lines[2] as string))).toBe(false);
  });
});
