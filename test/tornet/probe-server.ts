// A tiny local HTTP server that answers every request with the same bytes
// (plain Node): the target behind the harness's throwaway readiness onion.
import { createServer, type Server } from 'node:http';
import { TorNetError } from './errors';

export interface ProbeServer {
  port: number;
  body: Buffer;
  close(): Promise<void>;
}

export async function startProbeServer(body: Buffer): Promise<ProbeServer> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new TorNetError('onion-publish', 'the probe HTTP server got no port');
  return {
    port: address.port,
    body,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
