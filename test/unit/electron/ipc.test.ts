// electron/ipc.ts with a stand-in 'electron' (plain Node): only the channels
// of api-methods.ts exist, and a call is answered only when it comes from our
// window's main frame at app://oniondrop (Electron checklist item 17).
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServiceMethods } from '../../../electron/contract';
import { API_METHODS, PRELOAD_ONLY_METHODS, eventChannel, invokeChannel } from '../../../electron/api-methods';
import { createFakeElectron, FakeFrame, FakeWebContents, importWithFakeElectron, type FakeElectron } from './fake-electron';

type IpcModule = typeof import('../../../electron/ipc');

let fake: FakeElectron;
let ours: FakeWebContents | null;
let calls: Array<{ method: string; args: unknown[] }>;
let send: (e: Parameters<ReturnType<IpcModule['registerIpc']>['send']>[0]) => void;

/** A service that records what reached it. */
function recordingService(): ServiceMethods {
  const methods = [...API_METHODS, ...PRELOAD_ONLY_METHODS];
  return Object.fromEntries(
    methods.map((m) => [m, async (...args: unknown[]) => (calls.push({ method: m, args }), `answer of ${m}`)]),
  ) as unknown as ServiceMethods;
}

beforeEach(async () => {
  fake = createFakeElectron();
  ours = new FakeWebContents('app://oniondrop/index.html');
  calls = [];
  const { registerIpc } = await importWithFakeElectron<IpcModule>(fake, '../../../electron/ipc');
  // The stand-in has only what ipc.ts touches (sender identity, mainFrame, send, isDestroyed).
  const contents = (): Electron.WebContents | null => ours as unknown as Electron.WebContents | null;
  send = registerIpc({ service: recordingService(), contents, origin: 'app://oniondrop' }).send;
});

const call = (sender: FakeWebContents, frame: FakeFrame | null, method = 'startShare', ...args: unknown[]): Promise<unknown> =>
  fake.ipcMain.invoke(invokeChannel(method), sender, frame, ...args);

describe('the IPC channels', () => {
  it('are exactly the methods of api-methods.ts, as invoke handlers; nothing listens with ipcMain.on', () => {
    const expected = [...API_METHODS, ...PRELOAD_ONLY_METHODS].map(invokeChannel);
    expect(fake.handledChannels().sort()).toEqual(expected.sort());
    expect(new Set(expected).size).toBe(expected.length);
    expect(fake.handledChannels().every((c) => c.startsWith('oniondrop:call:'))).toBe(true);
    expect(fake.ipcMain.on).not.toHaveBeenCalled();
  });

  it("answer our window's main frame, passing exactly its arguments to the service", async () => {
    const win = ours as FakeWebContents;
    await expect(call(win, win.mainFrame, 'setOptions', 'share-1', { title: 'x' })).resolves.toBe('answer of setOptions');
    await expect(call(win, win.mainFrame, 'addPaths', 'share-1', ['/a'])).resolves.toBe('answer of addPaths');
    expect(calls).toEqual([
      { method: 'setOptions', args: ['share-1', { title: 'x' }] },
      { method: 'addPaths', args: ['share-1', ['/a']] },
    ]);
  });
});

describe('a call is refused, and reaches nothing', () => {
  it('from another web contents, even one showing our page', async () => {
    const other = fake.otherContents('app://oniondrop/index.html');
    await expect(call(other, other.mainFrame)).rejects.toThrow(/refused/);
    // Even naming our window's frame.
    await expect(call(other, (ours as FakeWebContents).mainFrame)).rejects.toThrow(/refused/);
    expect(calls).toEqual([]);
  });

  it('from a frame inside our window (an iframe)', async () => {
    const win = ours as FakeWebContents;
    await expect(call(win, new FakeFrame('app://oniondrop/index.html', win.mainFrame))).rejects.toThrow(/refused/);
    expect(calls).toEqual([]);
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:17600/',
    'file:///home/user/page.html',
    'app://evil/index.html',
    'app://oniondrop.evil/index.html',
    'app://oniondrop:8080/index.html',
    'about:blank',
    'not a url',
  ])('from our main frame once it shows %s', async (url) => {
    const win = ours as FakeWebContents;
    win.mainFrame.url = url;
    await expect(call(win, win.mainFrame)).rejects.toThrow(/refused/);
    expect(calls).toEqual([]);
  });

  it('from a frame that navigated away or was destroyed (senderFrame null)', async () => {
    await expect(call(ours as FakeWebContents, null)).rejects.toThrow(/refused/);
    expect(calls).toEqual([]);
  });

  it('once our window is closed', async () => {
    const gone = ours as FakeWebContents;
    ours = null;
    await expect(call(gone, gone.mainFrame)).rejects.toThrow(/refused/);
    expect(calls).toEqual([]);
  });
});

describe('events to the page', () => {
  it('go to our window on their own channel, with the payload only', () => {
    send({ event: 'shareClosed', payload: { id: 's1' } });
    expect(ours?.sent).toEqual([{ channel: eventChannel('shareClosed'), args: [{ id: 's1' }] }]);
  });

  it('are dropped, without an error, when the window is gone or destroyed', () => {
    const win = ours as FakeWebContents;
    win.destroyed = true;
    expect(() => send({ event: 'shareClosed', payload: { id: 's1' } })).not.toThrow();
    ours = null;
    expect(() => send({ event: 'shareClosed', payload: { id: 's1' } })).not.toThrow();
    expect(win.sent).toEqual([]);
  });
});
