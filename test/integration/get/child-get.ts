// A get client in a process of its own, for tests that kill it (plain Node). Bundled by the test with esbuild.
// Input: GET_CHILD (JSON: socks port, destination, service id, streams, restart). Output: one JSON event per line, then {"result": ...}.
import { connectShare, startDownload, GetError } from '../../../electron/core/get';

interface ChildInput {
  socksPort: number;
  destination: string;
  serviceId: string;
  streams: number;
  restart: boolean;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env['GET_CHILD'] ?? '{}') as ChildInput;
  const out = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
  try {
    const connection = await connectShare({
      address: { serviceId: input.serviceId, host: `${input.serviceId}.onion` },
      route: { kind: 'tor', socks: { host: '127.0.0.1', port: input.socksPort } },
      tuning: { attempts: 2, retryDelayMs: 10, responseTimeoutMs: 10_000 },
    });
    const download = startDownload(connection, {
      destination: input.destination,
      streams: input.streams,
      restart: input.restart,
      tuning: { checkpointMs: 100, progressIntervalMs: 50, backoff: { initialMs: 10, maxMs: 50 } },
      onEvent: (e) => out(e),
    });
    const result = await download.done;
    await connection.close();
    out({ result });
  } catch (error) {
    if (error instanceof GetError) out({ result: { kind: 'failed', problem: error.problem } });
    else throw error;
  }
}

void main();
