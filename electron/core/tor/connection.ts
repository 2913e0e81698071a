// One tor control connection over TCP or a Unix socket: a FIFO of commands,
// events routed to listeners, a timeout on every command (plain Node).
import { createConnection, type Socket } from 'node:net';
import { assertCommandLine } from './encode';
import { describeEndpoint, isUnixEndpoint, type ControlEndpoint } from './endpoint';
import {
  TorArgumentError,
  TorConnectionClosedError,
  TorControlError,
  TorProtocolError,
  TorTimeoutError,
  TorUnreachableError,
  type CloseReason,
  type SocketErrorInfo,
} from './errors';
import { EVENT_STATUS, isSuccess, type Reply } from './reply';
import { ReplyReader } from './reply-reader';

export const DEFAULT_COMMAND_TIMEOUT_MS = 15_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface ConnectOptions {
  connectTimeoutMs?: number;
  /** Default time limit for each command. */
  commandTimeoutMs?: number;
  maxReplyBytes?: number;
}

export interface SendOptions {
  timeoutMs?: number;
}

/** An async reply (status 650). `type` is its first word, e.g. `STATUS_CLIENT`, `HS_DESC`. */
export interface TorEvent {
  type: string;
  /** The first line's text after the type (may be empty, e.g. multi-line CONF_CHANGED). */
  body: string;
  reply: Reply;
}

export type EventHandler = (event: TorEvent) => void;
export type CloseHandler = (error: TorConnectionClosedError) => void;
export type Unsubscribe = () => void;

interface Pending {
  command: string;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function socketErrorInfo(error: unknown): SocketErrorInfo {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? { message: error.message } : { code, message: error.message };
  }
  return { message: String(error) };
}

export class TorControlConnection {
  readonly endpoint: ControlEndpoint;
  readonly label: string;
  private readonly socket: Socket;
  private readonly reader: ReplyReader;
  private readonly commandTimeoutMs: number;
  private readonly pending: Pending[] = [];
  private readonly eventHandlers = new Map<string, Set<EventHandler>>();
  private readonly anyEventHandlers = new Set<EventHandler>();
  private readonly closeHandlers = new Set<CloseHandler>();
  private closeError: TorConnectionClosedError | undefined;
  private readonly socketClosed: Promise<void>;

