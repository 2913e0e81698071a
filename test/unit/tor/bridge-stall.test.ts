// When bootstrap through bridges counts as stuck (plain Node, fake clock):
// only after the bound without progress, once, with tor's bootstrap warning
// and the bridge's address when tor sent them, never at 100 %.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseBootstrap } from '../../../electron/core/tor/bootstrap';
import { BootstrapStallWatch } from '../../../electron/core/tor/bridges/stall';
import type { TorBridgeError } from '../../../electron/core/tor/errors';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function watch(logged: string | null = null): { w: BootstrapStallWatch; stalls: TorBridgeError[]; report: (event: string) => void } {
  const stalls: TorBridgeError[] = [];
  const w = new BootstrapStallWatch({ afterMs: 60_000, transport: 'obfs4', onStall: (e) => stalls.push(e), loggedWarning: () => logged });
  const report = (event: string): void => {
    const status = parseBootstrap(event);
    if (!status) throw new Error(`not a bootstrap event: ${event}`);
    w.report(status, event);
  };
  return { w, stalls, report };
}

describe('bootstrap stall watch', () => {
  it('progress restarts the clock; no progress for the bound is reported once, with tor\'s warning and the bridge', () => {
    const { stalls, report } = watch();
    report('NOTICE BOOTSTRAP PROGRESS=1 TAG=conn_pt SUMMARY="Connecting to pluggable transport"');
    vi.advanceTimersByTime(50_000);
    report('NOTICE BOOTSTRAP PROGRESS=10 TAG=conn_done SUMMARY="Connected to a relay"');
    vi.advanceTimersByTime(50_000);
    expect(stalls).toEqual([]);
    // A warning repeats the step; it is not progress.
    report('WARN BOOTSTRAP PROGRESS=10 TAG=conn_done SUMMARY="Connected to a relay" WARNING="Connection refused" REASON=CONNECTREFUSED COUNT=3 RECOMMENDATION=ignore HOSTID="$4352E58420E68F5E40BF7C74FADDCCD9D1349413" HOSTADDR="192.0.2.7:443"');
    vi.advanceTimersByTime(10_000);
    expect(stalls.map((e) => e.problem)).toEqual([
      { kind: 'stalled', transport: 'obfs4', progress: 10, summary: 'Connected to a relay', warning: 'Connection refused', host: '192.0.2.7:443', seconds: 60 },
    ]);
    vi.advanceTimersByTime(600_000);
    expect(stalls).toHaveLength(1);
  });

  it('without a bootstrap warning, tor\'s logged warning says what happened', () => {
    const { stalls, report } = watch('Proxy Client: unable to connect OR connection (handshaking (proxy)) with 192.0.2.7:443');
    report('NOTICE BOOTSTRAP PROGRESS=2 TAG=conn_done_pt SUMMARY="Connected to pluggable transport"');
    vi.advanceTimersByTime(60_000);
    expect(stalls[0]?.problem).toMatchObject({ progress: 2, warning: 'Proxy Client: unable to connect OR connection (handshaking (proxy)) with 192.0.2.7:443', host: null });
  });

  it('says nothing once tor is at 100 %, or after stop()', () => {
    const done = watch();
    done.report('NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"');
    const stopped = watch();
    stopped.w.stop();
    vi.advanceTimersByTime(600_000);
    expect([done.stalls, stopped.stalls]).toEqual([[], []]);
  });
});
