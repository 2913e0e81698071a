// Text size steps for Ctrl+, Ctrl- and Ctrl+0 (renderer): the browser's own zoom levels,
// within the 50-300 % that the ui.zoom setting accepts.
export const ZOOM_STEPS = [50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300] as const;
export const ZOOM_DEFAULT = 100;

export function zoomIn(current: number): number {
  return ZOOM_STEPS.find((z) => z > current) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
}

export function zoomOut(current: number): number {
  return [...ZOOM_STEPS].reverse().find((z) => z < current) ?? ZOOM_STEPS[0];
}

export type ZoomKey = 'in' | 'out' | 'reset';

/** Ctrl (or Cmd) with +, =, - or 0, on the main keys or the keypad; null for anything else. */
export function zoomKeyOf(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey'>): ZoomKey | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.key === '+' || e.key === '=' || e.code === 'NumpadAdd') return 'in';
  if (e.key === '-' || e.key === '_' || e.code === 'NumpadSubtract') return 'out';
  if (e.key === '0' || e.code === 'Numpad0') return 'reset';
  return null;
}
