// A share's list of transfers: each ends once, with the count its final event carries (plain Node).
import { describe, expect, it } from 'vitest';
import type { Transfer } from '../../../electron/contract';
import { TransferBook } from '../../../electron/core/transfers';

function book(): { b: TransferBook; changes: Transfer[] } {
  const changes: Transfer[] = [];
  let now = 0;
  const b = new TransferBook(() => (now += 100), (t) => changes.push(t));
  return { b, changes };
}

describe('TransferBook', () => {
  it('takes the true count from the final event, not the last progress', () => {
    const { b } = book();
    b.apply({ type: 'transfer-started', id: 'd', direction: 'download', name: 'f', total: 1000, bytes: 0 });
    b.apply({ type: 'transfer-cancelled', id: 'd', problem: null, bytes: 420 });
    expect(b.list()[0]).toMatchObject({ state: 'cancelled', bytes: 420, complete: false });
  });

  it('ends a transfer once: later events for it change nothing and are not reported', () => {
    const { b, changes } = book();
    b.apply({ type: 'transfer-started', id: 'd', direction: 'download', name: 'f', total: 1000, bytes: 0 });
    b.apply({ type: 'transfer-cancelled', id: 'd', problem: null, bytes: 500 });
    b.apply({ type: 'transfer-progress', id: 'd', bytes: 300, total: 1000 });
    b.apply({ type: 'transfer-cancelled', id: 'd', problem: null, bytes: 600 });
    b.cancelRunning();
    expect(changes.filter((t) => t.state !== 'running')).toEqual([expect.objectContaining({ state: 'cancelled', bytes: 500 })]);
  });

  it('complete only when the final event says so; a finished piece is not', () => {
    const { b } = book();
    b.apply({ type: 'transfer-started', id: 'piece', direction: 'download', name: 'f', total: 1000, bytes: 600 });
    b.apply({ type: 'transfer-finished', id: 'piece', complete: false, wholeShare: true, bytes: 1000 });
    b.apply({ type: 'transfer-started', id: 'whole', direction: 'download', name: 'f', total: 1000, bytes: 0 });
    b.apply({ type: 'transfer-finished', id: 'whole', complete: true, wholeShare: true, bytes: 1000 });
    expect(b.list().map((t) => [t.id, t.state, t.complete, t.bytes])).toEqual([
      ['piece', 'finished', false, 1000],
      ['whole', 'finished', true, 1000],
    ]);
  });

  it('settled() resolves when the last running transfer ends', async () => {
    const { b } = book();
    b.apply({ type: 'transfer-started', id: 'u', direction: 'upload', name: 'x', total: null, bytes: 0 });
    let done = false;
    const settled = b.settled(60_000).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    b.apply({ type: 'transfer-finished', id: 'u', complete: true, wholeShare: false, bytes: 10 });
    await settled;
    expect(done).toBe(true);
  });
});
