// Chat as a mode of a Session (plain Node, real HTTP and WebSockets, no Tor):
// the host takes part through the session (the path the window and the
// terminal share), the room shares an address with share mode at /chat/ and
// the landing page links it, the page's CSP opens exactly what the page needs,
// the cookie is the visitor's alone, and stopping the session tells the
// visitors still there before the address goes.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatEntry, ShareOptions } from '../../../electron/contract';
import { fileKeyStore } from '../../../electron/core/key-store';
import { chatModeServer, chatPart } from '../../../electron/core/modes/chat-mode';
import { composedModeServer } from '../../../electron/core/modes/mode-part';
import { sharePart } from '../../../electron/core/modes/share-mode';
import { Session, type SessionEvent, type StartServer } from '../../../electron/core/session';
import { buildCatalog } from '../../../electron/core/share/catalog';
import { afterStop, tempDir } from '../../helpers/local';
import { shareOptions } from '../../helpers/share-options';
import { httpRequest, PageVisitor, SocketVisitor, spoken, until } from './chat-helpers';

const tmp = tempDir('chat-session');
const sessions: Session[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()));
});
afterAll(() => tmp.remove());

function options(patch: Partial<ShareOptions['chat']> = {}, title = ''): ShareOptions {
  return shareOptions({ public: true, stopAfterFirstDownload: false, title, chat: { name: 'Dana', history: false, ...patch } });
}

async function start(startServer: StartServer, opts: ShareOptions): Promise<{ session: Session; events: SessionEvent[]; port: number }> {
  const session = new Session({
    label: 'chat',
    options: opts,
    startServer,
    link: null,
    platform: { whonix: null, markers: [], qubes: false, tails: false },
    listenHost: '127.0.0.1',
    portRange: { first: 17600, last: 17659 },
    keys: fileKeyStore(join(tmp.path, 'keys')),
  });
  sessions.push(session);
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  await session.start();
  expect(session.state).toBe('ready');
  return { session, events, port: Number(new URL(session.localUrl ?? '').port) };
}

const chatEntries = (events: SessionEvent[]): ChatEntry[] => events.flatMap((e) => (e.type === 'chat' ? [e.entry] : []));

describe('chat in a session', () => {
  it('the host talks and listens through the session: typed events in, say() out', async () => {
    const { session, events, port } = await start(chatModeServer(options({}, 'Tuesday meeting'), undefined, { refreshSeconds: 1 }), options({}, 'Tuesday meeting'));
    const seat = session.chat();
    expect(seat?.view()).toMatchObject({ you: { name: 'Dana', host: true }, history: false });
    const visitor = await new SocketVisitor({ port }).connect();
    expect(visitor.page.name).not.toBe('');
    expect(seat?.say('Hello, visitor')).toEqual({ ok: true });
    await visitor.say('Hello, host');
    expect(spoken(chatEntries(events))).toEqual(['Dana: Hello, visitor', `${visitor.page.name}: Hello, host`]);
    expect(chatEntries(events)[0]).toMatchObject({ kind: 'joined', member: { name: visitor.page.name, host: false } });
    // Each event carries its room: a new start is a new room.
    expect(new Set(events.flatMap((e) => (e.type === 'chat' ? [e.roomId] : [])))).toEqual(new Set([seat?.roomId]));
    expect((await visitor.page.open()).body).toContain('<h1>Tuesday meeting</h1>');
  });

  it("the room's page: a cookie only the room can use, and a CSP that opens only the socket, the script, the list and the forms", async () => {
    const { port } = await start(chatModeServer(options(), undefined, { refreshSeconds: 1 }), options());
    const page = await httpRequest(port, 'GET', '/');
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^oniondrop_chat_[0-9a-f]{8}=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src ws://127.0.0.1:${port}`);
    expect(csp).toContain("frame-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    // No inline script, no event handler attributes.
    expect(page.body).not.toMatch(/<script>|\son[a-z]+=/);
    expect(page.body).toContain('<script src="/chat.js"></script>');
    const list = await httpRequest(port, 'GET', '/messages', { Cookie: cookie.split(';')[0] ?? '' });
    expect(list.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(list.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    expect(String(list.headers['content-security-policy'])).not.toContain('script-src');
    expect(list.body).toContain('<meta http-equiv="refresh" content="1">');
    const script = await httpRequest(port, 'GET', '/chat.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // A HEAD of the room gives no seat.
    const head = await httpRequest(port, 'HEAD', '/');
    expect(head.status).toBe(200);
    expect(head.headers['set-cookie']).toBeUndefined();
  });

  it('beside share mode on one address: the landing page links /chat/, and the room works there on both paths', async () => {
    const file = join(tmp.path, 'notes.txt');
    writeFileSync(file, 'hello');
    const opts = options();
    const catalog = await buildCatalog([file]);
    const { session, events, port } = await start(composedModeServer([sharePart(catalog, opts), chatPart(opts, undefined, { refreshSeconds: 1 })]), opts);
    const landing = await httpRequest(port, 'GET', '/');
    expect(landing.body).toContain('href="/chat/"');
    expect(landing.body).toContain('href="/share/"');
    const nojs = new PageVisitor({ port }, '/chat');
    const page = await nojs.open();
    expect(page.body).toContain('action="/chat/send"');
    expect(page.body).toContain('src="/chat/messages"');
    expect(page.body).toContain('data-socket="/chat/socket"');
    expect((await nojs.say('from the page')).headers.location).toBe('/chat/');
    const js = await new SocketVisitor({ port }, '/chat').connect();
    await js.say('over the socket');
    expect(spoken(chatEntries(events))).toEqual([`${nojs.name}: from the page`, `${js.page.name}: over the socket`]);
    expect(session.chat()?.view().members).toHaveLength(3);
    // The share is still there.
    expect((await httpRequest(port, 'GET', '/share/')).status).toBe(200);
  });

  it('stopping: the visitors still there are told the room has closed before the address goes, then the room is gone', async () => {
    const opts = options();
    const { session, port } = await start(chatModeServer(opts, undefined, { refreshSeconds: 1 }), opts);
    const js = await new SocketVisitor({ port }).connect();
    const nojs = new PageVisitor({ port });
    await nojs.open();
    await nojs.say('last words before closing');
    let told = false;
    const polling = (async () => {
      while (!told) {
        const list = await nojs.messagesPage().catch(() => null);
        if (list === null) break;
        told = list.body.includes('The room has closed.');
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await session.stop();
    await polling;
    expect(told).toBe(true);
    expect(js.closed).toEqual({ code: 4000, reason: 'room-closed' });
    expect(session.state).toBe('stopped');
    expect(session.chat()).toBeNull();
    const after = await afterStop(() => nojs.messagesPage());
    if (after !== null) expect(after.body).not.toContain('last words before closing');
  });

  it('auto-stop closes the room like a stop (a conversation is no transfer to wait for)', async () => {
    const opts = { ...options(), autoStopSeconds: 1 };
    const { session } = await start(chatModeServer(opts), opts);
    await until(() => session.state === 'stopped', 15_000);
  });
});
