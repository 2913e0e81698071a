// Minimal Tor control-port client for the test harness (plain Node): raw
// protocol lines over a Unix socket or TCP, cookie or password auth, events.
// Deliberately independent of the app's own control client so the harness
// can test that one without sharing its bugs.
import { connect, type Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { ControlReplyReader, isEvent, type ControlReply } from './control-reply';
import { ControlConnectionError, ControlReplyError } from './errors';

export type ControlEndpoint = { path: string } | { host: string; port: number };
export type ControlAuth = { cookiePath: string } | { password: string } | { none: true };
export type ControlEventHandler = (event: ControlReply) => void;

interface Pending {
  keyword: string;
  resolve: (reply: ControlReply) => void;
  reject: (error: Error) => void;
}

function keywordOf(line: string): string {
  return line.split(' ', 1)[0] ?? '';
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export class ControlConnection {
  private readonly reader = new ControlReplyReader();
  private readonly pending: Pending[] = [];
  private readonly handlers = new Map<string, Set<ControlEventHandler>>();
  private closedError: ControlConnectionError | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const reply of this.reader.push(chunk)) this.dispatch(reply);
    });
    socket.on('error', (error) => this.fail(new ControlConnectionError('closed', `control connection error: ${error.message}`, { cause: error })));
    socket.on('close', () => this.fail(new ControlConnectionError('closed', 'control connection closed')));
  }

  /** Connects and authenticates; the connection is ready for commands. */
  static async open(endpoint: ControlEndpoint, auth: ControlAuth, timeoutMs = 10_000): Promise<ControlConnection> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = 'path' in endpoint ? connect(endpoint.path) : connect(endpoint.port, endpoint.host);
      const timer = setTimeout(() => {
        s.destroy();
        reject(new ControlConnectionError('timeout', 'control connection timed out'));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (error) => {
        clearTimeout(timer);
        reject(new ControlConnectionError('connect', `cannot connect to tor control: ${error.message}`, { cause: error }));
      });
    });
    const connection = new ControlConnection(socket);
    try {
      await connection.authenticate(auth);
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  private async authenticate(auth: ControlAuth): Promise<void> {
    let line = 'AUTHENTICATE';
    if ('cookiePath' in auth) line += ` ${(await readFile(auth.cookiePath)).toString('hex')}`;
    else if ('password' in auth) line += ` ${quote(auth.password)}`;
    const reply = await this.request(line);
    if (reply.status !== 250) {
      throw new ControlConnectionError('auth', `tor refused authentication: ${reply.status} ${reply.lines[0]?.text ?? ''}`);
    }
  }

  /** Sends one command line and resolves with tor's reply, whatever its status. */
  request(line: string): Promise<ControlReply> {
    if (/[\r\n]/.test(line)) {
      return Promise.reject(new ControlConnectionError('bad-command', 'a control command must be a single line'));
    }
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<ControlReply>((resolve, reject) => {
      this.pending.push({ keyword: keywordOf(line), resolve, reject });
      this.socket.write(`${line}\r\n`);
    });
  }

  /** Like request(), but a non-2xx reply becomes a ControlReplyError. */
  async command(line: string): Promise<ControlReply> {
    const reply = await this.request(line);
    if (reply.status < 200 || reply.status > 299) {
      throw new ControlReplyError(keywordOf(line), reply.status, reply.lines.map((l) => l.text).join(' | '));
    }
    return reply;
  }

  /** GETINFO for one key; returns the value (or the data block for multi-line values). */
  async getInfo(key: string): Promise<string> {
    const reply = await this.command(`GETINFO ${key}`);
    for (const line of reply.lines) {
      if (line.text.startsWith(`${key}=`)) return line.data ?? line.text.slice(key.length + 1);
    }
    throw new ControlReplyError('GETINFO', reply.status, `no value for ${key}`);
  }

  /**
   * Listens to an event type (e.g. "HS_DESC", "STREAM"). The connection keeps
   * SETEVENTS at the union of what its listeners want. Resolves with an
   * unsubscribe function.
   */
  async on(eventType: string, handler: ControlEventHandler): Promise<() => Promise<void>> {
    const type = eventType.toUpperCase();
    let set = this.handlers.get(type);
    const isNewType = !set;
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler);
    if (isNewType) await this.syncEvents();
    return async () => {
      const current = this.handlers.get(type);
      current?.delete(handler);
      if (current && current.size === 0) {
        this.handlers.delete(type);
        if (!this.closedError) await this.syncEvents();
      }
    };
  }

  private async syncEvents(): Promise<void> {
    await this.command(['SETEVENTS', ...this.handlers.keys()].join(' '));
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
    this.fail(new ControlConnectionError('closed', 'control connection closed by the harness'));
  }

  private dispatch(reply: ControlReply): void {
    if (isEvent(reply)) {
      const type = keywordOf(reply.lines[0]?.text ?? '');
      for (const handler of this.handlers.get(type) ?? []) handler(reply);
      return;
    }
    this.pending.shift()?.resolve(reply);
  }

  private fail(error: ControlConnectionError): void {
    if (this.closedError) return;
    this.closedError = error;
    for (const p of this.pending.splice(0)) p.reject(error);
  }
}
