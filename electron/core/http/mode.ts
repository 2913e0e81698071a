// What the front door and a mode (share, receive, website, ...) give each other (plain Node).
import type { ServerResponse } from 'node:http';
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
}
