// A chat room (plain Node): who is in it, what was said, in one order.
//
// Every entry (a message, someone joining, leaving, taking a new name) gets
// the next number of one room-wide sequence the moment it is accepted, and
// every way of reading the room (WebSocket, the page without JavaScript, the
// host's window and terminal) shows entries in that order, so everyone reads
// the same conversation. The room keeps the last `historySize` entries in
// memory and nothing anywhere else: no file, no log line carries a message.
//
// By default a newcomer sees what is said from their own arrival on; with
// `history` on, everything the room still holds. The host has a seat of its
// own from the start and is never rate-limited; visitors each have a token
// bucket, so one who floods is refused alone.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ChatEntry, ChatMember, ChatRefusal } from '../../contract';
import { composed, hasForbiddenCharacter, lengthOf } from './characters';
import type { ChatLimits } from './limits';
import { randomTwoWordName } from './name-words';
import { checkName, nameKey } from './names';
import { TokenBucket } from './token-bucket';

/** Names nobody but the host may pass for, beside the host's own (data: compared by nameKey, never shown). */
const RESERVED_NAMES: readonly string[] = ['host', 'oniondrop', 'admin', 'system'];

/** A member as the room keeps it. */
export interface Seat {
  /** Public and random; the visitor's secret token lives with the transports. */
  readonly id: string;
  readonly host: boolean;
  name: string;
  /** nameKey(name): what "too alike" is decided on. */
  key: string;
  /** The first entry this member may read. */
  readonly firstSeq: number;
  readonly bucket: TokenBucket | null;
  /** Refused attempts since the last accepted one (a flood shows as a long run). */
  refusalsInARow: number;
  present: boolean;
}

/** `entry` null: nothing changed (a new name the same as the old). */
export type RoomResult = { ok: true; entry: ChatEntry | null } | { ok: false; refusal: ChatRefusal };

export interface RoomOptions {
  /** The host's name; null or '' for a random one. Checked by the caller (checkName); a bad one is replaced by a random one. */
  hostName: string | null;
  history: boolean;
  limits: ChatLimits;
  now?: () => number;
  /** For tests: the random source of two-word names. */
  random?: (n: number) => number;
}

export interface RoomCounts {
  visitors: number;
  entries: number;
  listeners: number;
}

export class Room {
  readonly id = randomUUID();
  readonly history: boolean;
  readonly host: Seat;
  private readonly limits: ChatLimits;
  private readonly now: () => number;
  private readonly random: ((n: number) => number) | undefined;
  private seq = 0;
  private readonly entries: ChatEntry[] = [];
  private readonly seats = new Map<string, Seat>();
  private readonly byKey = new Map<string, Seat>();
  private readonly entryListeners = new Set<(entry: ChatEntry) => void>();
  private readonly closeListeners = new Set<() => void>();
  private open = true;

