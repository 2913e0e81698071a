// Publishes an ephemeral onion service on a test-network tor and waits until
// its descriptor is on an HSDir (plain Node). Used by the readiness probe and
// by tests that need "some onion in front of some local port".
import { ControlConnection } from './control-client';
import type { ControlReply } from './control-reply';
import { TorNetError, type NodeLogTail } from './errors';

export interface PublishOnionOptions {
  /** Local TCP port (on 127.0.0.1) the onion forwards to. */
  targetPort: number;
  /** Port on the onion side. Default 80. */
  virtualPort?: number;
  /** Give up waiting for HS_DESC UPLOADED after this long (default 60 s). */
  timeoutMs?: number;
  /** Extra ADD_ONION arguments, e.g. "ClientAuthV3=<base32 x25519 public key>". */
  extraArguments?: string[];
}

export interface PublishedOnion {
  /** 56 characters, without ".onion". */
  serviceId: string;
  /** "<serviceId>.onion" */
  hostname: string;
  /** "http://<serviceId>.onion" (with ":port" when virtualPort is not 80). */
  url: string;
  /** DEL_ONION and close the control connection that owns the service. */
  remove(): Promise<void>;
}

/**
 * ADD_ONION on `control` (which then owns the service: closing it removes the
 * onion) and resolves after the first HS_DESC UPLOADED for it. `logs` names
 * the tor whose log a failure should show.
 */
export async function publishOnion(control: ControlConnection, opts: PublishOnionOptions, logs: () => NodeLogTail[]): Promise<PublishedOnion> {
  const virtualPort = opts.virtualPort ?? 80;
  const wanted: { serviceId?: string } = {};
  let markUploaded: () => void = () => undefined;
  const uploaded = new Promise<void>((resolve) => (markUploaded = resolve));
  // Subscribe before ADD_ONION: the upload can be reported before its reply is read.
  const seen = new Set<string>();
  const unsubscribe = await control.on('HS_DESC', (event: ControlReply) => {
    const words = (event.lines[0]?.text ?? '').split(' ');
    if (words[1] !== 'UPLOADED' || !words[2]) return;
    seen.add(words[2]);
    if (words[2] === wanted.serviceId) markUploaded();
  });
  const args = ['ADD_ONION', 'NEW:ED25519-V3', 'Flags=DiscardPK', ...(opts.extraArguments ?? []), `Port=${virtualPort},127.0.0.1:${opts.targetPort}`];
  const reply = await control.command(args.join(' '));
  const serviceId = reply.lines.map((l) => /^ServiceID=([a-z2-7]{56})$/.exec(l.text)?.[1]).find((id) => id !== undefined);
  if (!serviceId) throw new TorNetError('onion-publish', 'ADD_ONION answered without a ServiceID', logs());
  wanted.serviceId = serviceId;
  if (seen.has(serviceId)) markUploaded();

  const timeoutMs = opts.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const outcome = await Promise.race([uploaded.then(() => 'uploaded' as const), timedOut]);
  clearTimeout(timer);
  await unsubscribe().catch(() => undefined);
  const id: string = serviceId;
  if (outcome === 'timeout') {
    await control.command(`DEL_ONION ${id}`).catch(() => undefined);
    throw new TorNetError('onion-publish', `no HS_DESC UPLOADED for the onion within ${timeoutMs} ms`, logs());
  }
  const hostname = `${id}.onion`;
  return {
    serviceId: id,
    hostname,
    url: virtualPort === 80 ? `http://${hostname}` : `http://${hostname}:${virtualPort}`,
    remove: async () => {
      if (!control.closed) await control.command(`DEL_ONION ${id}`).catch(() => undefined);
      control.close();
    },
  };
}
