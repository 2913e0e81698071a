// Bootstrap lines from GETINFO and STATUS_CLIENT, including onion-grater's rewrite and tor's warnings.
import { describe, expect, it } from 'vitest';
import { parseBootstrap } from '../../../electron/core/tor/bootstrap';

describe('parseBootstrap', () => {
  it("reads onion-grater's rewritten phase", () => {
    expect(parseBootstrap('NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"')).toEqual({
      progress: 100,
      tag: 'done',
      summary: 'Done',
      severity: 'NOTICE',
    });
  });

  it("reads tor's warning with its reason", () => {
    const s = parseBootstrap(
      'WARN BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting to a relay" WARNING="Connection refused" REASON=CONNECTREFUSED COUNT=3 RECOMMENDATION=warn HOSTID="0000" HOSTADDR="127.0.0.1:1"',
    );
    expect(s).toMatchObject({ progress: 5, tag: 'conn', severity: 'WARN', warning: 'Connection refused', reason: 'CONNECTREFUSED', recommendation: 'warn' });
  });

  it('ignores other status events and unreadable progress', () => {
    expect(parseBootstrap('NOTICE CIRCUIT_ESTABLISHED')).toBeUndefined();
    expect(parseBootstrap('NOTICE BOOTSTRAP PROGRESS=redacted TAG=x')).toBeUndefined();
    expect(parseBootstrap('NOTICE BOOTSTRAP PROGRESS=101')).toBeUndefined();
    expect(parseBootstrap('XXXredactedXXX')).toBeUndefined();
    expect(parseBootstrap('NOTICE BOOTSTRAP SUMMARY="unterminated')).toBeUndefined();
  });
});
