// The shares the window holds, each a tab: their items and options, and the
// Session each runs when started (plain Node). Every argument comes from the
// renderer and is checked here.
import { randomUUID } from 'node:crypto';
import type { AddResult, ApiEvent, ChatSendResult, ChatUpdate, Problem, ShareMode, ShareOptionsPatch, ShareView } from '../contract';
import type { AppContext } from '../core/app-context';
import { validatePatch } from '../core/options-patch';
import { Session, type StartServer } from '../core/session';
import { buildCatalog, CatalogRootError, type Catalog } from '../core/share';
import { defaultShareOptions } from '../core/share-options';
import { resolveSharedPath } from '../core/shared-path';
import type { TorLink } from '../core/tor/link-types';
import type { Notice } from '../main-words';
import { startServerFor } from './mode-server';
import { skippedOf } from './skipped';
import { isRunning, shareViewOf, shownItem, type Item, type Share } from './share-view';

/** Progress events are folded into at most this many updates per second per share. */
const PROGRESS_EMIT_MS = 200;
/** Chat entries are sent to the window in batches at most this often: a busy room is not a message per line. */
const CHAT_EMIT_MS = 100;

const MODES: readonly ShareMode[] = ['share', 'receive', 'website', 'chat'];

export class ServiceError extends Error {
  readonly kind = 'service';
  constructor(readonly problem: Problem) {
    super(problem.kind === 'internal' ? problem.message : problem.kind);
  }
}

export interface SharesDeps {
  /** The current context (it is reloaded when settings are saved). */
  app(): AppContext;
  link(): TorLink;
  emit(e: ApiEvent): void;
  problemOf(error: unknown): Problem;
  /** main.ts turns a notice into words in the user's language. */
  notify(notice: Notice): void;
}

export class Shares {
  private readonly shares = new Map<string, Share>();

  constructor(private readonly deps: SharesDeps) {}

  views(): ShareView[] {
    return [...this.shares.values()].map(shareViewOf);
  }

  anyRunning(): boolean {
    return [...this.shares.values()].some(isRunning);
  }