  /** Connects; rejects with TorUnreachableError (ETIMEDOUT after connectTimeoutMs). */
  static connect(endpoint: ControlEndpoint, options: ConnectOptions = {}): Promise<TorControlConnection> {
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const socket = isUnixEndpoint(endpoint)
        ? createConnection({ path: endpoint.path })
        : createConnection({ host: endpoint.host, port: endpoint.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TorUnreachableError(endpoint, 'ETIMEDOUT', 'connect'));
      }, timeoutMs);
      const onError = (error: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new TorUnreachableError(endpoint, error.code ?? 'EUNKNOWN', error.syscall));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(new TorControlConnection(socket, endpoint, options));
      });
    });
  }

  private constructor(socket: Socket, endpoint: ControlEndpoint, options: ConnectOptions) {
    this.socket = socket;
    this.endpoint = endpoint;
    this.label = describeEndpoint(endpoint);
    this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.reader = new ReplyReader({ maxReplyBytes: options.maxReplyBytes });
    if (!isUnixEndpoint(endpoint)) socket.setNoDelay(true);
    this.socketClosed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => {
      const info = socketErrorInfo(error);
      // A reset or broken pipe is the other side going away (tor killed or
      // restarted), the same for the user as a clean close.
      this.shutdown(info.code === 'ECONNRESET' || info.code === 'EPIPE' ? 'remote' : 'error', info);
    });
    socket.on('end', () => this.shutdown('remote'));
    socket.on('close', () => this.shutdown('remote'));
  }

  get closed(): boolean {
    return this.closeError !== undefined;
  }

  /** Why the connection closed, once it has. */
  get closedBecause(): TorConnectionClosedError | undefined {
    return this.closeError;
  }

  /** Commands sent and not yet answered. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Sends one command line (no CRLF). Resolves with a 2xx reply; rejects with
   * TorControlError (other status), TorTimeoutError (the connection is then
   * closed: later replies would answer the wrong commands),
   * TorConnectionClosedError, or TorArgumentError (nothing was sent).
   */
  send(command: string, options: SendOptions = {}): Promise<Reply> {
    if (this.closeError) return Promise.reject(this.closeError.forCommand(command));
    try {
      assertCommandLine(command);
    } catch (error) {
      return Promise.reject(error instanceof TorArgumentError ? error : new TorArgumentError('bad-token', 'the command'));
    }
    const timeoutMs = options.timeoutMs ?? this.commandTimeoutMs;
    return new Promise<Reply>((resolve, reject) => {
      const entry: Pending = {
        command,
        resolve,
        reject,
        timer: setTimeout(() => this.onTimeout(entry, timeoutMs), timeoutMs),
      };
      this.pending.push(entry);
      this.socket.write(`${command}\r\n`);
    });
  }

  /** Events of one type (`STATUS_CLIENT`, `HS_DESC`, ...). Subscribing with SETEVENTS is separate. */
  onEvent(type: string, handler: EventHandler): Unsubscribe {
    const key = type.toUpperCase();
    let set = this.eventHandlers.get(key);
    if (!set) {
      set = new Set();
      this.eventHandlers.set(key, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Every event, whatever its type. */
  onAnyEvent(handler: EventHandler): Unsubscribe {
    this.anyEventHandlers.add(handler);
    return () => {
      this.anyEventHandlers.delete(handler);
    };
  }

  /** Called once when the connection closes, with the reason; at once (async) if already closed. */
  onClose(handler: CloseHandler): Unsubscribe {
    const closed = this.closeError;
    if (closed) {
      queueMicrotask(() => handler(closed));
      return () => undefined;
    }
    this.closeHandlers.add(handler);
    return () => {
      this.closeHandlers.delete(handler);
    };
  }

  /** Closes the connection; pending commands reject with reason `local`. */
  async close(): Promise<void> {
    this.shutdown('local');
    await this.socketClosed;
  }

  private onData(chunk: Buffer): void {
    const { replies, error } = this.reader.push(chunk);
    for (const reply of replies) {
      if (this.closed) return;
      this.route(reply);
    }
    if (error) this.shutdown('protocol', error);
  }

  private route(reply: Reply): void {
    if (reply.status === EVENT_STATUS) {
      this.dispatchEvent(reply);
      return;
    }
    const entry = this.pending.shift();
    if (!entry) {
      this.shutdown('protocol', new TorProtocolError('unexpected-reply', `a ${reply.status} reply that answers no command`));
      return;
    }
    clearTimeout(entry.timer);
    if (isSuccess(reply.status)) entry.resolve(reply);
    else entry.reject(new TorControlError(entry.command, reply));
  }

  private dispatchEvent(reply: Reply): void {
    const first = reply.lines[0]?.text ?? '';
    const space = first.indexOf(' ');
    const type = (space === -1 ? first : first.slice(0, space)).toUpperCase();
    const event: TorEvent = { type, body: space === -1 ? '' : first.slice(space + 1), reply };
    const handlers = [...(this.eventHandlers.get(type) ?? []), ...this.anyEventHandlers];
    for (const handler of handlers) {
      try {
        handler(event);
      } catch (error) {
        // A listener's bug must not desynchronise the connection; it is
        // reported, not swallowed.
        process.emitWarning(`tor event listener for ${type} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private onTimeout(entry: Pending, timeoutMs: number): void {
    if (!this.pending.includes(entry)) return;
    const error = new TorTimeoutError(entry.command, timeoutMs, this.label);
    this.pending.splice(this.pending.indexOf(entry), 1);
    entry.reject(error);
    this.shutdown('timeout', error);
  }

  private shutdown(reason: CloseReason, cause?: TorProtocolError | TorTimeoutError | SocketErrorInfo): void {
    if (this.closeError) return;
    const error = new TorConnectionClosedError(reason, this.label, this.reader.midReply, cause);
    this.closeError = error;
    this.socket.destroy();
    for (const entry of this.pending.splice(0)) {
      clearTimeout(entry.timer);
      entry.reject(error.forCommand(entry.command));
    }
    for (const handler of [...this.closeHandlers]) {
      try {
        handler(error);
      } catch (e) {
        process.emitWarning(`tor close listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.closeHandlers.clear();
  }
}
