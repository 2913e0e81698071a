// What can be decided about an upload from its head alone, before the body is read (plain Node).
import type { IncomingHttpHeaders } from 'node:http';

/**
 * True when a browser says the POST comes from a page of another site: a web
 * page the visitor (or the sharer, for a local listener) has open could
 * otherwise make the browser post files into the receive folder. Fetch
 * metadata (Sec-Fetch-Site) answers directly; without it, an Origin that is
 * not ours does. `Origin: null` cannot be told apart from our own form (our
 * pages are no-referrer, which makes browsers send null), so it passes, as do
 * clients that send neither header (curl).
 */
export function isCrossSite(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  const host = headers.host;
  return host === undefined || origin.toLowerCase() !== `http://${host.toLowerCase()}`;
}

/** The declared body length, or null when the body is chunked (or the header is unusable). */
export function declaredLength(headers: IncomingHttpHeaders): number | null {
  const value = headers['content-length'];
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

/**
 * Multipart framing around the files: boundaries and part headers (a few
 * hundred bytes a part) and the message. A body longer than the total-size
 * limit plus this cannot fit the limit, and is refused before it is read.
 */
export function framingAllowance(maxFiles: number, maxMessageLength: number): number {
  return 64 * 1024 + maxFiles * 1024 + maxMessageLength * 4;
}