  constructor(options: RoomOptions) {
    this.history = options.history;
    this.limits = options.limits;
    this.now = options.now ?? Date.now;
    this.random = options.random;
    const given = options.hostName ? checkName(options.hostName, this.limits.maxNameLength) : null;
    const name = given?.ok ? given.name : this.freeRandomName();
    this.host = this.seat(name, true, 1);
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** A new visitor with a random two-word name, announced to the room; null when the room is full or closed. */
  join(): Seat | null {
    if (!this.open || this.seats.size - 1 >= this.limits.maxVisitors) return null;
    const name = this.freeRandomName();
    // Without history, a newcomer's view starts at its own arrival (the entry made just below).
    const seat = this.seat(name, false, this.history ? 1 : this.seq + 1);
    this.append({ kind: 'joined', member: memberOf(seat) });
    return seat;
  }

  /** The member is gone; announced once. */
  leave(seat: Seat, why: Extract<ChatEntry, { kind: 'left' }>['why']): void {
    if (!seat.present || seat.host) return;
    seat.present = false;
    this.seats.delete(seat.id);
    if (this.byKey.get(seat.key) === seat) this.byKey.delete(seat.key);
    if (this.open) this.append({ kind: 'left', member: memberOf(seat), why });
  }

  say(seat: Seat, raw: string): RoomResult {
    const refused = this.refusal(seat) ?? messageRefusal(raw, this.limits.maxMessageLength);
    if (refused) return this.refuse(seat, refused);
    seat.refusalsInARow = 0;
    return { ok: true, entry: this.append({ kind: 'message', from: memberOf(seat), text: composed(raw).trim() }) };
  }

  rename(seat: Seat, raw: string): RoomResult {
    const refused = this.refusal(seat);
    if (refused) return this.refuse(seat, refused);
    const checked = checkName(raw, this.limits.maxNameLength);
    if (!checked.ok) return this.refuse(seat, checked.refusal);
    const key = nameKey(checked.name);
    if (checked.name === seat.name) return { ok: true, entry: null };
    if (!this.isFree(key, seat)) return this.refuse(seat, { reason: 'name-taken' });
    const from = seat.name;
    if (this.byKey.get(seat.key) === seat) this.byKey.delete(seat.key);
    seat.name = checked.name;
    seat.key = key;
    this.byKey.set(key, seat);
    seat.refusalsInARow = 0;
    return { ok: true, entry: this.append({ kind: 'renamed', member: memberOf(seat), from }) };
  }

  /** What the member may read: entries after `afterSeq` from its first one on, at most the last `limit`. */
  visibleTo(seat: Seat, afterSeq = 0, limit = Infinity): ChatEntry[] {
    const from = Math.max(afterSeq + 1, seat.firstSeq);
    const first = this.entries.findIndex((e) => e.seq >= from);
    if (first < 0) return [];
    return this.entries.slice(Math.max(first, this.entries.length - limit));
  }

  /** The seq of the newest entry (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  members(): ChatMember[] {
    return [...this.seats.values()].map(memberOf);
  }

  onEntry(listener: (entry: ChatEntry) => void): () => void {
    this.entryListeners.add(listener);
    return () => void this.entryListeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => void this.closeListeners.delete(listener);
  }

  /** No more joining or talking; listeners hear it once. What was said stays readable until the room is dropped. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    for (const listener of [...this.closeListeners]) listener();
  }

  counts(): RoomCounts {
    return { visitors: this.seats.size - 1, entries: this.entries.length, listeners: this.entryListeners.size };
  }

  private refusal(seat: Seat): ChatRefusal | null {
    if (!this.open || !seat.present) return { reason: 'closed' };
    if (seat.bucket === null) return null;
    const take = seat.bucket.take();
    return take.ok ? null : { reason: 'rate', retryAfterMs: take.retryAfterMs };
  }

  private refuse(seat: Seat, refusal: ChatRefusal): RoomResult {
    seat.refusalsInARow++;
    return { ok: false, refusal };
  }

  private isFree(key: string, asker: Seat): boolean {
    const holder = this.byKey.get(key);
    if (holder !== undefined && holder !== asker) return false;
    if (asker.host) return true;
    return key !== this.host.key && !RESERVED_NAMES.some((r) => nameKey(r) === key);
  }

  private freeRandomName(): string {
    for (let i = 0; i < 20; i++) {
      const name = randomTwoWordName(this.random);
      if (!this.byKey.has(nameKey(name))) return name;
    }
    // Crowded: a number makes it free (a short hex tail, ASCII like the words).
    return `${randomTwoWordName(this.random)} ${randomBytes(2).toString('hex')}`;
  }

  private seat(name: string, host: boolean, firstSeq: number): Seat {
    const seat: Seat = {
      id: randomBytes(9).toString('base64url'),
      host,
      name,
      key: nameKey(name),
      firstSeq,
      bucket: host ? null : new TokenBucket({ burst: this.limits.burst, refillMs: this.limits.refillMs }, this.now),
      refusalsInARow: 0,
      present: true,
    };
    this.seats.set(seat.id, seat);
    this.byKey.set(seat.key, seat);
    return seat;
  }

  private append(body: DistributiveOmit<ChatEntry, 'seq' | 'at'>): ChatEntry {
    const entry = { ...body, seq: ++this.seq, at: this.now() } as ChatEntry;
    this.entries.push(entry);
    if (this.entries.length > this.limits.historySize) this.entries.shift();
    for (const listener of [...this.entryListeners]) listener(entry);
    return entry;
  }
}

/** Why a message cannot be said as typed, or null: it is trimmed, composed (NFC), not empty, within the length, free of forbidden characters. */
export function messageRefusal(raw: string, maxLength: number): ChatRefusal | null {
  const text = composed(raw).trim();
  if (text === '') return { reason: 'empty' };
  if (lengthOf(text) > maxLength) return { reason: 'too-long', max: maxLength };
  if (hasForbiddenCharacter(text)) return { reason: 'characters' };
  return null;
}

export function memberOf(seat: Seat): ChatMember {
  return { id: seat.id, name: seat.name, host: seat.host };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
