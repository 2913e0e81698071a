// Listen address rule and binding the first free port of the range, with real sockets (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import {
  chooseListenAddress,
  listenInRange,
  ListenAddressError,
  PortRangeExhaustedError,
  type Platform,
} from '../../../electron/core/platform';

const plain: Platform = { whonix: null, markers: [], qubes: false, tails: false };
const ws: Platform = { ...plain, whonix: 'workstation' };
const gw: Platform = { ...plain, whonix: 'gateway' };

describe('chooseListenAddress', () => {
  it('auto: 0.0.0.0 on a Whonix-Workstation, loopback elsewhere', () => {
    expect(chooseListenAddress('auto', ws).host).toBe('0.0.0.0');
    expect(chooseListenAddress('auto', plain).host).toBe('127.0.0.1');
    expect(chooseListenAddress('auto', gw).host).toBe('127.0.0.1');
    expect(chooseListenAddress('', { ...ws, qubes: true }).host).toBe('0.0.0.0');
  });
  it('an explicit address overrides the rule, IPv6 with or without brackets', () => {
    expect(chooseListenAddress('127.0.0.1', ws).host).toBe('127.0.0.1');
    expect(chooseListenAddress('10.152.152.11', plain).host).toBe('10.152.152.11');
    expect(chooseListenAddress('[::1]', plain).host).toBe('::1');
    expect(chooseListenAddress('::1', plain).host).toBe('::1');
  });
  it('refuses something that is not an address', () => {
    expect(() => chooseListenAddress('localhost', plain)).toThrow(ListenAddressError);
    expect(() => chooseListenAddress('0.0.0.0; rm -rf', plain)).toThrow(/not 'auto' or an IP address/);
  });
});

const open: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise((r) => s.close(() => r(null)))));
});

async function occupy(port: number): Promise<boolean> {
  const s = createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(false));
    s.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      open.push(s);
      resolve(true);
    });
  });
}

/** Find a run of `n` ports that we can take, away from the real range. */
async function freeRun(n: number): Promise<number> {
  for (let base = 40000 + Math.floor(Math.random() * 2000); base < 60000; base += n + 1) {
    const taken: Server[] = [];
    let ok = true;
    for (let p = base; p < base + n; p++) {
      const s = createServer();
      const bound = await new Promise<boolean>((r) => {
        s.once('error', () => r(false));
        s.listen({ host: '127.0.0.1', port: p, exclusive: true }, () => r(true));
      });
      if (!bound) {
        ok = false;
        break;
      }
      taken.push(s);
    }
    await Promise.all(taken.map((s) => new Promise((r) => s.close(() => r(null)))));
    if (ok) return base;
  }
  throw new Error('no free run of ports');
}

describe('listenInRange', () => {
  it('binds the first port when it is free', async () => {
    const base = await freeRun(3);
    const server = createServer();
    open.push(server);
    expect(await listenInRange(server, '127.0.0.1', { first: base, last: base + 2 })).toBe(base);
  });

  it('skips ports another program really holds', async () => {
    const base = await freeRun(4);
    expect(await occupy(base)).toBe(true);
    expect(await occupy(base + 1)).toBe(true);
    const server = createServer();
    open.push(server);
    const port = await listenInRange(server, '127.0.0.1', { first: base, last: base + 3 });
    expect(port).toBe(base + 2);
    // The server really is there: a second one cannot take that port.
    expect(await occupy(port)).toBe(false);
  });

  it('two shares get two different ports', async () => {
    const base = await freeRun(2);
    const a = createServer();
    const b = createServer();
    open.push(a, b);
    const range = { first: base, last: base + 1 };
    expect(await listenInRange(a, '127.0.0.1', range)).toBe(base);
    expect(await listenInRange(b, '127.0.0.1', range)).toBe(base + 1);
  });

  it('all ports taken: a clear error naming the range and the option', async () => {
    const base = await freeRun(2);
    await occupy(base);
    await occupy(base + 1);
    const server = createServer();
    const err = await listenInRange(server, '127.0.0.1', { first: base, last: base + 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortRangeExhaustedError);
    expect(String((err as Error).message)).toContain(`${base}-${base + 1}`);
    expect(String((err as Error).message)).toContain('server.port_range');
  });

  it('an address this machine does not have fails at once, not after 60 tries', async () => {
    const server = createServer();
    const err = await listenInRange(server, '192.0.2.1', { first: 17600, last: 17659 }).catch((e: unknown) => e);
    expect((err as { kind?: string }).kind).toBe('listen');
    expect((err as { code?: string }).code).toBe('EADDRNOTAVAIL');
  });
});
