// IPC glue (Electron main): routes invoke channels to the service, checks that
// every message comes from our own window and page, forwards events.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { ApiEvent, ServiceMethods } from './contract';
import { API_METHODS, PRELOAD_ONLY_METHODS, eventChannel, invokeChannel } from './api-methods';

export interface IpcOptions {
  service: ServiceMethods;
  /** The only WebContents allowed to call. */
  contents: () => WebContents | null;
  /** The origin our page is served from, e.g. "app://oniondrop". */
  origin: string;
}

export function registerIpc({ service, contents, origin }: IpcOptions): { send(e: ApiEvent): void } {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const ours = contents();
    if (!ours || event.sender !== ours) return false;
    // senderFrame is null once the frame navigated away or was destroyed.
    const frame = event.senderFrame;
    if (!frame || frame !== ours.mainFrame) return false;
    try {
      // URL.origin is "null" for custom schemes, so compare scheme and host.
      const url = new URL(frame.url);
      return `${url.protocol}//${url.host}` === origin;
    } catch {
      return false;
    }
  };
  for (const method of [...API_METHODS, ...PRELOAD_ONLY_METHODS]) {
    ipcMain.handle(invokeChannel(method), (event, ...args: unknown[]) => {
      if (!trusted(event)) throw new Error('refused: not our window');
      // The service validates every argument itself (the test bridge calls it too).
      const fn = service[method] as (...a: unknown[]) => Promise<unknown>;
      return fn(...args);
    });
  }
  return {
    send(e: ApiEvent): void {
      const ours = contents();
      if (ours && !ours.isDestroyed()) ours.send(eventChannel(e.event), e.payload);
    },
  };
}
