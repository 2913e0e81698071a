// The quit flow (plain Node): asked first while transfers run, Cancel keeps
// everything, the shares are stopped before the app exits, and the app can
// always quit in the end.
import { describe, expect, it } from 'vitest';
import { quitFlow, type QuitDeps } from '../../../electron/quit-flow';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A machine whose answers the test gives one by one; `timeline` says what happened in order. */
function harness(transfers: boolean) {
  const timeline: string[] = [];
  const questions: Array<Deferred<boolean>> = [];
  const shutdowns: Array<Deferred<void>> = [];
  const deps: QuitDeps = {
    hasActiveTransfers: () => transfers,
    confirm: () => {
      timeline.push('asked');
      const d = deferred<boolean>();
      questions.push(d);
      return d.promise;
    },
    shutdown: () => {
      timeline.push('shutdown started');
      const d = deferred<void>();
      shutdowns.push(d);
      return d.promise.then(() => void timeline.push('shutdown done'));
    },
    // Electron's app.quit() emits before-quit at once: the flow must let that one through.
    exit: () => void timeline.push(flow.request() ? 'exit' : 'exit, but held back'),
    log: (line) => void timeline.push(`log: ${line}`),
  };
  const flow = quitFlow(deps);
  return { flow, timeline, questions, shutdowns };
}

describe('quitting', () => {
  it('with nothing running: no question; the shares are stopped, then the app exits, then the quit goes through', async () => {
    const { flow, timeline, shutdowns } = harness(false);
    expect(flow.request()).toBe(false);
    await settle();
    expect(timeline).toEqual(['shutdown started']);
    shutdowns[0]?.resolve();
    await settle();
    expect(timeline).toEqual(['shutdown started', 'shutdown done', 'exit']);
    expect(flow.request()).toBe(true);
  });

  it('with transfers running: asks first, and Cancel stops nothing and keeps the app', async () => {
    const { flow, timeline, questions, shutdowns } = harness(true);
    expect(flow.request()).toBe(false);
    await settle();
    expect(timeline).toEqual(['asked']);
    questions[0]?.resolve(false);
    await settle();
    expect(timeline).toEqual(['asked']);
    expect(shutdowns).toHaveLength(0);
    // Asked again next time, and this time the user quits.
    expect(flow.request()).toBe(false);
    await settle();
    questions[1]?.resolve(true);
    await settle();
    shutdowns[0]?.resolve();
    await settle();
    expect(timeline).toEqual(['asked', 'asked', 'shutdown started', 'shutdown done', 'exit']);
  });

  it('a second quit while the question is open asks nothing more; one while stopping starts nothing more', async () => {
    const { flow, timeline, questions, shutdowns } = harness(true);
    flow.request();
    expect(flow.request()).toBe(false);
    await settle();
    expect(questions).toHaveLength(1);
    questions[0]?.resolve(true);
    await settle();
    expect(flow.request()).toBe(false);
    await settle();
    expect(shutdowns).toHaveLength(1);
    shutdowns[0]?.resolve();
    await settle();
    expect(timeline.filter((t) => t === 'exit')).toHaveLength(1);
  });

  it('a dialog that fails counts as Cancel', async () => {
    const { flow, timeline, questions } = harness(true);
    flow.request();
    await settle();
    questions[0]?.reject(new Error('no display'));
    await settle();
    expect(timeline).toEqual(['asked']);
    expect(flow.request()).toBe(false);
  });

  it('a shutdown that fails is logged and the app still exits (it would otherwise never quit)', async () => {
    const { flow, timeline, shutdowns } = harness(false);
    flow.request();
    await settle();
    shutdowns[0]?.reject(new Error('control connection lost'));
    await settle();
    expect(timeline).toEqual(['shutdown started', 'log: shutdown failed, quitting anyway: control connection lost', 'exit']);
    expect(flow.request()).toBe(true);
  });
});
