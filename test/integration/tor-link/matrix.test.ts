// The onion-grater matrix: for every command the link sends during a share's
// life, a controller that filters just that command (510 Command filtered),
// and a whole share life run against it. Never a crash or a hang; a required
// command becomes a typed error that names it; an optional one a warning.
// Then the faults a real tor will not make on demand: garbage, replies split
// into single bytes, a connection closed mid-reply, interleaved events, a
// controller that stops answering.
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeController,
  type FakeController,
  type FakeControllerScript,
  type FaultRule,
} from '../../fixtures/fake-controller/fake-controller';
import { OptionalCommandFailure, TorOnionError, refusedCommandOf } from '../../../electron/core/tor/link-errors';
import type { PublishedOnion, TorLink, TorLinkStatus, TorLinkWarning } from '../../../electron/core/tor/link-types';
import { TorConnectionClosedError, TorControlError, TorTimeoutError } from '../../../electron/core/tor/errors';
import { TorNotFoundError } from '../../../electron/core/tor/autodetect';
import { generateClientAuthKeys, generateOnionKey } from '../../../electron/core/tor/onion-keys';
import { emptyRoot, eventually, linkTo, within } from './link-helpers';

const LIFE_DEADLINE_MS = 15_000;
const CLIENT_AUTH = generateClientAuthKeys();

let dir: string;
let root: { path: string; dispose(): void };
let fake: FakeController | undefined;
let link: TorLink | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-matrix-'));
  root = emptyRoot();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  root.dispose();
});
afterEach(async () => {
  await link?.close();
  await fake?.close();
  link = undefined;
  fake = undefined;
});

let socketCount = 0;
async function startFake(script: FakeControllerScript = {}): Promise<FakeController> {
  socketCount += 1;
  fake = await startFakeController({ listen: { path: join(dir, `c${socketCount}`) }, script });
  return fake;
}

function newLink(f: FakeController, publishTimeoutMs = 1_000): TorLink {
  link = linkTo(f.target, root.path, { commandTimeoutMs: 1_500, publishTimeoutMs });
  return link;
}

interface Life {
  connectError?: unknown;
  publicError?: unknown;
  privateError?: unknown;
  removeErrors: unknown[];
  onions: PublishedOnion[];
  /** Every warning seen: on the status at any time, and on each onion. */
  warnings: TorLinkWarning[];
  statuses: TorLinkStatus[];
  /** Onions tor still had after close(). */
  liveAfterClose: string[];
}

/** connect, a public and a private share, publication, remove both, close. */
async function shareLife(f: FakeController, publishTimeoutMs?: number): Promise<Life> {
  const l = newLink(f, publishTimeoutMs);
  const life: Life = { removeErrors: [], onions: [], warnings: [], statuses: [], liveAfterClose: [] };
  l.onStatus((s) => {
    life.statuses.push(s);
    for (const w of s.warnings) if (!life.warnings.includes(w)) life.warnings.push(w);
  });
  await within(LIFE_DEADLINE_MS, 'a share life', (async () => {
    try {
      await l.connect();
    } catch (e) {
      life.connectError = e;
      return;
    }
    try {
      life.onions.push(await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'public' }));
    } catch (e) {
      life.publicError = e;
    }
    try {
      life.onions.push(await l.addOnion({ port: 17601, key: null, clientAuth: CLIENT_AUTH, label: 'private' }));
    } catch (e) {
      life.privateError = e;
    }
    for (const o of life.onions) {
      try {
        await o.remove();
      } catch (e) {
        life.removeErrors.push(e);
      }
    }
  })());
  for (const o of life.onions) for (const w of o.warnings) life.warnings.push(w);
  await within(LIFE_DEADLINE_MS, 'close', l.close());
  // Onions die with their control connection; the fake notices a moment later.
  await eventually(2_000, 'onions gone', () => f.liveOnions().length === 0).catch(() => undefined);
  life.liveAfterClose = f.liveOnions();
  return life;
}

/** The warning for an optional command the filter refused: it says optional, and which command. */
function filteredWarning(life: Life, commandLine: RegExp): OptionalCommandFailure | undefined {
  return life.warnings.find(
    (w): w is OptionalCommandFailure =>
      w instanceof OptionalCommandFailure && w.error instanceof TorControlError && w.error.filtered && commandLine.test(w.error.command),
  );
}

