// Reading HS_DESC events, including the forms onion-grater rewrites them into (plain Node).
// Tor sends `650 HS_DESC <Action> <HSAddress> <AuthType> <HsDir> ...`
// (control-spec 4.1.25). Whonix's stock profile replaces the HSDir and
// descriptor fields with `redacted` but keeps the address readable:
//   650 HS_DESC UPLOADED <id> UNKNOWN redacted
//   650 HS_DESC UPLOAD <id> redacted redacted
//   650 HS_DESC CREATED <id> redacted redacted redacted
// and turns every other HS_DESC event into a bare `XXXredactedXXX` line,
// which never reaches this parser as an event.

export type HsDescAction =
  | 'REQUESTED'
  | 'UPLOAD'
  | 'RECEIVED'
  | 'UPLOADED'
  | 'IGNORE'
  | 'FAILED'
  | 'CREATED';

const ACTIONS: readonly string[] = ['REQUESTED', 'UPLOAD', 'RECEIVED', 'UPLOADED', 'IGNORE', 'FAILED', 'CREATED'];
const SERVICE_ID = /^[a-z2-7]{56}$/;

export interface HsDescEvent {
  action: HsDescAction;
  /** The onion's id, or null when it is `UNKNOWN` or redacted. */
  serviceId: string | null;
}

/**
 * Reads the event's text after `HS_DESC`. Undefined for anything that is not
 * a known action (a filter may rewrite events into anything); never throws.
 */
export function parseHsDesc(body: string): HsDescEvent | undefined {
  const words = body.trim().split(/\s+/);
  const action = words[0]?.toUpperCase() ?? '';
  if (!ACTIONS.includes(action)) return undefined;
  const address = (words[1] ?? '').toLowerCase().replace(/\.onion$/, '');
  return { action: action as HsDescAction, serviceId: SERVICE_ID.test(address) ? address : null };
}

/** True when the event says the descriptor of `serviceId` reached an HSDir. */
export function isUploadedFor(body: string, serviceId: string): boolean {
  const event = parseHsDesc(body);
  return event?.action === 'UPLOADED' && event.serviceId === serviceId;
}
