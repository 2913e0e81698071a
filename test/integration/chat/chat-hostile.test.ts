// Hostile visitors in a chat room, over real sockets (plain Node): oversized
// messages, names and frames, control and direction characters, markup,
// floods, a foreign Origin, malformed frames, cross-site posts. Each is
// refused or cut off alone; the room and everyone else go on. And nothing
// anyone says reaches a log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { closeRooms, httpRequest, openRoom, PageVisitor, SocketVisitor, spoken, until } from './chat-helpers';

afterEach(closeRooms);

/** The close a raw client gets, or the HTTP status when the handshake is refused. */
function handshake(port: number, headers: Record<string, string>, path = '/socket'): Promise<{ status: number } | { code: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => resolve({ code }));
  });
}

describe('oversized, invisible and misleading text', () => {
  it('a message one character too long is refused on both paths, with the limit in words; the text stays in the field', async () => {
    const room = await openRoom({}, { maxMessageLength: 50 });
    const js = await new SocketVisitor(room).connect();
    const nojs = new PageVisitor(room);
    await nojs.open();
    expect(await js.say('x'.repeat(51))).toMatchObject({ t: 'refused', refusal: { reason: 'too-long', max: 50 } });
    // Counted in characters, not bytes or UTF-16 units: 50 emoji are fine.
    expect(await js.say('😀'.repeat(50))).toMatchObject({ t: 'ok' });
    const page = await nojs.say('y'.repeat(51));
    expect(page.status).toBe(400);
    expect(page.body).toContain('Messages can be at most 50 characters long.');
    expect(page.body).toContain(`value="${'y'.repeat(51)}"`);
    expect(spoken(room.hostEntries)).toHaveLength(1);
  });

  it('a name too long, empty, or without a letter or digit is refused', async () => {
    const room = await openRoom();
    const js = await new SocketVisitor(room).connect();
    expect(await js.rename('n'.repeat(33))).toMatchObject({ t: 'refused', refusal: { reason: 'too-long', max: 32 } });
    expect(await js.rename('   ')).toMatchObject({ t: 'refused', refusal: { reason: 'empty' } });
    expect(await js.rename('...')).toMatchObject({ t: 'refused', refusal: { reason: 'characters' } });
    expect(await js.rename('Zoë Ángel')).toMatchObject({ t: 'ok' });
  });

  it('control characters, direction overrides and isolates are refused; plain right-to-left text is welcome and shown in a box of its own direction', async () => {
    const room = await openRoom({}, { burst: 100 });
    const js = await new SocketVisitor(room).connect();
    const nojs = new PageVisitor(room);
    await nojs.open();
    const bad = ['ring \u0007 the bell', 'line\nbreak', '\u001b[31mred\u001b[0m', 'pay \u202e0018\u202c dollars', 'x\u2066hidden\u2069', 'C1 \u0085 next line', 'lone \ud800 surrogate'];
    for (const text of bad) expect(await js.say(text), JSON.stringify(text)).toMatchObject({ t: 'refused', refusal: { reason: 'characters' } });
    for (const name of ['Eve\u202e', 'Bob\u200d', 'A\u00adB', 'Tab\tName']) {
      expect(await js.rename(name), JSON.stringify(name)).toMatchObject({ t: 'refused' });
    }
    const page = await nojs.say('evil \u202e txt.exe');
    expect(page.body).toContain('cannot be shown safely');
    expect(await js.say('שלום לכולם')).toMatchObject({ t: 'ok' });
    const list = (await nojs.messagesPage()).body;
    expect(list).toContain('<span class="chat-text" dir="auto">שלום לכולם</span>');
    expect(spoken(room.hostEntries)).toHaveLength(1);
  });

  it('HTML, script and links are shown as the text they are, never as markup or live links', async () => {
    const room = await openRoom();
    const js = await new SocketVisitor(room).connect();
    const nojs = new PageVisitor(room);
    await nojs.open();
    const text = '<script>alert(1)</script> <img src=x onerror=alert(2)> <b>bold</b> [click](http://evil.example/) http://evil.example/';
    expect(await js.say(text)).toMatchObject({ t: 'ok' });
    expect(await js.rename('<i>Mallory</i>')).toMatchObject({ t: 'ok' });
    const list = (await nojs.messagesPage()).body;
    expect(list).not.toMatch(/<script|<img|<b>|<i>|<a href="http/);
    expect(list).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(list).toContain('&#60;i&#62;Mallory&#60;/i&#62;');
    // Over the socket the text arrives exactly as typed; the page's script puts it in as text (see the browser test).
    await until(() => spoken(js.entries).length === 1);
    expect(spoken(js.entries)[0]).toContain(text);
  });
});

describe('floods', () => {
  it('a WebSocket flood: its burst is taken, the rest refused, then it is disconnected; another visitor talking at the same time is not slowed', async () => {
    const room = await openRoom({}, { burst: 10, refillMs: 60_000, maxRefusalsInARow: 50 });
    const attacker = await new SocketVisitor(room).connect();
    const bystander = await new SocketVisitor(room).connect();
    const listener = await new SocketVisitor(room).connect();
    const flood = Array.from({ length: 300 }, (_, i) => attacker.say(`spam ${i}`));
    const calm = await Promise.all(Array.from({ length: 8 }, (_, i) => bystander.say(`calm ${i}`)));
    expect(calm.every((f) => f.t === 'ok')).toBe(true);
    await until(() => attacker.closed !== null);
    expect(attacker.closed).toEqual({ code: 1008, reason: 'flood' });
    void flood;
    const said = spoken(room.hostEntries);
    expect(said.filter((l) => l.includes(': spam '))).toHaveLength(10);
    expect(said.filter((l) => l.includes(': calm '))).toHaveLength(8);
    await until(() => spoken(listener.entries).length === 18);
    // The flooder's seat is gone; the room goes on.
    expect(room.hostEntries.at(-1)).toMatchObject({ kind: 'left', why: 'dropped' });
    expect(await bystander.say('still fine')).toMatchObject({ t: 'ok' });
  });

  it('a flood of posts without JavaScript: the burst is taken, the rest answered 429, and another visitor is not slowed', async () => {
    const room = await openRoom({}, { burst: 10, refillMs: 60_000 });
    const attacker = new PageVisitor(room);
    await attacker.open();
    const bystander = new PageVisitor(room);
    await bystander.open();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attacker.say(`spam ${i}`)).status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    for (let i = 0; i < 5; i++) expect((await bystander.say(`calm ${i}`)).status).toBe(303);
  });
});

