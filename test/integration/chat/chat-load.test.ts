// Many visitors at once in one chat room, over real sockets (plain Node): 200
// WebSocket visitors each say 10 things at the same time; every visitor and
// the host receive all 2000, in one and the same order, a visitor without
// JavaScript reads the end of the same conversation, and once everyone has
// gone the room holds no one and no more than its bounded history.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHAT_LIMITS } from '../../../electron/core/chat';
import { closeRooms, openRoom, PageVisitor, SocketVisitor, spoken, until } from './chat-helpers';

afterAll(closeRooms);

const VISITORS = 200;
const EACH = 10;

describe('a crowded room', () => {
  it(`${VISITORS} visitors with ${EACH} messages each: all arrive, complete and in one order, for everyone; afterwards the room is empty and its history bounded`, async () => {
    const room = await openRoom({ hostName: 'Dana' });
    const visitors: SocketVisitor[] = [];
    // Joined in groups, as people arrive; then they all talk at once.
    for (let i = 0; i < VISITORS; i += 20) {
      visitors.push(...(await Promise.all(Array.from({ length: 20 }, () => new SocketVisitor(room).connect()))));
    }
    expect(visitors.every((v) => v.frames[0]?.t === 'hello')).toBe(true);
    expect(room.mode.counts()).toMatchObject({ visitors: VISITORS, sockets: VISITORS });
    const reader = new PageVisitor(room);
    await reader.open();

    const answers = await Promise.all(visitors.flatMap((v, i) => Array.from({ length: EACH }, (_, k) => v.say(`visitor ${i} line ${k}`))));
    expect(answers.filter((a) => a.t === 'ok')).toHaveLength(VISITORS * EACH);

    const total = VISITORS * EACH;
    const order = spoken(room.hostEntries);
    expect(order).toHaveLength(total);
    // Each visitor's own lines in the order it sent them.
    for (let i = 0; i < VISITORS; i += 37) {
      const own = order.filter((l) => l.includes(`: visitor ${i} line `)).map((l) => Number(/line (\d+)$/.exec(l)?.[1]));
      expect(own).toEqual(Array.from({ length: EACH }, (_, k) => k));
    }
    await until(() => visitors.every((v) => spoken(v.entries).length === total), 60_000);
    for (const v of visitors) expect(spoken(v.entries)).toEqual(order);

    // Without JavaScript: the end of the same conversation, in the same order.
    const shown = (await reader.lines()).filter((l) => l.includes(': visitor '));
    expect(shown.length).toBe(DEFAULT_CHAT_LIMITS.pageEntries);
    expect(shown).toEqual(order.slice(-shown.length));

    await Promise.all(visitors.map((v) => v.close()));
    // A browser that closed its socket keeps its seat a few seconds for a reload; then it has left.
    await until(() => room.mode.counts().visitors === 1, 30_000);
    expect(room.mode.counts().sockets).toBe(0);
    expect(room.hostEntries.filter((e) => e.kind === 'left')).toHaveLength(VISITORS);
    // Bounded: the room holds its last historySize entries and nothing for the visitors who left.
    const counts = room.mode.counts();
    expect(counts.entries).toBe(DEFAULT_CHAT_LIMITS.historySize);
    expect(counts.tokens).toBe(1);
    expect(room.mode.chat.log()).toHaveLength(DEFAULT_CHAT_LIMITS.historySize);
    expect(room.mode.chat.view().members).toHaveLength(2);
  }, 120_000);
});
