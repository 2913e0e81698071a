// What the recipient pastes, and how bytes are split between lanes (plain Node, pure).
import { describe, expect, it } from 'vitest';
import { parseClientKey, parseShareAddress } from '../../../electron/core/get/address';
import { Intervals } from '../../../electron/core/get/intervals';
import { Scheduler } from '../../../electron/core/get/scheduler';
import { generateClientAuthKeys, generateOnionKey } from '../../../electron/core/tor/onion-keys';

const { serviceId } = generateOnionKey();
const other = generateOnionKey().serviceId;

describe('parseShareAddress', () => {
  it.each([
    `http://${serviceId}.onion`,
    `http://${serviceId}.onion/`,
    `HTTP://${serviceId.toUpperCase()}.ONION/download/photos.zip`,
    `${serviceId}.onion`,
    `Address: http://${serviceId}.onion`,
    `  http://${serviceId}.onion:80/files/a%20b.txt?x#y  `,
    `http://www.${serviceId}.onion/`,
  ])('accepts %j', (text) => {
    expect(parseShareAddress(text)).toEqual({ ok: true, value: { serviceId, host: `${serviceId}.onion` } });
  });

  it.each([
    'https://example.com/',
    `https://${serviceId}.onion/`,
    `ftp://${serviceId}.onion/`,
    `http://${serviceId}.onion:8080/`,
    `http://user@${serviceId}.onion/`,
    `http://${serviceId.slice(0, -1)}a.onion/`,
    'http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion.example.com/',
    '',
  ])('refuses %j as not an onion address', (text) => {
    expect(parseShareAddress(text)).toMatchObject({ ok: false, problem: { kind: 'get-address' } });
  });

  it('repeats a wrong input back without control characters and not at any length', () => {
    const result = parseShareAddress(`\u001b[2J${'x'.repeat(500)}`);
    expect(result.ok).toBe(false);
    const input = !result.ok && result.problem.kind === 'get-address' ? result.problem.input : '';
    expect(input).not.toContain('\u001b');
    expect(input.length).toBeLessThanOrEqual(120);
  });
});

describe('parseClientKey', () => {
  const key = generateClientAuthKeys().privateKey;

  it.each([key, key.toLowerCase(), `Private key: ${key}`, `${serviceId}:descriptor:x25519:${key}`, `  ${key}\n`])('accepts %j', (text) => {
    expect(parseClientKey(text, serviceId)).toEqual({ ok: true, value: key });
  });

  it('refuses a key that is not one, and one of another onion', () => {
    expect(parseClientKey('not a key', serviceId)).toEqual({ ok: false, problem: { kind: 'get-client-key', reason: 'malformed' } });
    expect(parseClientKey(`${key}A`, serviceId)).toMatchObject({ ok: false, problem: { reason: 'malformed' } });
    expect(parseClientKey(`${other}:descriptor:x25519:${key}`, serviceId)).toEqual({ ok: false, problem: { kind: 'get-client-key', reason: 'other-onion' } });
  });
});

describe('Intervals', () => {
  it('merges what touches or overlaps and knows what is missing', () => {
    const iv = new Intervals([[10, 20]]);
    iv.add(30, 40);
    iv.add(20, 25);
    iv.add(0, 5);
    iv.add(35, 50);
    expect(iv.toJSON()).toEqual([[0, 5], [10, 25], [30, 50]]);
    expect(iv.covered).toBe(40);
    expect(iv.gaps(60)).toEqual([[5, 10], [25, 30], [50, 60]]);
    iv.add(0, 60);
    expect(iv.complete(60)).toBe(true);
    expect(iv.gaps(60)).toEqual([]);
  });
});

describe('Scheduler', () => {
  const MiB = 1024 * 1024;

  it('splits one large file between the lanes, and queues small files whole, in order', () => {
    const s = new Scheduler([{ size: 8 * MiB, done: [] }, { size: 1000, done: [] }, { size: 0, done: [] }], { streams: 4, minPiece: MiB });
    const taken = [0, 1, 2, 3, 4].map((lane) => s.take(lane));
    expect(taken.map((a) => a && [a.target, a.start, a.end])).toEqual([
      [0, 0, 2 * MiB],
      [0, 2 * MiB, 4 * MiB],
      [0, 4 * MiB, 6 * MiB],
      [0, 6 * MiB, 8 * MiB],
      [1, 0, 1000],
    ]);
    expect(s.complete(2)).toBe(true);
  });

  it('asks only for what is missing after a restart', () => {
    const s = new Scheduler([{ size: 10 * MiB, done: [[0, 3 * MiB], [5 * MiB, 10 * MiB]] }], { streams: 1, minSteal: 4 * MiB });
    const a = s.take(0);
    expect(a && [a.start, a.end]).toEqual([3 * MiB, 5 * MiB]);
    expect(s.take(1)).toBeNull();
  });

  it('lets an idle lane take the second half of the largest range in progress, and the first lane stops there', () => {
    const s = new Scheduler([{ size: 4 * MiB, done: [] }], { streams: 1, minPiece: 4 * MiB, minSteal: 512 * 1024 });
    const slow = s.take(0)!;
    s.wrote(slow, MiB);
    const thief = s.take(1)!;
    expect([thief.start, thief.end]).toEqual([2.5 * MiB, 4 * MiB]);
    expect(slow.end).toBe(2.5 * MiB);
  });

  it('never hands a thief bytes the victim is writing right now', () => {
    const s = new Scheduler([{ size: 4 * MiB, done: [] }], { streams: 1, minPiece: 4 * MiB, minSteal: 512 * 1024 });
    const victim = s.take(0)!;
    victim.inflight = MiB;
    const thief = s.take(1)!;
    expect(thief.start).toBe(2.5 * MiB);
  });

  it('does not steal a range too small to be worth a new request', () => {
    const s = new Scheduler([{ size: 900 * 1024, done: [] }], { streams: 1, minSteal: 512 * 1024 });
    s.take(0);
    expect(s.take(1)).toBeNull();
  });

  it('puts back what a failed lane did not write, at the front', () => {
    const s = new Scheduler([{ size: 3 * MiB, done: [] }, { size: 10, done: [] }], { streams: 1, minPiece: 3 * MiB });
    const a = s.take(0)!;
    s.wrote(a, MiB);
    s.release(a);
    const again = s.take(0)!;
    expect([again.target, again.start, again.end]).toEqual([0, MiB, 3 * MiB]);
    s.wrote(again, 2 * MiB);
    s.release(again);
    expect(s.complete(0)).toBe(true);
    expect(s.coveredOf(0)).toBe(3 * MiB);
  });

  it('fetches a file of unknown size whole, and starts it over after a failure', () => {
    const s = new Scheduler([{ size: null, done: [] }], { streams: 4 });
    const a = s.take(0)!;
    expect(a.end).toBe(Infinity);
    expect(s.take(1)).toBeNull();
    s.wrote(a, 5000);
    s.release(a);
    const again = s.take(0)!;
    expect(again.start).toBe(0);
    s.wrote(again, 7000);
    s.release(again, 7000);
    expect(s.complete(0)).toBe(true);
    expect(s.sizeOf(0)).toBe(7000);
  });
});
