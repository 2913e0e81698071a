// The tor test harness itself: a real tor starts, answers on its control
// socket, and is gone (by pid) after dispose.
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { startTor, stopAllTors } from '../../helpers/tor-process';

afterAll(stopAllTors);

function ask(path: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      if (/^250 OK\r\n/m.test(buf)) {
        s.end();
        resolve(buf);
      }
    });
    s.on('error', reject);
    s.write(line + '\r\n');
  });
}

describe('tor test harness', () => {
  it('starts a networkless tor that answers PROTOCOLINFO, and kills it by pid', async () => {
    const tor = await startTor({ controlSocket: true, controlPort: true });
    expect(tor.controlSocketPath).toBeDefined();
    expect(tor.controlPort).toBeGreaterThan(0);
    const reply = await ask(tor.controlSocketPath!, 'PROTOCOLINFO 1');
    expect(reply).toMatch(/AUTH METHODS=COOKIE,SAFECOOKIE/);
    await tor.dispose();
    expect(() => process.kill(tor.pid, 0)).toThrow();
  });
});
