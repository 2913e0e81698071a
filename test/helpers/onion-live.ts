// Test helper (plain Node): is an onion with this key live on that tor? Tor lists
// only the asking connection's onions, so ask from outside by re-adding the
// key: `550 Onion address collision` means it is live.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { TorHandle } from './tor-process';

export async function onionIsLive(tor: TorHandle, keyBlob: string): Promise<boolean> {
  const sock = connect(tor.controlSocketPath!);
  let buf = '';
  sock.on('data', (d) => (buf += d.toString()));
  const ask = async (line: string): Promise<string> => {
    buf = '';
    sock.write(line + '\r\n');
    while (!/^\d{3} .*\r\n/m.test(buf)) await new Promise((r) => setTimeout(r, 10));
    return buf;
  };
  try {
    await ask(`AUTHENTICATE ${readFileSync(tor.cookiePath).toString('hex')}`);
    const reply = await ask(`ADD_ONION ED25519-V3:${keyBlob} Port=80,1`);
    return reply.startsWith('550');
  } finally {
    sock.end();
  }
}
