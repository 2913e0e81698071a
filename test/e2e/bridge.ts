// Test bridge (plain Node + Chromium page): installs `window.oniondrop` in a Playwright page
// before the app's scripts run, forwarding every Api call to a Node-side implementation and
// delivering its events, with the same ordering guarantee Electron's IPC gives (an event sent
// before a call's reply is seen before the reply).
import type { Page } from 'playwright-core';
import { API_METHODS } from '../../electron/api-methods';
import type { AddResult, ApiEvent, ApiMethods, ServiceMethods, Unsubscribe } from '../../electron/contract';

export { API_METHODS };

/**
 * `addDropped` reaches the Node side with the dropped files' NAMES only (a page
 * cannot know paths); a test maps them to fixture paths and calls `addPaths`.
 */
export type BridgeMethod = keyof ApiMethods | 'addDropped';

/** What the bridge drives: the real service (see `bridgeFromService`) or a scripted stand-in. */
export interface BridgeImpl {
  call(method: BridgeMethod, args: unknown[]): Promise<unknown>;
  /** Same shape as the service's `onEvent`. */
  onEvent(listener: (e: ApiEvent) => void): Unsubscribe;
}

/** `addDropped`'s Node-side signature, for implementations that want it typed. */
export type AddDroppedByName = (shareId: string, names: string[]) => Promise<AddResult>;

/**
 * Adapts the real service: every Api call goes to the method of the same name;
 * dropped file names become paths through `pathsForDropped` and go to `addPaths`,
 * as the preload's `webUtils.getPathForFile` would.
 */
export function bridgeFromService(
  service: ServiceMethods & { onEvent(listener: (e: ApiEvent) => void): Unsubscribe },
  pathsForDropped: (names: string[]) => string[],
): BridgeImpl {
  return {
    call: (method, args) => {
      if (method === 'addDropped') {
        const [shareId, names] = args;
        return service.addPaths(String(shareId), pathsForDropped(Array.isArray(names) ? names.map(String) : []));
      }
      const fn = service[method] as (...a: unknown[]) => Promise<unknown>;
      return fn.apply(service, args);
    },
    onEvent: (listener) => service.onEvent(listener),
  };
}

export interface Bridge {
  /** Calls the page made, in order (method and arguments), for assertions. */
  readonly calls: ReadonlyArray<{ method: BridgeMethod; args: unknown[] }>;
  dispose(): void;
}

interface QueuedEvent {
  seq: number;
  event: ApiEvent['event'];
  payload: unknown;
}

type CallReply =
  | { ok: true; value: unknown; seq: number }
  | { ok: false; error: { name: string; message: string }; seq: number };

const POLL_MS = 15_000;
const METHOD_SET = new Set<string>([...API_METHODS, 'addDropped']);

/** Call before `page.goto`: the init script must run before the app's first script. */
export async function installBridge(page: Page, impl: BridgeImpl): Promise<Bridge> {
  let seq = 0;
  let queue: QueuedEvent[] = [];
  let waiting: ((events: QueuedEvent[]) => void) | null = null;
  let disposed = false;
  const calls: Array<{ method: BridgeMethod; args: unknown[] }> = [];

  const wake = (): void => {
    if (waiting && queue.length > 0) {
      const resolve = waiting;
      waiting = null;
      resolve(queue);
    }
  };

  const unsubscribe = impl.onEvent(({ event, payload }) => {
    if (disposed) return;
    seq += 1;
    queue.push({ seq, event, payload });
    wake();
  });

  // A (re)loaded page starts from "now": it asks for a snapshot anyway.
  await page.exposeBinding('__oniondropHello', () => {
    queue = [];
    waiting?.([]);
    waiting = null;
    return { seq };
  });

  await page.exposeBinding('__oniondropEvents', (_source: unknown, after: unknown) => {
    const last = typeof after === 'number' ? after : 0;
    queue = queue.filter((e) => e.seq > last);
    if (queue.length > 0 || disposed) return queue;
    waiting?.([]);
    return new Promise<QueuedEvent[]>((resolve) => {
      waiting = resolve;
      setTimeout(() => {
        if (waiting === resolve) {
          waiting = null;
          resolve([]);
        }
      }, POLL_MS).unref();
    });
  });

  await page.exposeBinding('__oniondropCall', async (_source: unknown, method: unknown, args: unknown): Promise<CallReply> => {
    if (typeof method !== 'string' || !METHOD_SET.has(method) || !Array.isArray(args)) {
      return { ok: false, error: { name: 'TypeError', message: `unknown Api call ${String(method)}` }, seq };
    }
    calls.push({ method: method as BridgeMethod, args });
    try {
      const value = await impl.call(method as BridgeMethod, args);
      return { ok: true, value: value ?? null, seq };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { ok: false, error: { name: e.name, message: e.message }, seq };
    }
  });

  await page.addInitScript({ content: pageScript([...API_METHODS]) });

  return {
    calls,
    dispose: () => {
      disposed = true;
      unsubscribe();
      waiting?.([]);
      waiting = null;
    },
  };
}

/**
 * The page half, as source text: Playwright serialises functions with
 * toString(), which test transforms can break, so it is written as a string.
 */
function pageScript(methods: string[]): string {
  return `(() => {
  'use strict';
  const METHODS = ${JSON.stringify(methods)};
  const handlers = new Map();
  const waiters = [];
  let delivered = 0;

  const settle = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].seq <= delivered) waiters.splice(i, 1)[0].resolve();
    }
  };
  const until = (seq) => (seq <= delivered ? Promise.resolve() : new Promise((resolve) => waiters.push({ seq, resolve })));
  const dispatch = (event, payload) => {
    for (const handler of [...(handlers.get(event) || [])]) {
      try { handler(payload); } catch (error) { setTimeout(() => { throw error; }); }
    }
  };

  (async () => {
    const hello = await window.__oniondropHello();
    delivered = Math.max(delivered, hello.seq);
    settle();
    for (;;) {
      let batch;
      try { batch = await window.__oniondropEvents(delivered); } catch { return; }
      for (const item of batch) {
        if (item.seq <= delivered) continue;
        delivered = item.seq;
        dispatch(item.event, item.payload);
      }
      settle();
    }
  })();

  const invoke = async (method, args) => {
    const reply = await window.__oniondropCall(method, args);
    await until(reply.seq);
    if (!reply.ok) {
      const error = new Error(reply.error.message);
      error.name = reply.error.name;
      throw error;
    }
    return reply.value === null ? undefined : reply.value;
  };

  const api = {};
  for (const method of METHODS) api[method] = (...args) => invoke(method, args);
  api.addDropped = (shareId, files) => invoke('addDropped', [shareId, Array.from(files, (file) => file.name)]);
  api.on = (event, handler) => {
    if (!handlers.has(event)) handlers.set(event, new Set());
    handlers.get(event).add(handler);
    return () => handlers.get(event).delete(handler);
  };
  Object.defineProperty(window, 'oniondrop', { value: Object.freeze(api), enumerable: true });
})();`;
}
