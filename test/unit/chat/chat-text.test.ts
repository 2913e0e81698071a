// The chat room's rules for text, names and pace, without sockets (plain Node):
// which characters are refused, which names count as the same, the token
// bucket's arithmetic on an injected clock, and the room's bounded memory.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAT_LIMITS, checkName, hasForbiddenCharacter, messageRefusal, nameKey, Room, terminalSafe } from '../../../electron/core/chat';
import { ADJECTIVES, NOUNS, randomTwoWordName } from '../../../electron/core/chat/name-words';
import { TokenBucket } from '../../../electron/core/chat/token-bucket';

describe('characters', () => {
  it('refuses control, direction-override, isolate and separator characters and lone surrogates; keeps ordinary text of every script', () => {
    for (const bad of ['\u0000', '\u0007', '\n', '\r', '\t', '\u001b', '\u007f', '\u0085', '\u009b', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u206a', '\u2028', '\u2029', '\ufffb', '\ud800', '\udfff', `a${'\u0301'.repeat(9)}`]) {
      expect(hasForbiddenCharacter(`x${bad}y`), JSON.stringify(bad)).toBe(true);
    }
    for (const good of ['hello', 'مرحبا', 'שלום', 'こんにちは', '👩‍👩‍👧 family', 'Tiếng Việt', 'ب\u200cب (ZWNJ in Persian)', 'a\u200fb (RLM)', '<b>&amp;</b>']) {
      expect(hasForbiddenCharacter(good), good).toBe(false);
    }
  });

  it('messages: trimmed, NFC, not empty, within the length in characters', () => {
    expect(messageRefusal('   ', 10)).toEqual({ reason: 'empty' });
    expect(messageRefusal('x'.repeat(11), 10)).toEqual({ reason: 'too-long', max: 10 });
    expect(messageRefusal('😀'.repeat(10), 10)).toBeNull();
    // "é" as e + combining accent composes to one character.
    expect(messageRefusal('e\u0301'.repeat(10), 10)).toBeNull();
    expect(messageRefusal('evil \u202e', 10)).toEqual({ reason: 'characters' });
  });

  it('terminal output never carries a control or format character', () => {
    expect(terminalSafe('a\u001b[2Jb\u202ec\nd')).toBe('a\\u{1b}[2Jb\\u{202e}c\\u{a}d');
  });
});

describe('names', () => {
  it('names that look alike share a key: case, spaces, punctuation, accents, full-width forms, Cyrillic and Greek look-alikes, digits for letters', () => {
    const key = nameKey('Alice');
    for (const same of ['alice', 'ALICE', 'A l i c e', 'A.lice', 'Álice', 'Ａｌｉｃｅ', 'Аlice' /* Cyrillic А */, 'Alіce' /* Cyrillic і */, 'A1ice', 'Ai1ce'.replace('i1', 'li')]) {
      expect(nameKey(same), same).toBe(key);
    }
    expect(nameKey('rn')).toBe(nameKey('m'));
    expect(nameKey('Bob')).not.toBe(key);
  });

  it('a name: NFC, trimmed, spaces folded, within the length, a letter or digit, nothing invisible', () => {
    expect(checkName('  Quiet   Otter ', 32)).toEqual({ ok: true, name: 'Quiet Otter' });
    expect(checkName('x'.repeat(33), 32)).toEqual({ ok: false, refusal: { reason: 'too-long', max: 32 } });
    for (const bad of ['---', 'Eve\u200b', 'Eve\u00a0Doe', 'Eve\u2800', '\u3164', 'Bob\u200d', `Zal${'\u0301'.repeat(3)}go`]) {
      expect(checkName(bad, 32).ok, JSON.stringify(bad)).toBe(false);
    }
    expect(checkName('Zoë', 32)).toEqual({ ok: true, name: 'Zoë' });
  });

  it('random names are two words from the lists, drawn from the given source', () => {
    expect(randomTwoWordName(() => 0)).toBe(`${ADJECTIVES[0]} ${NOUNS[0]}`);
    expect(randomTwoWordName()).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    // The lists have no look-alike pair, so a name is only ever taken by the same words.
    expect(new Set(ADJECTIVES.map(nameKey)).size).toBe(ADJECTIVES.length);
    expect(new Set(NOUNS.map(nameKey)).size).toBe(NOUNS.length);
  });
});

describe('token bucket', () => {
  it('a burst, then one every refill period; a refusal says how long to wait and costs nothing', () => {
    let now = 1000;
    const bucket = new TokenBucket({ burst: 3, refillMs: 1000 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()].every((t) => t.ok)).toBe(true);
    now += 400;
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 600 });
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 600 });
    now += 600;
    expect(bucket.take()).toEqual({ ok: true });
    expect(bucket.take().ok).toBe(false);
    // A long rest refills to the burst, never beyond.
    now += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()].map((t) => t.ok)).toEqual([true, true, true, false]);
  });
});

describe('the room', () => {
  it('keeps at most historySize entries, numbered in one sequence; visitors beyond the cap are told the room is full', () => {
    const room = new Room({ hostName: 'Dana', history: true, limits: { ...DEFAULT_CHAT_LIMITS, historySize: 5, maxVisitors: 2 } });
    const a = room.join();
    const b = room.join();
    expect(room.join()).toBeNull();
    for (let i = 0; i < 10; i++) room.say(room.host, `line ${i}`);
    expect(room.counts()).toEqual({ visitors: 2, entries: 5, listeners: 0 });
    expect(room.visibleTo(room.host).map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
    if (a && b) {
      room.leave(a, 'left');
      room.leave(a, 'left');
      expect(room.counts().visitors).toBe(1);
      expect(room.lastSeq).toBe(13);
    }
  });

  it('the host is never rate-limited; a visitor is, alone', () => {
    const room = new Room({ hostName: null, history: false, limits: { ...DEFAULT_CHAT_LIMITS, burst: 2, refillMs: 60_000 } });
    expect(room.host.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    const flooder = room.join();
    const other = room.join();
    if (!flooder || !other) throw new Error('no seat');
    expect([room.say(flooder, 'a'), room.say(flooder, 'b'), room.say(flooder, 'c')].map((r) => r.ok)).toEqual([true, true, false]);
    expect(room.say(other, 'hi').ok).toBe(true);
    for (let i = 0; i < 50; i++) expect(room.say(room.host, `host ${i}`).ok).toBe(true);
  });
});
