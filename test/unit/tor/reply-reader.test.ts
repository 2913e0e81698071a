// The reply reader: any split of a valid stream reads the same; any bytes end
// in replies or a typed error, never an exception or a hang.
import { describe, expect, it } from 'vitest';
import { ReplyReader } from '../../../electron/core/tor/reply-reader';
import { TorProtocolError } from '../../../electron/core/tor/errors';
import type { Reply, ReplyLine } from '../../../electron/core/tor/reply';

/** Seeded PRNG so a failing case can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = 'abcXYZ019 =".\\-+_/:é✓\t';

function randomText(r: () => number, max: number): string {
  const n = Math.floor(r() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += CHARS[Math.floor(r() * CHARS.length)];
  return s;
}

function randomReply(r: () => number): Reply {
  const status = r() < 0.3 ? 650 : [250, 251, 510, 552][Math.floor(r() * 4)] as number;
  const lines: ReplyLine[] = [];
  const count = Math.floor(r() * 4);
  for (let i = 0; i < count; i++) {
    if (r() < 0.4) {
      const dataLines: string[] = [];
      const n = Math.floor(r() * 5);
      for (let j = 0; j < n; j++) dataLines.push((r() < 0.3 ? '.' : '') + randomText(r, 20));
      lines.push({ status, divider: '+', text: `key${i}=`, data: dataLines.join('\n') });
    } else {
      lines.push({ status, divider: '-', text: randomText(r, 30) });
    }
  }
  lines.push({ status, divider: ' ', text: r() < 0.5 ? 'OK' : randomText(r, 30) });
  return { status, lines };
}

function serialize(replies: Reply[], r: () => number): Buffer {
  let out = '';
  const eol = (): string => (r() < 0.8 ? '\r\n' : '\n');
  for (const reply of replies) {
    for (const line of reply.lines) {
      out += `${line.status}${line.divider}${line.text}${eol()}`;
      if (line.divider === '+') {
        const data = line.data ?? '';
        // An empty data block has no lines at all; `[""]` would be one empty line.
        const dataLines = data === '' ? [] : data.split('\n');
        for (const d of dataLines) out += `${d.startsWith('.') ? '.' : ''}${d}${eol()}`;
        out += `.${eol()}`;
      }
    }
  }
  return Buffer.from(out, 'utf8');
}

/** Data blocks with one empty line and with none both read as ''; compare what the model can express. */
function normalize(replies: Reply[]): Reply[] {
  return replies.map((rep) => ({
    status: rep.status,
    lines: rep.lines.map((l) => (l.divider === '+' ? { ...l, data: l.data ?? '' } : l)),
  }));
}

function readAll(chunks: Buffer[]): { replies: Reply[]; error?: TorProtocolError } {
  const reader = new ReplyReader();
  const replies: Reply[] = [];
  for (const c of chunks) {
    const res = reader.push(c);
    replies.push(...res.replies);
    if (res.error) return { replies, error: res.error };
  }
  return { replies };
}

function randomSplit(buf: Buffer, r: () => number): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < buf.length) {
    const n = 1 + Math.floor(r() * Math.min(40, buf.length - i));
    out.push(buf.subarray(i, i + n));
    i += n;
  }
  return out;
}

