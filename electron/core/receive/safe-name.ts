// Turning a name a visitor sent into a safe file name, and numbering duplicates (plain Node, pure).
//
// A visitor controls the name completely. The result must be one plain
// segment on any file system the receive folder may sit on (ext4, but also a
// FAT/NTFS USB stick, or a folder later copied to Windows), must not hide
// what the file is (right-to-left override: "invoice\u202Efdp.exe" shows as
// "invoiceexe.pdf"), and must not be mistaken for an option ("-rf") or hidden
// (".bashrc") by the person who later handles it in a terminal.

/** Longest name Linux (and NTFS, in UTF-16 units, more loosely) accepts: 255 bytes of UTF-8. */
export const MAX_NAME_BYTES = 255;

/** What an empty or fully stripped name becomes. */
export const UNNAMED = 'unnamed';

// Extensions longer than this are not treated as one (e.g. "a.<300 letters>"):
// keeping them would leave no room for the stem.
const MAX_EXTENSION_BYTES = 32;

/** Characters removed outright: C0, DEL, C1, and the invisible direction and format controls. */
function invisible(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c || // Arabic letter mark
    code === 0x200e || // LRM
    code === 0x200f || // RLM
    (code >= 0x202a && code <= 0x202e) || // LRE RLE PDF LRO RLO
    (code >= 0x2066 && code <= 0x2069) || // LRI RLI FSI PDI
    code === 0xfeff // BOM / zero-width no-break space
  );
}

/** Characters Windows refuses in names; replaced so the name stays readable. */
const WINDOWS_FORBIDDEN = new Set(['<', '>', ':', '"', '/', '\\', '|', '?', '*']);

// Device names Windows reserves whatever the extension ("NUL.txt" is NUL too),
// including the superscript-digit ports it also treats as devices.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of `text` that fits `maxBytes` of UTF-8, cut between code points. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const size = utf8Length(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += ch;
  }
  return out;
}

/** Split "report.final.pdf" into ["report.final", ".pdf"]; no extension when there is no stem or it is too long. */
export function splitExtension(name: string): [stem: string, ext: string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return [name, ''];
  const ext = name.slice(dot);
  if (utf8Length(ext) > MAX_EXTENSION_BYTES) return [name, ''];
  return [name.slice(0, dot), ext];
}

/** A lone surrogate cannot be written as UTF-8 (Node would write U+FFFD anyway); make that visible. */
function fixSurrogates(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function stripCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (invisible(code)) continue;
    out += WINDOWS_FORBIDDEN.has(ch) ? '_' : ch;
  }
  return out;
}

/** Leading dots, dashes and white space; trailing dots and white space (Windows drops those silently). */
function trimEnds(text: string): string {
  return text.replace(/^[\s.-]+/u, '').replace(/[\s.]+$/u, '');
}

function avoidReserved(name: string): string {
  const stem = name.split('.')[0] ?? '';
  return RESERVED.test(stem.trimEnd()) ? `_${name}` : name;
}

/** `stem + ext` within `maxBytes`, shortening the stem (never the extension when it fits). */
function fit(stem: string, ext: string, maxBytes: number): string {
  if (utf8Length(ext) >= maxBytes) return truncateUtf8(stem + ext, maxBytes);
  return truncateUtf8(stem, maxBytes - utf8Length(ext)) + ext;
}

/** What the file an upload is written to ends with until the upload is complete. */
export const PART_SUFFIX = '.part';

/**
 * The file name to save an upload under. Never empty, never a path, at most
 * MAX_NAME_BYTES of UTF-8, NFC, the extension kept when it is cut. A name
 * ending in ".part" becomes "…_part": in a receive folder, a .part file
 * always means an upload that did not finish (see start-check.ts).
 */
export function safeFileName(raw: string): string {
  const base = raw.slice(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
  let name = trimEnds(stripCharacters(fixSurrogates(base).normalize('NFC')));
  name = avoidReserved(name);
  if (utf8Length(name) > MAX_NAME_BYTES) {
    const [stem, ext] = splitExtension(name);
    // Normalising again after the cut keeps the result NFC; it never grows a string.
    name = trimEnds(fit(stem, ext, MAX_NAME_BYTES).normalize('NFC'));
  }
  if (name.toLowerCase().endsWith(PART_SUFFIX)) name = `${name.slice(0, -PART_SUFFIX.length)}_part`;
  return name === '' ? UNNAMED : name;
}

/** "report.pdf" with n = 2 -> "report (2).pdf", still within MAX_NAME_BYTES. */
export function numberedName(name: string, n: number): string {
  const [stem, ext] = splitExtension(name);
  const suffix = ` (${n})`;
  return fit(stem, suffix + ext, MAX_NAME_BYTES);
}

/** The name of the file an upload is written to until it is complete: "<name>.part", fitted. */
export function partFileName(name: string): string {
  const [stem, ext] = splitExtension(name);
  return fit(stem, `${ext}${PART_SUFFIX}`, MAX_NAME_BYTES);
}