interface MatrixRow {
  /** How the command appears on the wire. */
  match: RegExp;
  required: boolean;
}

/** Every command form the link sends in a share life (NULL auth, SOCKS not set explicitly). */
const COMMANDS: Record<string, MatrixRow> = {
  'PROTOCOLINFO 1': { match: /^PROTOCOLINFO\b/, required: true },
  AUTHENTICATE: { match: /^AUTHENTICATE\b/, required: true },
  'GETINFO net/listeners/socks': { match: /^GETINFO net\/listeners\/socks$/, required: false },
  'GETINFO status/bootstrap-phase': { match: /^GETINFO status\/bootstrap-phase$/, required: false },
  'SETEVENTS HS_DESC': { match: /^SETEVENTS HS_DESC$/, required: false },
  'ADD_ONION NEW:ED25519-V3 Port=80,<port>': { match: /^ADD_ONION NEW:ED25519-V3 Port=80,\d+$/, required: true },
  'ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,<port> ClientAuthV3=<key>': {
    match: /^ADD_ONION NEW:ED25519-V3 Flags=V3Auth Port=80,\d+ ClientAuthV3=[A-Z2-7]{52}$/,
    required: true,
  },
  'SETEVENTS (unsubscribe)': { match: /^SETEVENTS$/, required: false },
  'DEL_ONION <id>': { match: /^DEL_ONION [a-z2-7]{56}$/, required: true },
  'GETINFO onions/current': { match: /^GETINFO onions\/current$/, required: false },
};

describe('the command list', () => {
  it('names every command a share life sends (so none escapes the matrix)', async () => {
    const f = await startFake();
    const life = await shareLife(f);
    expect(life.connectError ?? life.publicError ?? life.privateError).toBeUndefined();
    expect(life.removeErrors).toEqual([]);
    expect(life.onions.map((o) => o.publishedKnown)).toEqual([true, true]);
    const unlisted = f.lines().filter((line) => !Object.values(COMMANDS).some((row) => row.match.test(line)));
    expect(unlisted).toEqual([]);
    for (const [name, row] of Object.entries(COMMANDS)) {
      expect(f.lines().some((line) => row.match.test(line)), `${name} is sent`).toBe(true);
    }
    // No TAKEOWNERSHIP to a tor that is not ours, and no Detach anywhere.
    expect(f.lines().some((l) => /TAKEOWNERSHIP|Detach|DiscardPK/.test(l))).toBe(false);
    expect(life.liveAfterClose).toEqual([]);
  });
});