  hasActiveTransfers(): boolean {
    return [...this.shares.values()].some((s) => (s.session?.transfers.running() ?? 0) > 0);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.shares.values()].map((s) => s.session?.stop()));
  }

  create(mode: unknown): ShareView {
    if (!MODES.includes(mode as ShareMode)) throw new ServiceError({ kind: 'internal', message: 'unknown mode' });
    const share: Share = {
      id: randomUUID(),
      mode: mode as ShareMode,
      items: [],
      options: defaultShareOptions(this.deps.app()),
      session: null,
      problem: null,
      emitTimer: null,
      chatQueue: [],
      chatRoom: null,
      chatTimer: null,
    };
    this.shares.set(share.id, share);
    return shareViewOf(share);
  }

  get(shareId: unknown): Share {
    const share = typeof shareId === 'string' ? this.shares.get(shareId) : undefined;
    if (!share) throw new ServiceError({ kind: 'internal', message: 'no such share' });
    return share;
  }

  async close(shareId: unknown): Promise<void> {
    const share = this.get(shareId);
    await share.session?.stop();
    if (share.emitTimer) clearTimeout(share.emitTimer);
    if (share.chatTimer) clearTimeout(share.chatTimer);
    this.shares.delete(share.id);
    this.deps.emit({ event: 'shareClosed', payload: { id: share.id } });
  }

  async addPaths(share: Share, paths: unknown): Promise<AddResult> {
    if (!Array.isArray(paths)) throw new ServiceError({ kind: 'internal', message: 'paths must be a list' });
    this.refuseWhileRunning(share, 'stop the share before changing its files');
    const result: AddResult = { added: [], rejected: [], skipped: [] };
    for (const raw of paths) {
      const resolved = await resolveSharedPath(raw);
      if (!resolved.ok) {
        result.rejected.push({ name: typeof raw === 'string' ? raw : '?', problem: resolved.problem });
        continue;
      }
      if (share.items.some((i) => i.path === resolved.path)) continue;
      // A stat walk only: sizes for the list, nothing is read or copied.
      let catalog: Catalog;
      try {
        catalog = await buildCatalog([resolved.path]);
      } catch (err) {
        // The chosen folder itself cannot be listed (or vanished since it was resolved).
        if (!(err instanceof CatalogRootError)) throw err;
        result.rejected.push({ name: raw as string, problem: { kind: 'path-rejected', path: raw as string, use: 'share', reason: err.problem } });
        continue;
      }
      const id = randomUUID();
      const item: Item = {
        id,
        name: resolved.name,
        kind: resolved.kind,
        size: catalog.totals.bytes,
        files: catalog.totals.files,
        path: resolved.path,
        skipped: skippedOf(id, resolved.path, resolved.name, catalog.skipped),
      };
      share.items.push(item);
      result.added.push(shownItem(item));
      if (item.skipped) result.skipped.push(item.skipped);
    }
    share.problem = null;
    this.emitNow(share);
    return result;
  }

  async setReceiveFolder(share: Share, folder: string): Promise<void> {
    const resolved = await resolveSharedPath(folder);
    if (!resolved.ok || resolved.kind !== 'folder') {
      share.problem = { ...(resolved.ok ? { kind: 'path-rejected', path: folder, reason: 'not-a-folder' } : resolved.problem), use: 'receive-folder' };
    } else {
      share.options = { ...share.options, receive: { ...share.options.receive, folder: resolved.path } };
    }
    this.emitNow(share);
  }

  removeItem(share: Share, itemId: unknown): void {
    this.refuseWhileRunning(share, 'stop the share before changing its files');
    share.items = share.items.filter((i) => i.id !== itemId);
    this.emitNow(share);
  }

  setOptions(share: Share, patch: ShareOptionsPatch): void {
    this.refuseWhileRunning(share, 'stop the share before changing its options');
    share.options = validatePatch(share.options, patch);
    this.emitNow(share);
  }

  async start(share: Share): Promise<void> {
    if (isRunning(share)) return;
    let startServer: StartServer;
    try {
      const prepared = await startServerFor(share, this.deps.app());
      if (typeof prepared !== 'function') {
        share.problem = prepared;
        this.emitNow(share);
        return;
      }
      startServer = prepared;
    } catch (err) {
      share.problem = this.deps.problemOf(err);
      this.emitNow(share);
      return;
    }
    share.problem = null;
    const app = this.deps.app();
    const session = new Session({
      label: `share ${share.id.slice(0, 8)}`,
      options: share.options,
      startServer,
      link: this.deps.link(),
      platform: app.platform,
      listenHost: app.listen.host,
      portRange: app.portRange,
      keys: app.keys,
    });
    share.session = session;
    session.on((e) => {
      // A closed tab's session can still report (a connection that ends after the stop);
      // the window has dropped the tab, and an event would bring it back.
      if (this.shares.get(share.id) !== share) return;
      if (e.type === 'chat') {
        if (share.chatRoom !== e.roomId) this.emitChat(share);
        share.chatRoom = e.roomId;
        share.chatQueue.push(e.entry);
        share.chatTimer ??= setTimeout(() => this.emitChat(share), CHAT_EMIT_MS);
        // Who is in the room is part of the view.
        if (e.entry.kind !== 'message') this.emitSoon(share);
        return;
      }
      // The last lines before a stop go out before the view that says the room closed.
      if (e.type === 'state') this.emitChat(share);
      if (e.type !== 'transfer') return this.emitNow(share);
      const t = e.transfer;
      // Only when one visitor has every byte: a range that merely ends at the end of the file is not a complete download.
      if (t.state === 'finished' && t.direction === 'download' && t.complete) {
        this.deps.notify({ kind: 'download-complete', name: t.name });
      } else if (t.state === 'finished' && t.direction === 'upload') {
        this.deps.notify({ kind: 'file-received', name: t.name });
      }
      if (t.state === 'running') this.emitSoon(share);
      else this.emitNow(share);
    });
    this.emitNow(share);
    // The start runs on; its steps arrive as events.
    void session.start();
  }

  /** The host says something in the tab's room; refused as `closed` when no room runs. */
  sendChat(share: Share, text: unknown): ChatSendResult {
    if (typeof text !== 'string') throw new ServiceError({ kind: 'internal', message: 'a chat message must be text' });
    const seat = share.session?.chat() ?? null;
    if (seat === null) return { ok: false, refusal: { reason: 'closed' } };
    return seat.say(text);
  }

  /** What the host's seat has seen of the running room; null when none runs. */
  chatLog(share: Share): ChatUpdate | null {
    const seat = share.session?.chat() ?? null;
    if (seat === null) return null;
    return { shareId: share.id, roomId: seat.roomId, entries: seat.log() };
  }

  private emitChat(share: Share): void {
    if (share.chatTimer) {
      clearTimeout(share.chatTimer);
      share.chatTimer = null;
    }
    const entries = share.chatQueue;
    const roomId = share.chatRoom;
    share.chatQueue = [];
    if (entries.length === 0 || roomId === null) return;
    this.deps.emit({ event: 'chat', payload: { shareId: share.id, roomId, entries } });
  }

  private refuseWhileRunning(share: Share, message: string): void {
    if (isRunning(share)) throw new ServiceError({ kind: 'internal', message });
  }

  private emitNow(share: Share): void {
    if (share.emitTimer) {
      clearTimeout(share.emitTimer);
      share.emitTimer = null;
    }
    this.deps.emit({ event: 'share', payload: shareViewOf(share) });
  }

  private emitSoon(share: Share): void {
    share.emitTimer ??= setTimeout(() => this.emitNow(share), PROGRESS_EMIT_MS);
  }
}
