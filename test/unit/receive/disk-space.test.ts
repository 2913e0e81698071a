// The free-space floor between statfs checks (plain Node). The disk is scripted
// here because a real one cannot be made to shrink on cue; the integration
// tests run the same guard against a real tmpfs.
import { describe, expect, it } from 'vitest';
import { freeBytes, SpaceGuard } from '../../../electron/core/receive/disk-space';
import { UploadRejected } from '../../../electron/core/receive/rejection';

const MiB = 1024 * 1024;

function disk(free: number) {
  const state = { free, checks: 0 };
  const measure = async (): Promise<number> => {
    state.checks++;
    return state.free;
  };
  return { state, measure };
}

describe('SpaceGuard', () => {
  it('asks statfs before the first write, then about every MiB', async () => {
    const d = disk(100 * MiB);
    const guard = new SpaceGuard('/x', 10 * MiB, d.measure);
    for (let i = 0; i < 64; i++) await guard.reserve(64 * 1024);
    // 4 MiB written in 64 KiB chunks: the first check plus one per MiB.
    expect(d.state.checks).toBeGreaterThanOrEqual(4);
    expect(d.state.checks).toBeLessThanOrEqual(5);
  });

  it('refuses the write that would cross the floor, never after it', async () => {
    const d = disk(10 * MiB + 100 * 1024);
    const guard = new SpaceGuard('/x', 10 * MiB, d.measure);
    let written = 0;
    const refused = await (async () => {
      for (;;) {
        try {
          await guard.reserve(16 * 1024);
        } catch (err) {
          return err;
        }
        written += 16 * 1024;
        d.state.free -= 16 * 1024;
      }
    })();
    expect(refused).toBeInstanceOf(UploadRejected);
    expect((refused as UploadRejected).reason).toEqual({ kind: 'limit', which: 'free-space', limit: 10 * MiB });
    expect(d.state.free).toBeGreaterThanOrEqual(10 * MiB);
    expect(written).toBeLessThanOrEqual(100 * 1024);
  });

  it('sees space taken by someone else at the next check', async () => {
    const d = disk(50 * MiB);
    const guard = new SpaceGuard('/x', 10 * MiB, d.measure);
    await guard.reserve(1024);
    d.state.free = 10 * MiB; // another program filled the disk
    await expect(async () => {
      for (let i = 0; i < 2048; i++) await guard.reserve(1024);
    }).rejects.toBeInstanceOf(UploadRejected);
  });

  it('with a floor of 0 never asks', async () => {
    const d = disk(0);
    const guard = new SpaceGuard('/x', 0, d.measure);
    await guard.reserve(MiB);
    expect(d.state.checks).toBe(0);
  });

  it('freeBytes reads the real file system', async () => {
    const free = await freeBytes('/tmp');
    expect(free).toBeGreaterThan(0);
    expect(Number.isSafeInteger(free)).toBe(true);
  });
});
