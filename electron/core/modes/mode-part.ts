// How modes join a session's one address (plain Node): each mode is a part
// that makes its routes for a front door; a session serves one part alone at
// the root, or several under their prefixes with a landing page at '/'
// (share + receive on one onion, OnionShare #1517).
import { translatorFor, type Translator } from '../../../i18n/messages';
import { openFrontDoor } from '../http/front-door';
import type { HttpLimits } from '../http/limits';
import type { DoorContext, ModeApp } from '../http/mode';
import type { ModeEvent, ModeServer, StartServer } from '../session';

/** What a mode may give the session beyond serving: the host's seat in a chat room, a goodbye before the address goes. */
export type PartExtras = Partial<Pick<ModeServer, 'chat' | 'windDown'>>;

/** One mode, before it has a front door. */
export interface ModePart {
  /** Where the mode lives on an address that carries several: '/share', '/receive', ... */
  readonly prefix: string;
  /** The words of its pages: the share's language. */
  readonly translator: Translator;
  create(door: DoorContext, onEvent: (e: ModeEvent) => void): Promise<ModeApp & PartExtras>;
}

export interface ServeOptions {
  /** Words of the front door's own pages (refusals, the landing page); default: the first part's. */
  translator?: Translator;
  limits?: Partial<HttpLimits>;
}

/** The usual case: one mode alone on its address, at the root. */
export function singleModeServer(part: ModePart, options: ServeOptions = {}): StartServer {
  return serveParts([part], false, options);
}

/**
 * Several modes on one address, each under its prefix ('/share/',
 * '/receive/'), with a landing page at '/' that links them (plain links, no
 * script). One ModeServer for the session: setAccepting reaches every mode,
 * activeTransfers counts them all, and each mode's events reach the session.
 */
export function composedModeServer(parts: readonly ModePart[], options: ServeOptions = {}): StartServer {
  return serveParts(parts, true, options);
}

/** One part alone at the root, or several composed: what the session's address carries. */
export function modeServer(parts: readonly ModePart[], options: ServeOptions = {}): StartServer {
  const [only] = parts;
  if (only === undefined) throw new Error('an address carries at least one mode');
  return parts.length === 1 ? singleModeServer(only, options) : composedModeServer(parts, options);
}

function serveParts(parts: readonly ModePart[], prefixed: boolean, options: ServeOptions): StartServer {
  return async (listen, onEvent) => {
    const door = openFrontDoor({
      host: listen.host,
      portRange: listen.portRange,
      limits: options.limits,
      translator: options.translator ?? parts[0]?.translator ?? translatorFor('en'),
    });
    const modes: Array<ModeApp & PartExtras> = [];
    for (const part of parts) {
      const mode = await part.create(door.context, onEvent);
      door.mount(prefixed ? part.prefix : '', mode);
      modes.push(mode);
    }
    const running = await door.listen();
    const chat = modes.find((m) => m.chat !== undefined)?.chat;
    const server: ModeServer = {
      ...(chat ? { chat } : {}),
      windDown: async () => {
        await Promise.all(modes.map((m) => m.windDown?.()));
      },
      port: running.port,
      localUrl: running.localUrl,
      setAccepting: (accepting) => {
        for (const mode of modes) mode.setAccepting(accepting);
      },
      activeTransfers: () => modes.reduce((n, mode) => n + mode.activeTransfers(), 0),
      ready: () => {
        for (const mode of modes) mode.ready?.();
      },
      close: () => running.close(),
    };
    return server;
  };
}
