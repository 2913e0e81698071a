// When a download counts as complete, and what the tracker reports (plain Node).
import { describe, expect, it } from 'vitest';
import { DownloadTracker, type DownloadPlan } from '../../../electron/core/share/downloads';
import type { ShareServerEvent } from '../../../electron/core/share/events';
import { IntervalSet } from '../../../electron/core/share/interval-set';
import { oneDownloadPolicy, type AdmissionContext } from '../../../electron/core/share/admission';

function setup() {
  const events: ShareServerEvent[] = [];
  let now = 0;
  const tracker = new DownloadTracker({ emit: (e) => events.push(e), progressIntervalMs: 250, now: () => now });
  const plan = (range: [number, number] | null, total: number | null = 1000): DownloadPlan => ({
    what: 'archive',
    name: 'a.zip',
    relPath: null,
    wholeShare: true,
    key: '"k"',
    total,
    range: range ? { start: range[0], end: range[1] } : null,
  });
  const finished = () => events.filter((e) => e.type === 'download-finished').map((e) => (e.type === 'download-finished' ? e.complete : null));
  return { tracker, events, plan, finished, tick: (ms: number) => (now += ms) };
}

describe('completion rule', () => {
  it('a whole response that finishes is complete; a cancelled one is not', () => {
    const { tracker, plan, finished, events } = setup();
    const a = tracker.begin(plan(null));
    a.sent(400);
    a.cancel('client-gone');
    expect(events.at(-1)).toMatchObject({ type: 'download-cancelled', reason: 'client-gone', sent: 400 });
    const b = tracker.begin(plan(null));
    b.sent(1000);
    b.finish();
    expect(finished()).toEqual([true]);
    expect(tracker.completedWholeShare).toBe(1);
  });

  it('a download cut at 60 % and resumed from there is complete when the rest arrives', () => {
    const { tracker, plan, finished } = setup();
    const first = tracker.begin(plan(null));
    first.sent(600);
    first.cancel('client-gone');
    const resumed = tracker.begin(plan([600, 999]));
    resumed.sent(400);
    resumed.finish();
    expect(finished()).toEqual([true]);
  });

  it('a lone range that reaches the end is not complete', () => {
    const { tracker, plan, finished } = setup();
    const tail = tracker.begin(plan([600, 999]));
    tail.sent(400);
    tail.finish();
    const head = tracker.begin(plan([0, 99]));
    head.sent(100);
    head.finish();
    expect(finished()).toEqual([false, false]);
    expect(tracker.completedWholeShare).toBe(0);
  });

  it('parallel segments count once the last gap closes, whichever finishes last', () => {
    const { tracker, plan, finished } = setup();
    const s2 = tracker.begin(plan([500, 999]));
    const s1 = tracker.begin(plan([0, 499]));
    s2.sent(500);
    s2.finish();
    s1.sent(500);
    s1.finish();
    expect(finished()).toEqual([false, true]);
  });

  it('a range that reaches the end does not complete because another visitor fetched the start earlier', () => {
    const { tracker, plan, finished } = setup();
    // Someone's lone tail, then someone else's head: two partial visitors, no whole download.
    const tail = tracker.begin(plan([600, 999]));
    tail.sent(400);
    tail.finish();
    const head = tracker.begin(plan([0, 599]));
    head.sent(600);
    head.finish();
    expect(finished()).toEqual([false, false]);
  });

  it('a resume joins the deliveries that reached its start, not another visitor\'s', () => {
    const { tracker, plan, finished } = setup();
    const short = tracker.begin(plan(null));
    short.sent(100);
    short.cancel('client-gone');
    const long = tracker.begin(plan(null));
    long.sent(700);
    long.cancel('client-gone');
    // From 700: only the second visitor holds [0, 700).
    const resumed = tracker.begin(plan([700, 999]));
    resumed.sent(300);
    resumed.finish();
    expect(finished()).toEqual([true]);
    // The first visitor's 100 bytes are still its own: a resume from 100 does not count as whole yet.
    const other = tracker.begin(plan([100, 599]));
    other.sent(500);
    other.finish();
    expect(finished()).toEqual([true, false]);
  });

  it('a cancel reports the bytes sent so far, even before any progress event', () => {
    const { tracker, plan, events } = setup();
    const d = tracker.begin(plan([200, 999]));
    d.sent(37);
    d.cancel('server-closed');
    expect(events.filter((e) => e.type === 'download-progress')).toHaveLength(0);
    expect(events.at(-1)).toEqual({ type: 'download-cancelled', id: d.id, reason: 'server-closed', sent: 37, bytes: 237 });
  });

  it('after a complete download the count starts over', () => {
    const { tracker, plan, finished } = setup();
    const a = tracker.begin(plan(null));
    a.sent(1000);
    a.finish();
    const b = tracker.begin(plan([0, 9]));
    b.sent(10);
    b.finish();
    expect(finished()).toEqual([true, false]);
  });

  it('a compressed archive (size unknown) completes only as one whole response', () => {
    const { tracker, plan, finished } = setup();
    const a = tracker.begin(plan(null, null));
    a.sent(123);
    a.finish();
    expect(finished()).toEqual([true]);
  });

  it('an empty file completes when its response finishes', () => {
    const { tracker, plan, finished } = setup();
    tracker.begin(plan(null, 0)).finish();
    expect(finished()).toEqual([true]);
  });
});

