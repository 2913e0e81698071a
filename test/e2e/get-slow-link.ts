// A slow circuit in front of a real share's loopback listener (plain Node): a TCP relay that hands the share's bytes on at a set rate, and can hold them.
//
// The Get tab reaches a share through tor's SOCKS port; in the tests a SOCKS
// stand-in forwards to this relay, which forwards to the share. All the
// connections share one budget, as lanes share the sharer's uplink, so the
// window has time to show progress. hold(n) lets n more bytes through and then
// stalls every connection until release(): the test decides when a download is
// "about half way" instead of racing a timer.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface SlowLink {
  port: number;
  /** Bytes the share sent through the link so far. */
  readonly passed: number;
  /** Lets `bytes` more through, then holds every connection until release(). */
  hold(bytes: number): void;
  release(): void;
  /** A new rate; null: as fast as loopback goes. */
  setRate(bytesPerSecond: number | null): void;
  close(): Promise<void>;
}

const SLICE = 16 * 1024;

export async function startSlowLink(targetPort: number, initialRate: number): Promise<SlowLink> {
  let bytesPerSecond: number | null = initialRate;
  const sockets = new Set<Socket>();
  let passed = 0;
  let budget: number | null = null;
  const waiting: Array<() => void> = [];
  let nextAt = Date.now();

  /** Up to `want` bytes may go now: waits while held, then for the rate. */
  const grant = async (want: number): Promise<number> => {
    while (budget !== null && budget <= 0) await new Promise<void>((resolve) => waiting.push(resolve));
    const n = Math.min(want, SLICE, budget ?? Infinity);
    if (budget !== null) budget -= n;
    if (bytesPerSecond === null) return n;
    const now = Date.now();
    const at = Math.max(now, nextAt);
    nextAt = at + (n * 1000) / bytesPerSecond;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
    return n;
  };

  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      // One chunk at a time: no more data (or 'end') until this one is handed on.
      upstream.pause();
      void (async () => {
        for (let at = 0; at < chunk.length && !client.destroyed; ) {
          const n = await grant(chunk.length - at);
          if (client.destroyed) return;
          client.write(chunk.subarray(at, at + n));
          passed += n;
          at += n;
        }
        upstream.resume();
      })();
    });
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const release = (): void => {
    budget = null;
    for (const resolve of waiting.splice(0)) resolve();
  };

  return {
    port: (server.address() as AddressInfo).port,
    get passed() {
      return passed;
    },
    hold(bytes) {
      budget = bytes;
    },
    release,
    setRate(rate) {
      bytesPerSecond = rate;
      nextAt = Date.now();
    },
    close: () =>
      new Promise<void>((resolve) => {
        release();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
