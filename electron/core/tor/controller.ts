// A thin typed layer over an authenticated control connection (plain Node).
// Onion services (ADD_ONION/DEL_ONION) are built on `send` elsewhere.
import { authenticate, type Credentials } from './auth';
import { parseBootstrap, type BootstrapStatus } from './bootstrap';
import {
  TorControlConnection,
  type CloseHandler,
  type ConnectOptions,
  type EventHandler,
  type SendOptions,
  type Unsubscribe,
} from './connection';
import { command, keyword, token } from './encode';
import type { ControlEndpoint, SocksEndpoint } from './endpoint';
import { TorProtocolError, excerptOf, type AuthAttempt, type AuthMethod } from './errors';
import { parseQuotedList } from './kv-line';
import type { ProtocolInfo } from './protocolinfo';
import type { Reply } from './reply';

export interface ControllerOptions extends ConnectOptions {
  /** Force one authentication method (tests, diagnostics). */
  authMethod?: AuthMethod;
}

export class TorController {
  readonly connection: TorControlConnection;
  readonly authMethod: AuthMethod;
  readonly protocolInfo: ProtocolInfo;
  /** Methods that failed before `authMethod` worked. */
  readonly authAttempts: AuthAttempt[];
  private events = new Set<string>();
  /** What the users of this controller want subscribed, ahead of tor's answer. */
  private wanted = new Set<string>();

  constructor(connection: TorControlConnection, auth: { method: AuthMethod; protocolInfo: ProtocolInfo; attempts?: AuthAttempt[] }) {
    this.connection = connection;
    this.authMethod = auth.method;
    this.protocolInfo = auth.protocolInfo;
    this.authAttempts = auth.attempts ?? [];
  }

  /**
   * Connects, asks PROTOCOLINFO, authenticates. Rejects with
   * TorUnreachableError, TorAuthError (which holds connection problems met
   * while authenticating), never leaving a connection open.
   */
  static async connectAndAuthenticate(
    endpoint: ControlEndpoint,
    credentials: Credentials = {},
    options: ControllerOptions = {},
  ): Promise<TorController> {
    const conn = await TorControlConnection.connect(endpoint, options);
    const result = await authenticate(conn, credentials, {
      reconnect: () => TorControlConnection.connect(endpoint, options),
      ...(options.authMethod ? { method: options.authMethod } : {}),
    });
    return new TorController(result.connection, result);
  }

  get endpoint(): ControlEndpoint {
    return this.connection.endpoint;
  }

  get closed(): boolean {
    return this.connection.closed;
  }

  /** Any command (already encoded with encode.ts). */
  send(line: string, options?: SendOptions): Promise<Reply> {
    return this.connection.send(line, options);
  }

  /**
   * One key per GETINFO: onion-grater's rules match the whole argument, so
   * `GETINFO a b` is filtered even when both keys are allowed.
   */
  async getInfo(key: string, options?: SendOptions): Promise<string> {
    const reply = await this.send(command('GETINFO', token(key, 'the GETINFO key')), options);
    const prefix = `${key}=`;
    for (const line of reply.lines) {
      if (!line.text.startsWith(prefix)) continue;
      return line.divider === '+' ? (line.data ?? '') : line.text.slice(prefix.length);
    }
    throw new TorProtocolError('malformed', `GETINFO ${key} answered without ${key}=`, excerptOf(reply.lines[0]?.text ?? ''));
  }

  getVersion(options?: SendOptions): Promise<string> {
    return this.getInfo('version', options);
  }

  async getBootstrap(options?: SendOptions): Promise<BootstrapStatus> {
    const value = await this.getInfo('status/bootstrap-phase', options);
    const status = parseBootstrap(value);
    if (!status) throw new TorProtocolError('malformed', 'unreadable status/bootstrap-phase', excerptOf(value));
    return status;
  }

  /** Where tor takes SOCKS connections (may be filtered: 510). Unix sockets first. */
  async getSocksListeners(options?: SendOptions): Promise<SocksEndpoint[]> {
    const value = await this.getInfo('net/listeners/socks', options);
    const out: SocksEndpoint[] = [];
    for (const item of parseQuotedList(value)) {
      if (item.startsWith('unix:')) {
        out.push({ path: item.slice('unix:'.length) });
        continue;
      }
      const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(item);
      if (m) out.push({ host: m[1] as string, port: Number(m[2]) });
    }
    return out.sort((a, b) => Number('path' in b) - Number('path' in a));
  }

  /** Events tor accepted with the last successful SETEVENTS. */
  get subscribedEvents(): readonly string[] {
    return [...this.events];
  }

  /**
   * Replaces the subscribed set (SETEVENTS semantics); `[]` unsubscribes from
   * all. A refusal (e.g. 510 from a filter) leaves the previous set in place.
   */
  async setEvents(events: readonly string[], options?: SendOptions): Promise<void> {
    const names = [...new Set(events.map((e) => keyword(e, 'an event name').toUpperCase()))];
    const before = this.wanted;
    this.wanted = new Set(names);
    try {
      await this.sendEvents(options);
    } catch (error) {
      if (this.wanted.size === names.length && names.every((n) => this.wanted.has(n))) this.wanted = before;
      throw error;
    }
  }

  /**
   * Adds to what is already subscribed: since SETEVENTS replaces the whole
   * set, two users of one controller (bootstrap, onion publication) must not
   * undo each other. The wanted set changes before the command is sent, so
   * two calls in flight at once each send everything both want; the later
   * SETEVENTS, which tor applies last, holds both.
   */
  async addEvents(events: readonly string[], options?: SendOptions): Promise<void> {
    await this.changeEvents(events, true, options);
  }

  /** Takes events out of the subscribed set, keeping the others (see addEvents). */
  async removeEvents(events: readonly string[], options?: SendOptions): Promise<void> {
    await this.changeEvents(events, false, options);
  }

  private async changeEvents(events: readonly string[], add: boolean, options?: SendOptions): Promise<void> {
    const changed = events.map((e) => keyword(e, 'an event name').toUpperCase()).filter((e) => this.wanted.has(e) !== add);
    if (changed.length === 0 && !add) return;
    for (const e of changed) {
      if (add) this.wanted.add(e);
      else this.wanted.delete(e);
    }
    try {
      await this.sendEvents(options);
    } catch (error) {
      for (const e of changed) {
        if (add) this.wanted.delete(e);
        else this.wanted.add(e);
      }
      throw error;
    }
  }

  private async sendEvents(options?: SendOptions): Promise<void> {
    const names = [...this.wanted];
    await this.send(command('SETEVENTS', ...names), options);
    this.events = new Set(names);
  }

  /** Tor exits when this connection closes (control-spec 3.23). */
  async takeOwnership(options?: SendOptions): Promise<void> {
    await this.send('TAKEOWNERSHIP', options);
  }

  onEvent(type: string, handler: EventHandler): Unsubscribe {
    return this.connection.onEvent(type, handler);
  }

  onAnyEvent(handler: EventHandler): Unsubscribe {
    return this.connection.onAnyEvent(handler);
  }

  onClose(handler: CloseHandler): Unsubscribe {
    return this.connection.onClose(handler);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
