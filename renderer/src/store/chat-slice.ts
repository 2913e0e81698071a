// Store slice: what the host's window has seen of each chat tab's room (renderer).
// Lines come in `chat` events and from getChatLog (after a reload, or when a
// room starts); both are merged by their room-wide number, so a line that
// came both ways is kept once and the order is the room's. A new room (a new
// start) replaces the old log. Bounded like the room itself.
import type { StateCreator } from 'zustand/vanilla';
import type { ChatEntry, ChatUpdate } from '../../../electron/contract';
import type { AppState } from './app-store';

/** Lines kept per tab: the room keeps no more either. */
export const CHAT_LOG_LINES = 500;

export interface ChatLog {
  roomId: string;
  entries: ChatEntry[];
}

export interface ChatSlice {
  /** By share id. */
  chatLogs: Record<string, ChatLog>;
  mergeChat(update: ChatUpdate): void;
}

export const createChatSlice: StateCreator<AppState, [], [], ChatSlice> = (set) => ({
  chatLogs: {},
  mergeChat: (update) =>
    set((s) => {
      const known = s.chatLogs[update.shareId];
      const base = known?.roomId === update.roomId ? known.entries : [];
      return { chatLogs: { ...s.chatLogs, [update.shareId]: { roomId: update.roomId, entries: merged(base, update.entries) } } };
    }),
});

function merged(have: readonly ChatEntry[], add: readonly ChatEntry[]): ChatEntry[] {
  const last = have.at(-1)?.seq ?? 0;
  // The usual case: new lines after the known ones.
  if (add.every((e) => e.seq > last)) return [...have, ...add].slice(-CHAT_LOG_LINES);
  const bySeq = new Map<number, ChatEntry>();
  for (const e of [...have, ...add]) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-CHAT_LOG_LINES);
}
