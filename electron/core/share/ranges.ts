// Byte ranges: the Range and If-Range request headers, decided for one representation (plain Node).
// Only a single range is served; several ranges get 416 (multipart/byteranges
// is not worth its attack surface, and download clients never ask for it). A
// syntactically bad Range header is ignored and the whole body sent, as RFC
// 9110 section 14.2 allows.

/** Inclusive on both ends, as in Content-Range. */
export interface ByteRange {
  start: number;
  end: number;
}

export type FullReason = 'no-range' | 'malformed' | 'other-unit' | 'if-range-mismatch' | 'not-get';

export type RangeDecision =
  | { kind: 'full'; why: FullReason }
  | { kind: 'partial'; range: ByteRange }
  | { kind: 'unsatisfiable'; why: 'out-of-range' | 'multiple' };

interface Spec {
  first: number | null;
  last: number | null;
  suffix: number | null;
}

/** Decide what a Range header asks of a representation of `size` bytes. */
export function parseRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'full', why: 'no-range' };
  const value = header.trim();
  const eq = value.indexOf('=');
  if (eq < 0) return { kind: 'full', why: 'malformed' };
  if (value.slice(0, eq).toLowerCase() !== 'bytes') return { kind: 'full', why: 'other-unit' };
  // Lists may carry empty elements ("0-1, ,"), which recipients must accept.
  const parts = value
    .slice(eq + 1)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { kind: 'full', why: 'malformed' };
  const specs: Spec[] = [];
  for (const part of parts) {
    const spec = parseSpec(part);
    if (spec === null) return { kind: 'full', why: 'malformed' };
    specs.push(spec);
  }
  if (specs.length > 1) return { kind: 'unsatisfiable', why: 'multiple' };
  const range = resolveSpec(specs[0] as Spec, size);
  return range ? { kind: 'partial', range } : { kind: 'unsatisfiable', why: 'out-of-range' };
}

function parseSpec(part: string): Spec | null {
  const m = /^(\d*)-(\d*)$/.exec(part);
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') return { first: null, last: null, suffix: digits(b) };
  const first = digits(a);
  const last = b === '' ? null : digits(b);
  if (last !== null && last < first) return null;
  return { first, last, suffix: null };
}

/** A decimal number; beyond 2^53 it only matters that it is huge. */
function digits(s: string): number {
  return s.length > 15 ? Infinity : Number(s);
}

function resolveSpec(spec: Spec, size: number): ByteRange | null {
  if (size === 0) return null;
  if (spec.suffix !== null) {
    if (spec.suffix === 0) return null;
    return { start: Math.max(0, size - spec.suffix), end: size - 1 };
  }
  const first = spec.first as number;
  if (first >= size) return null;
  return { start: first, end: Math.min(spec.last ?? size - 1, size - 1) };
}

export interface Validators {
  /** Strong ETag with quotes, e.g. "abc". */
  etag: string | null;
  /** Milliseconds; HTTP dates have whole seconds. */
  lastModifiedMs: number | null;
}

// IMF-fixdate, the only format senders may generate (and the one we send).
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * True when If-Range names the current representation (RFC 9110 section 13.1.5):
 * a strong, identical ETag, or exactly the Last-Modified date. Anything else
 * (weak tags, other formats) means "send it all", the safe answer.
 */
export function ifRangeMatches(ifRange: string, v: Validators): boolean {
  const value = ifRange.trim();
  if (value.startsWith('W/')) return false;
  if (value.startsWith('"')) return v.etag !== null && !v.etag.startsWith('W/') && value === v.etag;
  if (v.lastModifiedMs === null || !IMF_FIXDATE.test(value)) return false;
  return Date.parse(value) === Math.floor(v.lastModifiedMs / 1000) * 1000;
}

export interface RangeRequest {
  method: string;
  range: string | undefined;
  ifRange: string | undefined;
}

/** The whole decision for a request: method, Range, If-Range. */
export function decideRange(req: RangeRequest, size: number, v: Validators): RangeDecision {
  if (req.range === undefined) return { kind: 'full', why: 'no-range' };
  // Range is defined for GET only (RFC 9110 section 14.2); HEAD describes the whole body.
  if (req.method !== 'GET') return { kind: 'full', why: 'not-get' };
  if (req.ifRange !== undefined && !ifRangeMatches(req.ifRange, v)) return { kind: 'full', why: 'if-range-mismatch' };
  return parseRange(req.range, size);
}

/** `bytes 0-99/1000`, or `bytes *\/1000` for a 416. */
export function contentRange(range: ByteRange | null, size: number): string {
  return range ? `bytes ${range.start}-${range.end}/${size}` : `bytes */${size}`;
}
