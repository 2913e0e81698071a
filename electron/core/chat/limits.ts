// The bounds of a chat room (plain Node): what keeps its memory and each
// visitor's share of it small however many come and whatever they send.

export interface ChatLimits {
  /** Characters (code points) in one message. */
  maxMessageLength: number;
  /** Characters in a name. */
  maxNameLength: number;
  /** Visitors at once (the host not counted); one more is told the room is full. */
  maxVisitors: number;
  /** Entries (messages and notices) the room keeps in memory; the oldest go first. */
  historySize: number;
  /** Messages and name changes one visitor may send in a burst ... */
  burst: number;
  /** ... and one more each this often. */
  refillMs: number;
  /** Refusals in a row after which a WebSocket visitor is disconnected: a flood, not a person. */
  maxRefusalsInARow: number;
  /** WebSockets are pinged this often; one that has not answered the previous ping is dropped. */
  heartbeatMs: number;
  /** A visitor without JavaScript who has not asked for the messages for this long has left. */
  pageLeaveMs: number;
  /** A WebSocket closed by the browser (a reload, a link) leaves its seat open this long for the next page. */
  reconnectGraceMs: number;
  /** Seconds between reloads of the message list without JavaScript. */
  refreshSeconds: number;
  /** Entries the message list without JavaScript shows at most. */
  pageEntries: number;
  /** WebSockets of one visitor (tabs) at once. */
  socketsPerVisitor: number;
  /** Bytes of a WebSocket frame; more closes the socket. */
  maxFrameBytes: number;
  /** Bytes of a posted form; more is refused unread. */
  maxFormBytes: number;
  /** Bytes queued for one WebSocket that does not read; more drops it (its visitor then sees the room again on reload). */
  maxQueuedBytes: number;
}

export const DEFAULT_CHAT_LIMITS: ChatLimits = {
  maxMessageLength: 2000,
  maxNameLength: 32,
  maxVisitors: 300,
  historySize: 500,
  burst: 10,
  refillMs: 1000,
  maxRefusalsInARow: 50,
  // Well inside the front door's idle timeout (120 s), and short enough that a
  // visitor whose circuit died is shown as gone within a minute.
  heartbeatMs: 25_000,
  pageLeaveMs: 30_000,
  reconnectGraceMs: 8_000,
  refreshSeconds: 3,
  pageEntries: 100,
  socketsPerVisitor: 4,
  // A message at its longest, every character JSON-escaped (\uXXXX), fits.
  maxFrameBytes: 16 * 1024,
  // The same message from a form: up to 4 bytes a character, each byte %-encoded.
  maxFormBytes: 32 * 1024,
  maxQueuedBytes: 1024 * 1024,
};