describe('events', () => {
  it('started carries the range; progress is throttled and reports the position in the whole', () => {
    const { tracker, plan, events, tick } = setup();
    const d = tracker.begin(plan([600, 999]));
    expect(events[0]).toMatchObject({ type: 'download-started', id: d.id, rangeStart: 600, rangeEnd: 999, total: 1000, wholeShare: true });
    d.sent(10);
    d.sent(10);
    expect(events.filter((e) => e.type === 'download-progress')).toHaveLength(0);
    tick(300);
    d.sent(10);
    expect(events.at(-1)).toEqual({ type: 'download-progress', id: d.id, bytes: 630, sent: 30, total: 1000 });
    d.sent(370);
    d.finish();
    d.cancel('client-gone');
    const tail = events.slice(-2);
    expect(tail[0]).toMatchObject({ type: 'download-progress', bytes: 1000, sent: 400 });
    expect(tail[1]).toMatchObject({ type: 'download-finished', id: d.id, sent: 400, bytes: 1000 });
    expect(tracker.active()).toBe(0);
  });
});

describe('IntervalSet', () => {
  it('merges touching and overlapping intervals', () => {
    const s = new IntervalSet();
    s.add(10, 20);
    s.add(30, 40);
    expect(s.covers(10, 40)).toBe(false);
    s.add(20, 30);
    expect(s.intervals).toEqual([{ start: 10, end: 40 }]);
    s.add(0, 5);
    s.add(3, 12);
    expect(s.covers(0, 40)).toBe(true);
    s.add(50, 50);
    expect(s.intervals).toHaveLength(1);
  });
});

describe('oneDownloadPolicy', () => {
  const ctx = (over: Partial<AdmissionContext>): AdmissionContext => ({
    what: 'archive',
    wholeShare: true,
    range: null,
    active: 0,
    activeWholeShare: 0,
    completedWholeShare: 0,
    ...over,
  });
  it('admits one at a time and none after a complete download', () => {
    expect(oneDownloadPolicy(ctx({}))).toEqual({ admit: true });
    expect(oneDownloadPolicy(ctx({ active: 1, activeWholeShare: 1 }))).toEqual({ admit: false, reason: 'in-progress', retryAfterSeconds: 60 });
    expect(oneDownloadPolicy(ctx({ completedWholeShare: 1 }))).toEqual({ admit: false, reason: 'share-finished' });
  });
});