describe('each command filtered in turn', () => {
  for (const [name, row] of Object.entries(COMMANDS)) {
    it(`${name} filtered: ${row.required ? 'a typed error naming it' : 'a warning, and the share still works'}`, async () => {
      const f = await startFake({ faults: [{ match: (c) => row.match.test(c.line), action: { kind: 'filter' } }] });
      const life = await shareLife(f);
      // The filter did answer that command.
      expect(f.lines().some((l) => row.match.test(l))).toBe(true);
      expect(life.liveAfterClose).toEqual([]);

      const errors = [life.connectError, life.publicError, life.privateError, ...life.removeErrors].filter((e) => e !== undefined);
      if (row.required) {
        expect(errors.length).toBeGreaterThan(0);
        const keyword = name.split(' ')[0] as string;
        for (const e of errors) {
          expect(refusedCommandOf(e), String(e)).toBe(keyword);
          // A refused login surfaces as "no tor found", whose most relevant
          // attempt says the filter refused it; anything else names the command.
          if (e instanceof TorNotFoundError) expect(e.mostRelevant?.problem.message).toMatch(/filtered/);
          else expect((e as Error).message).toContain(keyword);
        }
        // Only what needs the refused command failed.
        if (keyword === 'ADD_ONION') {
          expect(life.onions).toHaveLength(1);
          expect(life.removeErrors).toEqual([]);
        }
        if (keyword === 'DEL_ONION') {
          expect(life.onions).toHaveLength(2);
          // DEL_ONION refused: the onion is not removed, and the error says so with the refusal behind it.
          expect(life.removeErrors.length).toBeGreaterThan(0);
          for (const e of life.removeErrors) {
            expect(e).toBeInstanceOf(TorOnionError);
            expect(e).toMatchObject({ problem: 'not-removed', cause: { filtered: true, commandName: 'DEL_ONION' } });
          }
        }
        return;
      }

      expect(errors).toEqual([]);
      expect(life.onions).toHaveLength(2);
      expect(life.onions.every((o) => o.state.kind === 'removed')).toBe(true);
      if (name === 'GETINFO net/listeners/socks') {
        // findTor keeps its guess and says so.
        const connected = life.statuses.find((s) => s.state === 'connected');
        expect(connected?.socks).toEqual({ host: '127.0.0.1', port: 9050 });
        expect(connected?.socksWhy).toMatch(/guess/);
        return;
      }
      const commandText = name === 'SETEVENTS (unsubscribe)' ? /^SETEVENTS$/ : row.match;
      expect(filteredWarning(life, commandText), `a warning names ${name}`).toBeDefined();
      if (name === 'SETEVENTS HS_DESC') {
        // Publication cannot be watched: unknown, not failed.
        expect(life.onions.map((o) => o.publishedKnown)).toEqual([false, false]);
      } else {
        expect(life.onions.map((o) => o.publishedKnown)).toEqual([true, true]);
      }
    });
  }

  it('GETINFO version (sent only when PROTOCOLINFO does not tell the version): a warning', async () => {
    const noVersion: FaultRule = {
      match: 'PROTOCOLINFO',
      action: { kind: 'reply', lines: ['250-PROTOCOLINFO 1', '250-AUTH METHODS=NULL', '250 OK'] },
    };
    const plain = await startFake({ faults: [noVersion] });
    const ok = await shareLife(plain);
    expect(plain.lines()).toContain('GETINFO version');
    expect(ok.statuses.find((s) => s.state === 'connected')?.version).toBe('0.4.9.11');
    await plain.close();

    const f = await startFake({ faults: [noVersion, { match: /^GETINFO version$/, action: { kind: 'filter' } }] });
    const life = await shareLife(f);
    expect(life.connectError ?? life.publicError ?? life.privateError).toBeUndefined();
    expect(filteredWarning(life, /^GETINFO version$/)).toBeDefined();
    expect(life.statuses.find((s) => s.state === 'connected')?.version).toBeNull();
    expect(life.onions).toHaveLength(2);
  });
});

