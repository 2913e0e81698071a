// Which modes one share's address carries, and where each lives on it
// (neutral: the main process builds the server from it, the window and the
// CLI tell the person sharing what the address offers).
import type { ShareMode, ShareOptions } from '../../contract';

/** Where a mode lives on an address that carries several ('/share' serves '/share/...'). */
export const MODE_PREFIX: Readonly<Record<ShareMode, string>> = {
  share: '/share',
  receive: '/receive',
  website: '/website',
  chat: '/chat',
};

/**
 * The modes a tab's address carries, the tab's own first. One mode lives at
 * the root; several live under their MODE_PREFIX with a landing page at '/'
 * that links them. A website is always alone: under a prefix its own
 * absolute links ("/style.css") would point outside it.
 */
export function addressModes(mode: ShareMode, options: Pick<ShareOptions, 'alsoReceive'>): ShareMode[] {
  if (mode === 'share' && options.alsoReceive) return ['share', 'receive'];
  return [mode];
}

/** A mode's own start page on an address that carries several: "http://x.onion/receive/". */
export function modeUrl(address: string, mode: ShareMode): string {
  return `${address.replace(/\/+$/, '')}${MODE_PREFIX[mode]}/`;
}
