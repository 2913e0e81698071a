// Copying a value to the clipboard, with the state a Copy button shows (renderer).
// When the clipboard is refused (permissions), the value's element is
// selected instead, so Ctrl+C still works.
import { useEffect, useState, type RefObject } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

export function useCopy(value: string, shown: RefObject<HTMLElement | null>): [CopyState, () => Promise<void>] {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state !== 'copied') return undefined;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      const el = shown.current;
      const selection = window.getSelection();
      if (el && selection) {
        const range = document.createRange();
        range.selectNodeContents(el);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setState('failed');
    }
  };
  return [state, copy];
}