describe('faults a real tor does not make on demand', () => {
  it('replies split into single bytes: the whole life works the same', async () => {
    const f = await startFake({ split: { bytes: 1, delayMs: 0 } });
    // Byte by byte is slow on a busy machine: the upload must be seen, however long it takes.
    const life = await shareLife(f, LIFE_DEADLINE_MS / 2);
    expect(life.connectError ?? life.publicError ?? life.privateError).toBeUndefined();
    expect(life.removeErrors).toEqual([]);
    expect(life.onions.map((o) => o.publishedKnown)).toEqual([true, true]);
  });

  it('events interleaved before a reply: routed to listeners, and only THIS onion\'s upload counts', async () => {
    const other = 'q57rgv2s6vgv6oeylqnzy43keovtk6ifbmb36jl34arwdfwpyur5y2id';
    const f = await startFake({
      publishDelayMs: null, // the real upload never comes ...
      faults: [
        {
          match: /^ADD_ONION/,
          action: {
            kind: 'events-first',
            events: [
              // ... only another onion's, a multi-line event and a data event.
              [`650 HS_DESC UPLOADED ${other} UNKNOWN redacted`],
              ['650-STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED', '650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"'],
              ['650+HS_DESC_CONTENT x y z', 'hs-descriptor 3', '.', '650 OK'],
            ],
          },
        },
      ],
    });
    const life = await shareLife(f);
    expect(life.connectError ?? life.publicError ?? life.privateError).toBeUndefined();
    expect(life.onions.map((o) => o.publishedKnown)).toEqual([false, false]);
    expect(life.removeErrors).toEqual([]);
  });

  it('garbage instead of a reply: a typed error, then the link reconnects and the next share works', async () => {
    const f = await startFake({
      faults: [{ match: /^ADD_ONION/, action: { kind: 'garbage', data: '\u0000\u0001not a reply\r\n', then: 'reply' }, times: 1 }],
    });
    const l = newLink(f);
    await l.connect();
    const first = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'one' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TorConnectionClosedError);
    expect(first).toMatchObject({ reason: 'protocol' });
    const second = await within(5_000, 'second share', l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'two' }));
    expect(second.publishedKnown).toBe(true);
    expect(l.status.state).toBe('connected');
  });

  it('the connection closed mid-reply: a typed error, then the link reconnects', async () => {
    const f = await startFake({ faults: [{ match: /^ADD_ONION/, action: { kind: 'close-mid-reply', afterBytes: 20 }, times: 1 }] });
    const l = newLink(f);
    await l.connect();
    const first = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'one' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TorConnectionClosedError);
    expect(first).toMatchObject({ midReply: true });
    await eventually(5_000, 'reconnected', () => l.status.state === 'connected');
    const second = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'two' });
    expect(second.state).toEqual({ kind: 'published', publication: { kind: 'uploaded' } });
  });

  it('a controller that stops answering: a timeout error, not a hang, and the link reconnects', async () => {
    const f = await startFake({ faults: [{ match: /^ADD_ONION/, action: { kind: 'hang' }, times: 1 }] });
    const l = newLink(f);
    await l.connect();
    const started = Date.now();
    const first = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'one' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TorTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    const second = await within(5_000, 'after a timeout', l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'two' }));
    expect(second.publishedKnown).toBe(true);
  });

  it("a non-reply line while a share is up (Whonix's XXXredactedXXX): the share keeps its address", async () => {
    const f = await startFake();
    const l = newLink(f);
    const onion = await l.addOnion({ port: 17600, key: null, clientAuth: CLIENT_AUTH, label: 'private' });
    f.sendRaw('XXXredactedXXX\r\n');
    await eventually(5_000, 'the onion back on tor', () => f.liveOnions().includes(onion.serviceId) && onion.state.kind === 'published');
    expect(onion.state).toEqual({ kind: 'published', publication: { kind: 'uploaded' } });
  });

  it('the controller drops every connection: the onions come back at the same addresses, with the same keys', async () => {
    const f = await startFake();
    const l = newLink(f);
    const a = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'a' });
    const b = await l.addOnion({ port: 17601, key: null, clientAuth: CLIENT_AUTH, label: 'b' });
    const states: string[] = [];
    a.onState((s) => states.push(s.kind));
    f.dropConnections();
    await eventually(5_000, 'noticed', () => states.includes('reconnecting'));
    await eventually(5_000, 'both back', () => a.state.kind === 'published' && b.state.kind === 'published' && f.liveOnions().length === 2);
    expect(f.liveOnions().sort()).toEqual([a.serviceId, b.serviceId].sort());
    expect(states[0]).toBe('reconnecting');
    expect(states.at(-1)).toBe('published');
    const readds = f.lines().filter((line) => /^ADD_ONION ED25519-V3:/.test(line));
    expect(readds).toEqual([
      `ADD_ONION ED25519-V3:${a.key?.blob} Port=80,17600`,
      `ADD_ONION ED25519-V3:${b.key?.blob} Flags=V3Auth Port=80,17601 ClientAuthV3=${CLIENT_AUTH.publicKey}`,
    ]);
  });

  it('re-adding filtered after a reconnect: the onion fails with the filter named, the others come back', async () => {
    const f = await startFake();
    const l = newLink(f);
    const pub = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'public' });
    const priv = await l.addOnion({ port: 17601, key: null, clientAuth: CLIENT_AUTH, label: 'private' });
    // What the stock profile does to a public onion with a known key.
    f.addFault({ match: /^ADD_ONION ED25519-V3:\S+ Port=/, action: { kind: 'filter' } });
    f.dropConnections();
    await eventually(5_000, 'noticed', () => priv.state.kind !== 'published');
    await eventually(5_000, 'settled', () => pub.state.kind === 'failed' && priv.state.kind === 'published');
    expect(pub.state.kind === 'failed' && refusedCommandOf(pub.state.error)).toBe('ADD_ONION');
    expect(f.liveOnions()).toEqual([priv.serviceId]);
  });

  it('550 collision on re-add (tor still has the onion): treated as still there', async () => {
    const f = await startFake();
    const l = newLink(f);
    const onion = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'x' });
    f.addFault({ match: /^ADD_ONION ED25519-V3:/, action: { kind: 'reply', lines: ['550 Onion address collision'] } });
    const states: string[] = [];
    onion.onState((st) => states.push(st.kind));
    f.dropConnections();
    await eventually(8_000, 'back', () => states.includes('reconnecting') && onion.state.kind === 'published');
    expect(f.lines().filter((line) => line.startsWith('ADD_ONION ED25519-V3:')).length).toBeGreaterThanOrEqual(2);
  });

  it('a filter that withholds a new key: a warning now, and a clear failure if tor restarts', async () => {
    const f = await startFake({
      faults: [
        {
          match: /^ADD_ONION NEW/,
          action: {
            kind: 'reply',
            lines: ['250-ServiceID=q57rgv2s6vgv6oeylqnzy43keovtk6ifbmb36jl34arwdfwpyur5y2id', '250-PrivateKey=ED25519-V3:redacted', '250 OK'],
          },
        },
      ],
    });
    const l = newLink(f);
    const onion = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'x' });
    expect(onion.key).toBeNull();
    expect(onion.warnings.map((w) => w.kind === 'onion' && w.problem)).toContain('key-withheld');
    f.dropConnections();
    await eventually(5_000, 'failed', () => onion.state.kind === 'failed');
    expect(onion.state).toMatchObject({ kind: 'failed', error: { kind: 'onion', problem: 'key-withheld' } });
  });

  it("ADD_ONION with a key answered with another address (issue 13, finding 7): a typed error naming the key's address, and what tor added is removed", async () => {
    const other = 'q57rgv2s6vgv6oeylqnzy43keovtk6ifbmb36jl34arwdfwpyur5y2id';
    const f = await startFake({
      faults: [{ match: /^ADD_ONION ED25519-V3:/, action: { kind: 'reply', lines: [`250-ServiceID=${other}`, '250 OK'] } }],
    });
    const l = newLink(f);
    const made = generateOnionKey();
    const error = await l.addOnion({ port: 17600, key: made.key, clientAuth: CLIENT_AUTH, label: 'scheduled' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TorOnionError);
    expect(error).toMatchObject({ kind: 'onion', problem: 'wrong-address', serviceId: made.serviceId });
    expect(f.lines()).toContain(`DEL_ONION ${other}`);
    expect(l.status.state).toBe('connected');
  });

  it('a share removed while tor is away is not brought back', async () => {
    const f = await startFake();
    const path = f.path as string;
    const l = newLink(f);
    const onion = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'x' });
    await f.close();
    fake = undefined;
    await eventually(3_000, 'reconnecting', () => l.status.state === 'reconnecting');
    await onion.remove();
    expect(onion.state).toEqual({ kind: 'removed' });
    // tor comes back at the same place: the link reconnects, and adds nothing.
    fake = await startFakeController({ listen: { path } });
    await eventually(5_000, 'reconnected', () => l.status.state === 'connected');
    expect(fake.lines().filter((line) => line.startsWith('ADD_ONION'))).toEqual([]);
    expect(fake.liveOnions()).toEqual([]);
  });
});

describe('sharing and checking', () => {
  it('concurrent connect() calls share one attempt', async () => {
    const f = await startFake({ faults: [{ match: 'PROTOCOLINFO', action: { kind: 'delay', ms: 100 } }] });
    const l = newLink(f);
    const states: string[] = [];
    l.onStatus((s) => states.push(s.state));
    await Promise.all([l.connect(), l.connect(), l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'x' }), l.connect()]);
    expect(f.lines().filter((line) => line.startsWith('PROTOCOLINFO'))).toHaveLength(1);
    expect(f.connectionCount()).toBe(1);
    expect(states.filter((s) => s === 'connecting')).toHaveLength(1);
  });

  it('an onion tor still lists after DEL_ONION: remove() says so instead of pretending', async () => {
    const f = await startFake({ faults: [{ match: 'DEL_ONION', action: { kind: 'reply', lines: ['250 OK'] } }] });
    const l = newLink(f);
    const onion = await l.addOnion({ port: 17600, key: null, clientAuth: null, label: 'x' });
    const error = await onion.remove().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'onion', problem: 'still-listed', serviceId: onion.serviceId });
    expect(onion.state.kind).toBe('published');
  });
});
