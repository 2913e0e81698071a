// electron/preload.ts with a stand-in 'electron' (plain Node): the page gets
// exactly the Api of contract.ts as window.oniondrop, one function per
// method, and nothing of Electron (checklist items 3 and 20).
import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../electron/contract';
import { API_EVENTS, API_METHODS, eventChannel, invokeChannel } from '../../../electron/api-methods';
import { createFakeElectron, FakeEvent, importWithFakeElectron, type FakeElectron } from './fake-electron';

let fake: FakeElectron;
let api: RendererApi;

beforeEach(async () => {
  fake = createFakeElectron();
  await importWithFakeElectron(fake, '../../../electron/preload');
  api = fake.exposed.get('oniondrop') as RendererApi;
});

describe('what the preload gives the page', () => {
  it('is one object, window.oniondrop, of plain functions: the Api methods, addDropped and on', () => {
    expect([...fake.exposed.keys()]).toEqual(['oniondrop']);
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'addDropped', 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('holds nothing of Electron: no ipcRenderer, no invoke or send, no webUtils, no path-taking addPaths', () => {
    const names = Object.getOwnPropertyNames(api);
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'postMessage', 'webUtils', 'getPathForFile', 'addPaths']) {
      expect(names).not.toContain(forbidden);
    }
    for (const value of Object.values(api)) {
      expect(value).not.toBe(fake.ipcRenderer);
      expect(value).not.toBe(fake.ipcRenderer.invoke);
    }
  });

  it("calls a method on that method's own channel with only the page's arguments", async () => {
    await expect(api.setOptions('share-1', { title: 'Holiday' })).resolves.toEqual({ answered: invokeChannel('setOptions') });
    await api.getSnapshot();
    expect(fake.ipcRenderer.invoked).toEqual([
      { channel: invokeChannel('setOptions'), args: ['share-1', { title: 'Holiday' }] },
      { channel: invokeChannel('getSnapshot'), args: [] },
    ]);
  });

  it('turns dropped files into paths here, never in the page', async () => {
    const files = [new File(['x'], 'notes.txt'), new File(['y'], 'photo.jpg')];
    await api.addDropped('share-1', files);
    expect(fake.ipcRenderer.invoked).toEqual([
      { channel: invokeChannel('addPaths'), args: ['share-1', ['/home/user/dropped/notes.txt', '/home/user/dropped/photo.jpg']] },
    ]);
  });
});

describe('events', () => {
  it('reach the handler as the payload alone (never the IPC event, whose sender is ipcRenderer), until unsubscribed', () => {
    const got: unknown[][] = [];
    const off = api.on('shareClosed', (...args: unknown[]) => void got.push(args));
    fake.ipcRenderer.emit(eventChannel('shareClosed'), new FakeEvent(), { id: 's1' });
    off();
    fake.ipcRenderer.emit(eventChannel('shareClosed'), new FakeEvent(), { id: 's2' });
    expect(got).toEqual([[{ id: 's1' }]]);
    expect(fake.ipcRenderer.listenerCount(eventChannel('shareClosed'))).toBe(0);
  });

  it('listen only on the channel of their own event', () => {
    for (const event of API_EVENTS) api.on(event, () => undefined);
    expect(fake.ipcRenderer.eventNames().sort()).toEqual(API_EVENTS.map(eventChannel).sort());
  });

  it('an unknown event is refused and nothing is subscribed', () => {
    const on = api.on as (event: string, handler: () => void) => () => void;
    for (const event of ['ready', 'oniondrop:call:addPaths', '__proto__', 'constructor']) {
      expect(() => on(event, () => undefined)).toThrow(/unknown event/);
    }
    expect(fake.ipcRenderer.eventNames()).toEqual([]);
  });
});
