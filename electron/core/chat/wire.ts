// What a chat WebSocket carries, both ways, as JSON text frames (plain Node).
//
// To the visitor:
//   { t: 'hello', you, history, members, entries }   once, on connecting
//   { t: 'entries', entries }                        new entries, in order
//   { t: 'ok', ref } / { t: 'refused', ref, refusal } the answer to a frame
// From the visitor, nothing but:
//   { t: 'say', text, ref } / { t: 'rename', name, ref }
// Anything else (binary, not JSON, another shape) closes the socket: a
// browser running our script never sends it. Entries go out without `at`:
// the host's clock is not the visitors' business.
import type { ChatEntry, ChatMember, ChatRefusal } from '../../contract';

type WithoutAt<E> = E extends unknown ? Omit<E, 'at'> : never;
export type VisitorEntry = WithoutAt<ChatEntry>;

export type ServerFrame =
  | { t: 'hello'; you: ChatMember; history: boolean; members: ChatMember[]; entries: VisitorEntry[] }
  | { t: 'entries'; entries: VisitorEntry[] }
  | { t: 'ok'; ref: number }
  | { t: 'refused'; ref: number; refusal: ChatRefusal };

export type ClientFrame = { t: 'say'; text: string; ref: number } | { t: 'rename'; name: string; ref: number };

/** Close codes of our own (4000-4999 is for applications), and the reasons sent with them. */
export const CLOSE = {
  roomClosed: { code: 4000, reason: 'room-closed' },
  /** No seat behind the socket: the page was not loaded, or the seat ran out. */
  noSeat: { code: 4001, reason: 'no-seat' },
  /** The standard "try again later": too many sockets. */
  busy: { code: 1013, reason: 'busy' },
  malformed: { code: 1008, reason: 'malformed' },
  flood: { code: 1008, reason: 'flood' },
  /** The server shuts down without the room closing first (should not happen; the door's last word). */
  goingAway: { code: 1001, reason: 'going-away' },
} as const;

export function visitorEntry(entry: ChatEntry): VisitorEntry {
  const { at: _at, ...rest } = entry;
  return rest as VisitorEntry;
}

/** A frame from a visitor, or null when it is not one of ours. */
export function parseClientFrame(data: string): ClientFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const frame = value as Record<string, unknown>;
  const ref = frame.ref;
  if (typeof ref !== 'number' || !Number.isSafeInteger(ref) || ref < 0) return null;
  const keys = Object.keys(frame).length;
  if (frame.t === 'say' && typeof frame.text === 'string' && keys === 3) return { t: 'say', text: frame.text, ref };
  if (frame.t === 'rename' && typeof frame.name === 'string' && keys === 3) return { t: 'rename', name: frame.name, ref };
  return null;
}
