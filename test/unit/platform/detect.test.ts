// Whonix / Qubes / Tails detection from marker files under a fake root (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { detectPlatform, describePlatform, WHONIX_MARKERS, QUBES_MARKER, TAILS_MARKER } from '../../../electron/core/platform';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function fakeRoot(markers: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'oniondrop-root-'));
  roots.push(root);
  for (const m of markers) {
    mkdirSync(dirname(join(root, m)), { recursive: true });
    writeFileSync(join(root, m), '');
  }
  return root;
}

const { whonix, gateway, workstation } = WHONIX_MARKERS;

describe('detectPlatform', () => {
  // Every combination of the three Whonix markers.
  const cases: Array<[string[], ReturnType<typeof detectPlatform>['whonix'], string]> = [
    [[], null, 'not Whonix'],
    [[whonix], 'whonix', 'Whonix'],
    [[gateway], 'gateway', 'Whonix-Gateway'],
    [[workstation], 'workstation', 'Whonix-Workstation'],
    [[whonix, gateway], 'gateway', 'Whonix-Gateway'],
    [[whonix, workstation], 'workstation', 'Whonix-Workstation'],
    [[gateway, workstation], 'workstation', 'Whonix-Workstation'],
    [[whonix, gateway, workstation], 'workstation', 'Whonix-Workstation'],
  ];
  for (const [markers, role, label] of cases) {
    it(`markers [${markers.join(', ') || 'none'}] -> ${label}`, () => {
      const p = detectPlatform(fakeRoot(markers));
      expect(p.whonix).toBe(role);
      expect(p.markers.sort()).toEqual([...markers].sort());
      expect(describePlatform(p)).toBe(label);
    });
  }

  it('detects Qubes-Whonix and Tails', () => {
    const q = detectPlatform(fakeRoot([QUBES_MARKER, whonix, workstation]));
    expect(q.qubes).toBe(true);
    expect(describePlatform(q)).toBe('Whonix-Workstation (Qubes)');
    const t = detectPlatform(fakeRoot([TAILS_MARKER]));
    expect(t.tails).toBe(true);
    expect(t.whonix).toBeNull();
    expect(describePlatform(t)).toBe('Tails');
  });

  it('a marker that is a folder still counts (existence is the contract)', () => {
    const root = fakeRoot([]);
    mkdirSync(join(root, workstation), { recursive: true });
    expect(detectPlatform(root).whonix).toBe('workstation');
  });
});
