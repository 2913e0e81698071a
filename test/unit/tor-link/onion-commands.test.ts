// ADD_ONION and friends, shaped to pass Whonix's stock onion-grater profile
// for OnionShare where it allows them, and the project's own profile always;
// and nothing the own profile allows beyond what the app sends.
import { describe, expect, it } from 'vitest';
import {
  addOnionCommand,
  clientAuthAddCommand,
  clientAuthRemoveCommand,
  delOnionCommand,
  parseAddOnionReply,
} from '../../../electron/core/tor/onion-commands';
import { TorArgumentError, TorProtocolError } from '../../../electron/core/tor/errors';
import { generateClientAuthKeys, generateOnionKey } from '../../../electron/core/tor/onion-keys';
import type { Reply } from '../../../electron/core/tor/reply';
import { OWN_PROFILE, STOCK_PROFILE, loadProfile, matchingRule, rewriteCommand } from './profiles';

const stock = loadProfile(STOCK_PROFILE);
const own = loadProfile(OWN_PROFILE);
const WORKSTATION = '10.152.152.11';
const { key, serviceId } = generateOnionKey();
const auth = generateClientAuthKeys();

const shapes = {
  publicNew: addOnionCommand({ port: 17600, key: null, clientAuth: null }),
  privateNew: addOnionCommand({ port: 17601, key: null, clientAuth: auth }),
  publicKnown: addOnionCommand({ port: 17602, key, clientAuth: null }),
  privateKnown: addOnionCommand({ port: 17659, key, clientAuth: auth }),
};

function reply(...texts: string[]): Reply {
  return {
    status: 250,
    lines: [...texts, 'OK'].map((text, i, all) => ({ status: 250, divider: i === all.length - 1 ? ' ' : '-', text })),
  };
}

