// A chat room over real sockets (plain Node): the host, a visitor over the
// WebSocket and a visitor with JavaScript off talk in one room and read the
// same conversation in the same order; visitors who go are shown as gone;
// history is off by default and on when asked; closing the room says so on
// both paths.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closeRooms, listLines, openRoom, PageVisitor, SocketVisitor, spoken, until } from './chat-helpers';

afterEach(closeRooms);

describe('one room, three ways in', () => {
  it('the host, a WebSocket visitor and a visitor without JavaScript exchange messages, and everyone reads them in one order', async () => {
    const room = await openRoom({ hostName: 'Dana' });
    const js = await new SocketVisitor(room).connect();
    const nojs = new PageVisitor(room);
    expect((await nojs.open()).status).toBe(200);
    expect(nojs.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);

    const seat = room.mode.chat;
    expect(seat.say('Welcome, both of you.')).toEqual({ ok: true });
    expect(await js.say('Hello from a browser with JavaScript')).toMatchObject({ t: 'ok' });
    const posted = await nojs.say('Hello from Tor Browser at Safest');
    // Posted, then back to the room (POST/redirect/GET).
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('/');
    expect(seat.say('Good to have you.')).toEqual({ ok: true });
    // Interleaved on purpose: one in flight on each path.
    await Promise.all([js.say('JS again'), nojs.say('No-JS again')]);

    const jsName = js.frames[0]?.t === 'hello' ? js.frames[0].you.name : '';
    const order = spoken(room.hostEntries);
    expect(order).toHaveLength(6);
    expect(order[0]).toBe('Dana: Welcome, both of you.');
    expect(order).toContain(`${jsName}: Hello from a browser with JavaScript`);
    expect(order).toContain(`${nojs.name}: Hello from Tor Browser at Safest`);

    // The WebSocket visitor got every message after its arrival, in the host's order.
    await until(() => spoken(js.entries).length === 6);
    expect(spoken(js.entries)).toEqual(order);
    // The visitor without JavaScript reads them in its list, in the same order (it arrived after the socket visitor).
    const lines = await nojs.lines();
    expect(lines.filter((l) => l.includes(': '))).toEqual(order.map((l) => l.replace(/^Dana: /, 'Dana host: ')));
    // The host's seat holds the whole room, numbered without a gap.
    const seqs = seat.log().map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('names: a visitor changes name on either path, the room says so, and nobody can pass for the host or another member', async () => {
    const room = await openRoom({ hostName: 'Dana' });
    const js = await new SocketVisitor(room).connect();
    const nojs = new PageVisitor(room);
    await nojs.open();

    expect(await js.rename('Robin')).toMatchObject({ t: 'ok' });
    // Its own name in another case is still its own.
    expect(await js.rename('ROBIN')).toMatchObject({ t: 'ok' });
    expect((await nojs.rename('Kim')).status).toBe(303);
    await nojs.open();
    expect(nojs.name).toBe('Kim');
    // The host's name, another member's, and the words reserved for the host, however they are dressed up.
    for (const taken of ['dana', 'D a n a', 'DАNA' /* Cyrillic А */, 'Dan-a', 'kim', 'K1M', 'Host', 'h o s t']) {
      expect(await js.rename(taken), taken).toMatchObject({ t: 'refused', refusal: { reason: 'name-taken' } });
    }

    // Invisible characters are refused outright.
    expect((await nojs.rename('Da\u200bna')).body).toContain('A name needs a letter or a digit');
    const page = await nojs.rename('robin');
    expect(page.status).toBe(400);
    expect(page.body).toContain('That name is taken');
    // The refused name stays in its field, so it can be corrected.
    expect(page.body).toMatch(/id="chat-name"[^>]*value="robin"/);
    const renames = room.hostEntries.filter((e) => e.kind === 'renamed');
    expect(renames.map((e) => (e.kind === 'renamed' ? e.member.name : ''))).toEqual(['Robin', 'ROBIN', 'Kim']);
    await until(() => js.entries.filter((e) => e.kind === 'renamed').length === 3);
  });

  it('history is off by default: a newcomer sees only what is said after it came; with chat.history on it sees the room so far, and the page says so', async () => {
    const off = await openRoom({ hostName: 'Dana' });
    off.mode.chat.say('before anyone came');
    const early = new PageVisitor(off);
    await early.open();
    off.mode.chat.say('after the first visitor');
    const late = new PageVisitor(off);
    const latePage = await late.open();
    expect(latePage.body).toContain('You see what is said from now on');
    expect((await early.lines()).join('\n')).toContain('after the first visitor');
    expect((await early.lines()).join('\n')).not.toContain('before anyone came');
    expect((await late.lines()).join('\n')).not.toContain('after the first visitor');
    const lateSocket = await new SocketVisitor(off).connect();
    expect(spoken(lateSocket.entries)).toEqual([]);

    const on = await openRoom({ hostName: 'Dana', history: true });
    on.mode.chat.say('before anyone came');
    const newcomer = new PageVisitor(on);
    expect((await newcomer.open()).body).toContain('People who come later also see what was said before they came.');
    expect(await newcomer.lines()).toContain('Dana host: before anyone came');
    const socket = await new SocketVisitor(on).connect();
    expect(spoken(socket.entries)).toEqual(['Dana: before anyone came']);
  });

  it('a WebSocket visitor whose connection dies is shown as left within the heartbeat; one without JavaScript who stops asking, after the page timeout', async () => {
    const room = await openRoom({ hostName: 'Dana' }, { heartbeatMs: 300, pageLeaveMs: 600 });
    const watcher = await new SocketVisitor(room).connect();
    // A browser whose circuit died: the socket stays open but nothing answers the pings.
    const silent = await new SocketVisitor(room).connect({ autoPong: false });
    const silentName = silent.frames[0]?.t === 'hello' ? silent.frames[0].you.name : '';
    const nojs = new PageVisitor(room);
    await nojs.open();

    await until(() => room.hostEntries.some((e) => e.kind === 'left' && e.member.name === silentName), 10_000);
    const left = room.hostEntries.find((e) => e.kind === 'left' && e.member.name === silentName);
    expect(left).toMatchObject({ why: 'dropped' });
    await until(() => silent.closed !== null);
    await until(() => room.hostEntries.some((e) => e.kind === 'left' && e.member.name === nojs.name), 10_000);
    expect(room.hostEntries.find((e) => e.kind === 'left' && e.member.name === nojs.name)).toMatchObject({ why: 'timeout' });
    // The healthy socket answered every ping and is still in the room, and was told of both.
    expect(watcher.closed).toBeNull();
    await until(() => watcher.entries.filter((e) => e.kind === 'left').length === 2);
    expect(room.mode.counts()).toMatchObject({ visitors: 1, tokens: 1, sockets: 1 });
    // The one who timed out sees that on its next look, with a way back in.
    const gone = await nojs.messagesPage();
    expect(gone.body).toContain('You are no longer in the room');
    expect(gone.body).not.toContain('http-equiv="refresh"');
  });

  it('a healthy WebSocket outlives the front door idle timeout many times over', async () => {
    const room = await openRoom({}, { heartbeatMs: 200 }, { idleTimeoutMs: 500, keepAliveTimeoutMs: 200 });
    const visitor = await new SocketVisitor(room).connect();
    await new Promise((r) => setTimeout(r, 2500));
    expect(visitor.closed).toBeNull();
    expect(await visitor.say('still here')).toMatchObject({ t: 'ok' });
  });

  it('closing the room: WebSocket visitors get a close frame that says so; the list without JavaScript says so on its next reload and stops reloading', async () => {
    const room = await openRoom({ hostName: 'Dana' }, { refreshSeconds: 1 });
    const js = await new SocketVisitor(room).connect();
    const nojs = new PageVisitor(room);
    await nojs.open();
    room.mode.chat.say('We are closing soon.');
    // The visitor without JavaScript reloads its list while the room winds down.
    let sawClosed = '';
    const reloading = (async () => {
      for (let i = 0; i < 50 && sawClosed === ''; i++) {
        const page = await nojs.messagesPage();
        if (page.body.includes('The room has closed.')) sawClosed = page.body;
        else await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await room.mode.windDown();
    await reloading;
    expect(js.closed).toEqual({ code: 4000, reason: 'room-closed' });
    expect(sawClosed).not.toContain('http-equiv="refresh"');
    // What was said stays readable above the closing line.
    expect(listLines(sawClosed)).toContain('Dana host: We are closing soon.');
    expect((await nojs.open()).body).toContain('The room has closed.');
    expect(room.mode.chat.say('anyone?')).toEqual({ ok: false, refusal: { reason: 'closed' } });
  });

  it('closing the front door without winding down still closes every WebSocket with its reason', async () => {
    const room = await openRoom();
    const a = await new SocketVisitor(room).connect();
    const b = await new SocketVisitor(room).connect();
    await room.mode.close();
    await until(() => a.closed !== null && b.closed !== null);
    expect(a.closed).toEqual({ code: 4000, reason: 'room-closed' });
    expect(b.closed).toEqual({ code: 4000, reason: 'room-closed' });
  });

  it('a socket that opens without a seat is told so, with a reason the page can put into words', async () => {
    const room = await openRoom();
    const ws = new WebSocket(`ws://127.0.0.1:${room.port}/socket`, { headers: { Origin: room.url } });
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    expect(closed).toEqual({ code: 4001, reason: 'no-seat' });
  });
});
