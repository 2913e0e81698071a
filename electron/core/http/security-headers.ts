// Headers every response carries, pages, downloads and errors alike (plain Node).
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { STYLE_HASH } from './page';

export interface CspOptions {
  /** Where forms may post ('none' unless a mode takes uploads). */
  formAction?: string;
}

/** No scripts, no frames, no plugins; only our own inline stylesheet. */
export function pageCsp(options: CspOptions = {}): string {
  return [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    `form-action ${options.formAction ?? "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function securityHeaders(csp: string = pageCsp()): OutgoingHttpHeaders {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // Nothing a share serves should outlive the visit in a cache.
    'Cache-Control': 'no-store',
  };
}

/**
 * Apply to a response before anything else touches it. Also drops Date: the
 * server's clock is a fingerprint an onion service need not hand out (Whonix
 * goes to lengths to hide it), and no client we serve needs it.
 */
export function applySecurityHeaders(res: ServerResponse, csp?: string): void {
  res.sendDate = false;
  for (const [name, value] of csp === undefined ? DEFAULT_HEADERS : Object.entries(securityHeaders(csp))) {
    if (value !== undefined) res.setHeader(name, value);
  }
}

// Every request gets these: built once, not per response.
const DEFAULT_HEADERS = Object.entries(securityHeaders());

/** The same headers as raw lines, for answers written straight to a socket. */
export function securityHeaderLines(csp?: string): string {
  return Object.entries(securityHeaders(csp))
    .map(([name, value]) => `${name}: ${String(value)}\r\n`)
    .join('');
}
