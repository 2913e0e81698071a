// A chat visitor's WebSocket through a tor's SOCKS port, as Tor Browser opens
// it to an onion (plain Node): the connection is made by SOCKS5 with a
// username of its own (stream isolation), then the WebSocket handshake runs
// over it with the page's cookie and Origin.
import WebSocket from 'ws';
import type { ServerFrame } from '../../../electron/core/chat';
import { socks5Connect, type SocksEndpoint } from '../../tornet';

export interface SocketThroughTor {
  ws: WebSocket;
  frames: ServerFrame[];
  closed: () => { code: number; reason: string } | null;
}

export async function chatSocketThroughSocks(proxy: SocksEndpoint, onionUrl: string, cookie: string, username: string): Promise<SocketThroughTor> {
  const { host } = new URL(onionUrl);
  const socket = await socks5Connect({ proxy, host, port: 80, username, password: 'x', timeoutMs: 60_000 });
  const frames: ServerFrame[] = [];
  let closed: { code: number; reason: string } | null = null;
  const ws = new WebSocket(`ws://${host}/socket`, { headers: { Cookie: cookie, Origin: `http://${host}` }, createConnection: () => socket, perMessageDeflate: false });
  ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')) as ServerFrame));
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
  });
  // socks5Connect hands the socket over paused, for the new owner's listeners to be on first.
  socket.resume();
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed: () => closed };
}
