// Finds free TCP ports on loopback for the test network (plain Node).
import { createServer, type Server } from 'node:net';
import { TorNetError } from './errors';

/**
 * Binds `count` listeners on 127.0.0.1:0 at once (so the ports differ), reads
 * the ports the kernel chose and releases them. Another process could grab
 * one before tor binds it; startTorNet retries once when a bind fails.
 */
export async function reserveFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            if (address && typeof address === 'object') resolve(address.port);
            else reject(new TorNetError('prepare', 'a loopback listener got no port'));
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
