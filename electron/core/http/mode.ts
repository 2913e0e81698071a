// What the front door and a mode (share, receive, website, ...) give each other (plain Node).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Router } from 'express';
import type { Translator } from '../../../i18n/messages';

/** What a mode's routes need from the server around them. */
export interface DoorContext {
  /** True once the front door is shutting down (running transfers then end as 'server-closed'). */
  closing(): boolean;
  /** True if the response's connection was dropped for idling (the reader stopped reading). */
  stalled(res: ServerResponse): boolean;
  /** How long to wait after a body's last byte for the connection to show it was read. */
  deliveryGraceMs: number;
}

/** One mode, ready to be mounted: its routes, its words and its controls. */
export interface ModeApp {
  /** Routes relative to where the mode is mounted; `req.baseUrl` is that path. */
  readonly router: Router;
  /** The words of the mode's pages. */
  readonly translator: Translator;
  /** Content-Security-Policy of the mode's answers (a route may set its own, e.g. a website's files). */
  readonly csp: string;
  /** Takes request bodies that may take hours (uploads over Tor): the door then sets no overall request timeout. */
  readonly longRequests: boolean;
  /** How the mode appears on the landing page of an address that carries several. */
  describe(): { label: string; hint: string };
  /** false: refuse new transfers, let running ones finish. */
  setAccepting(accepting: boolean): void;
  activeTransfers(): number;
  /** The address is live (the onion published, or listening when local): background work may begin. */
  ready?(): void;
  /** After the door stopped listening and dropped every connection: the mode's own clean-up. */
  closed(): Promise<void>;
  /**
   * Takes connection upgrades (WebSocket) below the mode's path, once the
   * door has checked Host and Origin and given the connection a slot that
   * idling cannot take; `path` is the request path below the mount point.
   * False: nothing there takes upgrades (the door answers 404). A mode
   * without it has every upgrade refused.
   */
  readonly upgrade?: (req: IncomingMessage, socket: Socket, head: Buffer, path: string) => boolean;
  /** Connections the mode may hold open for long (its WebSockets): the door's cap grows by that many, so they never crowd out downloads. */
  readonly heldConnections?: number;
  /**
   * The door is about to drop every connection: the mode closes its
   * long-lived ones first, saying why (a WebSocket close frame with a
   * reason), within a bounded time. Whatever is still open after it is dropped.
   */
  closing?(): Promise<void>;
}