describe('ADD_ONION shapes', () => {
  it('are exactly the documented forms: the target is the port alone, no Detach, no DiscardPK', () => {
    expect(shapes.publicNew).toBe('ADD_ONION NEW:ED25519-V3 Port=80,17600');
    expect(shapes.privateNew).toBe(`ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,17601 ClientAuthV3=${auth.publicKey}`);
    expect(shapes.publicKnown).toBe(`ADD_ONION ED25519-V3:${key.blob} Port=80,17602`);
    expect(shapes.privateKnown).toBe(`ADD_ONION ED25519-V3:${key.blob} Flags=V3Auth Port=80,17659 ClientAuthV3=${auth.publicKey}`);
  });

  it("pass Whonix's stock profile, which points them at the Workstation (all but a public known key)", () => {
    expect(rewriteCommand(stock, shapes.publicNew, WORKSTATION)).toBe(`ADD_ONION NEW:ED25519-V3 Port=80,${WORKSTATION}:17600`);
    expect(rewriteCommand(stock, shapes.privateNew, WORKSTATION)).toBe(
      `ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,${WORKSTATION}:17601 ClientAuthV3=${auth.publicKey}`,
    );
    expect(rewriteCommand(stock, shapes.privateKnown, WORKSTATION)).toBe(
      `ADD_ONION ED25519-V3:${key.blob} Flags=V3Auth Port=80,${WORKSTATION}:17659 ClientAuthV3=${auth.publicKey}`,
    );
    // The stock profile has no rule for a public share with a known key:
    // onion-grater answers 510, which the link reports as a filtered ADD_ONION.
    expect(matchingRule(stock, shapes.publicKnown)).toBeUndefined();
  });

  it("pass the project's own profile in every form, pointed at the Workstation", () => {
    for (const line of Object.values(shapes)) {
      const rewritten = rewriteCommand(own, line, WORKSTATION);
      expect(rewritten, line).toBeDefined();
      expect(rewritten).toMatch(new RegExp(`Port=80,${WORKSTATION.replace(/\./g, '\\.')}:176[0-5][0-9]( |$)`));
      // Nothing else of the line changes.
      expect(rewritten?.replace(`${WORKSTATION}:`, '')).toBe(line);
    }
  });

  it("are refused by the project's own profile in any other form", () => {
    const pub = auth.publicKey;
    const refused = [
      'ADD_ONION NEW:ED25519-V3 Port=80,17660',
      'ADD_ONION NEW:ED25519-V3 Port=80,17599',
      'ADD_ONION NEW:ED25519-V3 Port=81,17600',
      'ADD_ONION NEW:ED25519-V3 Port=80,127.0.0.1:17600',
      'ADD_ONION NEW:ED25519-V3 Port=80,10.0.0.1:22',
      'ADD_ONION NEW:ED25519-V3 Flags=Detach Port=80,17600',
      'ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80,17600',
      'ADD_ONION NEW:ED25519-V3 Port=80,17600 Flags=Detach',
      'ADD_ONION NEW:ED25519-V3 Port=80,17600 Port=22,22',
      'ADD_ONION NEW:BEST Port=80,17600',
      'ADD_ONION NEW:RSA1024 Port=80,17600',
      `ADD_ONION NEW:ED25519-V3 Flags=V3Auth,Detach Port=80,17600 ClientAuthV3=${pub}`,
      `ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,17600 ClientAuthV3=${pub} ClientAuthV3=${pub}`,
      `ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,17600 ClientAuthV3=${pub.toLowerCase()}`,
      `ADD_ONION ED25519-V3:${key.blob} Flags=Detach Port=80,17600`,
      `ADD_ONION RSA1024:${key.blob} Port=80,17600`,
      'ADD_ONION ED25519-V3:short== Port=80,17600',
      'DEL_ONION all',
      'DEL_ONION *',
      'GETINFO version status/bootstrap-phase',
      'GETINFO net/listeners/socks',
      'GETINFO config-text',
      'SETCONF DisableNetwork=1',
      'SIGNAL NEWNYM',
      `ONION_CLIENT_AUTH_ADD ${serviceId} x25519:${Buffer.alloc(32).toString('base64')} Flags=Permanent`,
    ];
    for (const line of refused) expect(matchingRule(own, line), line).toBeUndefined();
  });

  it("let through the other commands the app sends, in the project's own profile", () => {
    const allowed = [
      'GETINFO version',
      'GETINFO onions/current',
      'GETINFO status/bootstrap-phase',
      delOnionCommand(serviceId),
      clientAuthAddCommand(serviceId, auth.privateKey),
      clientAuthRemoveCommand(serviceId),
    ];
    for (const line of allowed) expect(matchingRule(own, line), line).toBeDefined();
  });

  it('refuses to build a command from a bad port, key or client-auth key, without echoing the key', () => {
    const bad: Array<() => string> = [
      () => addOnionCommand({ port: 0, key: null, clientAuth: null }),
      () => addOnionCommand({ port: 70000, key: null, clientAuth: null }),
      () => addOnionCommand({ port: 17600.5, key: null, clientAuth: null }),
      () => addOnionCommand({ port: 17600, key: { type: 'ED25519-V3', blob: `${key.blob}\r\nDEL_ONION x` }, clientAuth: null }),
      () => addOnionCommand({ port: 17600, key: { type: 'ED25519-V3', blob: 'c2hvcnQ=' }, clientAuth: null }),
      () => addOnionCommand({ port: 17600, key: null, clientAuth: { publicKey: `${auth.publicKey} Flags=Detach` } }),
      () => delOnionCommand('not-an-id'),
      () => clientAuthAddCommand(serviceId, 'AAAA'),
    ];
    for (const make of bad) {
      let thrown: unknown;
      try {
        make();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(TorArgumentError);
      expect(String((thrown as Error).message)).not.toContain(key.blob);
    }
  });
});

describe("ADD_ONION's reply", () => {
  it('gives the ServiceID and a new key', () => {
    const blob = key.blob;
    expect(parseAddOnionReply(reply(`ServiceID=${serviceId}`, `PrivateKey=ED25519-V3:${blob}`))).toEqual({
      serviceId,
      privateKey: { type: 'ED25519-V3', blob },
    });
  });

  it('has no key when tor got one, and a withheld key when a filter redacted it', () => {
    expect(parseAddOnionReply(reply(`ServiceID=${serviceId}`, `ClientAuthV3=${auth.publicKey}`)).privateKey).toBeNull();
    expect(parseAddOnionReply(reply(`ServiceID=${serviceId}`, 'PrivateKey=ED25519-V3:redacted')).privateKey).toBe('withheld');
    expect(parseAddOnionReply(reply(`ServiceID=${serviceId}`, 'PrivateKey=RSA1024:abc')).privateKey).toBe('withheld');
  });

  it('without a readable ServiceID is a protocol error that does not show the key', () => {
    for (const r of [reply(`PrivateKey=ED25519-V3:${key.blob}`), reply('ServiceID=redacted', `PrivateKey=ED25519-V3:${key.blob}`)]) {
      let thrown: unknown;
      try {
        parseAddOnionReply(r);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(TorProtocolError);
      expect(JSON.stringify(thrown) + String(thrown)).not.toContain(key.blob);
    }
  });
});
