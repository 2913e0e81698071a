// Preload (Electron, sandboxed renderer side): exposes exactly the Api of
// contract.ts as window.oniondrop. No raw ipcRenderer reaches the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiEvents, RendererApi } from './contract';
import { API_EVENTS, API_METHODS, eventChannel, invokeChannel } from './api-methods';

const calls = Object.fromEntries(
  // One function per method; each forwards only its own arguments.
  API_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(invokeChannel(method), ...args)]),
);

const api = {
  ...calls,
  // Paths of dropped files are known only here (webUtils), never to page script.
  addDropped: (shareId: string, files: File[]) =>
    ipcRenderer.invoke(
      invokeChannel('addPaths'),
      shareId,
      files.map((f) => webUtils.getPathForFile(f)),
    ),
  on: <E extends keyof ApiEvents>(event: E, handler: (payload: ApiEvents[E]) => void) => {
    if (!(API_EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
    const listener = (_e: IpcRendererEvent, payload: ApiEvents[E]): void => handler(payload);
    ipcRenderer.on(eventChannel(event), listener);
    return () => void ipcRenderer.removeListener(eventChannel(event), listener);
  },
} as RendererApi;

contextBridge.exposeInMainWorld('oniondrop', api);