describe('sockets and requests that are not what they should be', () => {
  it('a WebSocket upgrade from a page of another origin (or an opaque one) is refused with 403; the page\'s own origin, or a client that sends none, is let in', async () => {
    const room = await openRoom();
    const page = new PageVisitor(room);
    await page.open();
    const cookie = { Cookie: page.cookie };
    expect(await handshake(room.port, { ...cookie, Origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await handshake(room.port, { ...cookie, Origin: 'null' })).toEqual({ status: 403 });
    expect(await handshake(room.port, { ...cookie, Origin: `http://127.0.0.1:${room.port + 1}` })).toEqual({ status: 403 });
    expect(room.mode.counts().sockets).toBe(0);
    const own = await new SocketVisitor(room).connect();
    expect(own.closed).toBeNull();
    const bare = await new SocketVisitor(room).connect({}, null);
    expect(bare.frames[0]?.t).toBe('hello');
  });

  it('an Upgrade to anything but WebSocket, or to a path with no socket, is refused', async () => {
    const room = await openRoom();
    const h2c = await httpRequest(room.port, 'GET', '/', { Connection: 'Upgrade, HTTP2-Settings', Upgrade: 'h2c', 'HTTP2-Settings': 'AAMAAABkAARAAAAAAAIAAAAA' });
    expect(h2c.status).toBe(400);
    expect(await handshake(room.port, { Origin: room.url }, '/elsewhere')).toEqual({ status: 404 });
  });

  it('malformed frames (binary, not JSON, the wrong shape, broken UTF-8, larger than a frame may be) close that socket only; the room goes on', async () => {
    const room = await openRoom();
    const witness = await new SocketVisitor(room).connect();
    const cases: Array<[string, (v: SocketVisitor) => void, number]> = [
      ['binary', (v) => v.ws.send(Buffer.from([1, 2, 3]), { binary: true }), 1008],
      ['not JSON', (v) => v.ws.send('hello?'), 1008],
      ['wrong shape', (v) => v.ws.send(JSON.stringify({ t: 'say', text: 'no ref' })), 1008],
      ['unknown type', (v) => v.ws.send(JSON.stringify({ t: 'kick', name: 'Dana', ref: 1 })), 1008],
      ['extra field', (v) => v.ws.send(JSON.stringify({ t: 'say', text: 'x', ref: 1, host: true })), 1008],
      ['too large', (v) => v.ws.send(JSON.stringify({ t: 'say', text: 'z'.repeat(40_000), ref: 1 })), 1009],
    ];
    for (const [what, send, code] of cases) {
      const v = await new SocketVisitor(room).connect();
      send(v);
      await until(() => v.closed !== null);
      expect(v.closed?.code, what).toBe(code);
    }
    // Broken UTF-8 in a text frame, written by hand: FIN+text, masked, 2 bytes 0xC3 0x28.
    const v = await new SocketVisitor(room).connect();
    const socket = (v.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.write(Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]));
    await until(() => v.closed !== null);
    expect(v.closed?.code).toBe(1007);

    expect(await witness.say('the room is fine')).toMatchObject({ t: 'ok' });
    expect(room.mode.counts().sockets).toBe(1);
    expect(room.hostEntries.filter((e) => e.kind === 'left' && e.why === 'dropped')).toHaveLength(cases.length + 1);
  });

  it('a post from a page of another site is refused, and one larger than a form may be is refused unread', async () => {
    const room = await openRoom();
    const page = new PageVisitor(room);
    await page.open();
    const cross = await page.post('/send', 'text=forged', { 'Sec-Fetch-Site': 'cross-site' });
    expect(cross.status).toBe(403);
    const foreign = await page.post('/send', 'text=forged', { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const large = await page.post('/send', `text=${'a'.repeat(40_000)}`);
    expect(large.status).toBe(413);
    const wrongType = await httpRequest(room.port, 'POST', '/send', { Cookie: page.cookie, 'Content-Type': 'text/plain' }, 'text=hi');
    expect(wrongType.status).toBe(400);
    expect(spoken(room.hostEntries)).toEqual([]);
  });

  it('a visitor that never reads is dropped once too much waits for it; nobody else notices', async () => {
    const room = await openRoom({}, { maxQueuedBytes: 256 * 1024, burst: 1000, maxMessageLength: 20_000, maxFrameBytes: 64 * 1024 });
    const reader = await new SocketVisitor(room).connect();
    const stuck = await new SocketVisitor(room).connect();
    const stuckName = stuck.frames[0]?.t === 'hello' ? stuck.frames[0].you.name : '';
    (stuck.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const talker = await new SocketVisitor(room).connect();
    // Far more than the kernel's socket buffers hold, so it piles up in the server for the one that does not read;
    // one at a time, as people talk, so a reader that keeps up never has much waiting.
    for (let i = 0; i < 400; i++) await talker.say(`${i} ${'w'.repeat(19_000)}`);
    await until(() => room.hostEntries.some((e) => e.kind === 'left' && e.member.name === stuckName), 20_000);
    await until(() => spoken(reader.entries).length === 400, 20_000);
    expect(reader.closed).toBeNull();
  });
});

describe('what is said stays out of the logs', () => {
  it('no message or name reaches stdout, stderr, the console or the front door log', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown): boolean => {
      written.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void written.push(a.join(' ')))),
    ];
    try {
      const room = await openRoom();
      const js = await new SocketVisitor(room).connect();
      const nojs = new PageVisitor(room);
      await nojs.open();
      await js.say('secret-words-7c1f');
      await js.rename('Secret Name 7c1f');
      await nojs.say('quiet-words-9b2e');
      js.ws.send('not json secret-frame-3d4a');
      room.mode.chat.say('host-secret-5e6f');
      // A route that fails is logged: make one fail with the text in the request.
      await httpRequest(room.port, 'GET', '/%E0%A4%A?secret-url-8a8a');
      await until(() => js.closed !== null);
      await room.mode.close();
      const all = [...written, ...room.logged].join('\n');
      for (const secret of ['secret-words', 'Secret Name', 'quiet-words', 'secret-frame', 'host-secret']) expect(all).not.toContain(secret);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('the front door holds a slot for each WebSocket', () => {
  it('sockets are not counted as idle connections: many idle connections do not push them out', async () => {
    const room = await openRoom({}, {}, { maxWaitingConnections: 3, maxConnections: 10 });
    const visitors = await Promise.all(Array.from({ length: 5 }, () => new SocketVisitor(room).connect()));
    // Idle connections beyond the waiting budget: the oldest idle ones make room, never a socket.
    const idle = Array.from({ length: 6 }, () => connect({ host: '127.0.0.1', port: room.port }).on('error', () => undefined));
    await new Promise((r) => setTimeout(r, 300));
    expect(visitors.every((v) => v.closed === null)).toBe(true);
    expect(room.mode.counts().sockets).toBe(5);
    for (const s of idle) s.destroy();
  });
});