describe('ReplyReader', () => {
  it('reads mid, data and end lines, with dot-unstuffing and bare LF', () => {
    const reader = new ReplyReader();
    const { replies, error } = reader.push(
      Buffer.from('250-version=0.4.9.11\r\n250+config-text=\r\n..hidden\nSocksPort 0\r\n.\r\n250 OK\r\n'),
    );
    expect(error).toBeUndefined();
    expect(replies).toEqual([
      {
        status: 250,
        lines: [
          { status: 250, divider: '-', text: 'version=0.4.9.11' },
          { status: 250, divider: '+', text: 'config-text=', data: '.hidden\nSocksPort 0' },
          { status: 250, divider: ' ', text: 'OK' },
        ],
      },
    ]);
  });

  it('gives events (650) as replies of their own, also multi-line ones', () => {
    const { replies } = readAll([
      Buffer.from('650-CONF_CHANGED\r\n650-MaxCircuitDirtiness=700\r\n650 OK\r\n250 OK\r\n'),
    ]);
    expect(replies.map((r) => r.status)).toEqual([650, 250]);
    expect(replies[0]?.lines[1]?.text).toBe('MaxCircuitDirtiness=700');
  });

  it('reads random valid streams the same whatever the chunking', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const model = Array.from({ length: 1 + Math.floor(r() * 6) }, () => randomReply(r));
      const bytes = serialize(model, r);
      const whole = readAll([bytes]);
      expect(whole.error, `seed ${seed}`).toBeUndefined();
      expect(normalize(whole.replies), `seed ${seed}`).toEqual(normalize(model));
      expect(readAll(randomSplit(bytes, r)).replies, `seed ${seed}`).toEqual(whole.replies);
      // byte by byte, including inside multi-byte UTF-8 characters
      expect(readAll([...bytes].map((b) => Buffer.from([b]))).replies, `seed ${seed}`).toEqual(whole.replies);
    }
  });

  it('reads a stream split at every byte position the same as unsplit', () => {
    const r = rng(42);
    const model = Array.from({ length: 8 }, () => randomReply(r));
    const bytes = serialize(model, r);
    const whole = readAll([bytes]).replies;
    for (let i = 0; i <= bytes.length; i++) {
      expect(readAll([bytes.subarray(0, i), bytes.subarray(i)]).replies, `split at ${i}`).toEqual(whole);
    }
  });

  it('never throws or hangs on random bytes, and stays failed after an error', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed);
      const n = Math.floor(r() * 400);
      const bytes = Buffer.alloc(n);
      for (let i = 0; i < n; i++) {
        // bias towards protocol-looking bytes so the parser goes deep
        const pick = r();
        bytes[i] = pick < 0.3 ? '0123456789'.charCodeAt(Math.floor(r() * 10)) : pick < 0.5 ? ' -+.\r\n'.charCodeAt(Math.floor(r() * 6)) : Math.floor(r() * 256);
      }
      const reader = new ReplyReader({ maxReplyBytes: 256 });
      const started = Date.now();
      let firstError: TorProtocolError | undefined;
      for (const chunk of randomSplit(bytes, r)) {
        const res = reader.push(chunk);
        if (firstError) expect(res).toEqual({ replies: [], error: firstError });
        else if (res.error) firstError = res.error;
      }
      expect(Date.now() - started).toBeLessThan(1000);
      if (firstError) expect(firstError).toBeInstanceOf(TorProtocolError);
    }
  });

  it('refuses a line without status, a NUL, mixed statuses and an oversized reply', () => {
    expect(readAll([Buffer.from('HTTP/1.0 400 Bad Request\r\n')]).error?.problem).toBe('bad-line');
    expect(readAll([Buffer.from('250\r\n')]).error?.problem).toBe('bad-line');
    expect(readAll([Buffer.from('250 O\0K\r\n')]).error?.problem).toBe('bad-bytes');
    expect(readAll([Buffer.from('250-a\r\n650 EVENT\r\n')]).error?.problem).toBe('mixed-status');
    const reader = new ReplyReader({ maxReplyBytes: 1000 });
    const res = reader.push(Buffer.from(`250-${'x'.repeat(2000)}`));
    expect(res.error?.problem).toBe('too-long');
  });

  it('caps an endless line without a newline at the default 1 MiB', () => {
    const reader = new ReplyReader();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let error: TorProtocolError | undefined;
    for (let i = 0; i < 20 && !error; i++) error = reader.push(chunk).error;
    expect(error?.problem).toBe('too-long');
  });

  it('delivers the replies before a fault together with the error', () => {
    const res = new ReplyReader().push(Buffer.from('250 OK\r\ngarbage\r\n250 OK\r\n'));
    expect(res.replies).toHaveLength(1);
    expect(res.error?.problem).toBe('bad-line');
  });

  it('knows when it holds half a reply', () => {
    const reader = new ReplyReader();
    reader.push(Buffer.from('250-version=1\r\n250 O'));
    expect(reader.midReply).toBe(true);
    reader.push(Buffer.from('K\r\n'));
    expect(reader.midReply).toBe(false);
  });
});

describe('ReplyReader behind onion-grater', () => {
  it("skips the stock profile's bare XXXredactedXXX event lines between replies", () => {
    const reader = new ReplyReader();
    const res = reader.push(Buffer.from('250 OK\r\nXXXredactedXXX\r\n650 HS_DESC UPLOADED abc UNKNOWN redacted\r\n250 OK\r\n'));
    expect(res.error).toBeUndefined();
    expect(res.replies.map((r) => r.status)).toEqual([250, 650, 250]);
    expect(reader.ignoredLines).toBe(1);
    // Inside a reply it is still a violation.
    expect(new ReplyReader().push(Buffer.from('250-a\r\nXXXredactedXXX\r\n')).error?.problem).toBe('bad-line');
  });
});
