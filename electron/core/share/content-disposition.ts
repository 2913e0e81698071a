// Content-Disposition for downloads, with a UTF-8 name and an ASCII fallback (plain Node).
// RFC 6266 with RFC 8187 (ex 5987) `filename*`: modern browsers use the UTF-8
// form; the plain `filename` is for old clients and must be plain ASCII with
// no quote, backslash or percent sign (some clients would decode it).

/** `attachment; filename="ascii"; filename*=UTF-8''encoded` */
export function contentDisposition(filename: string): string {
  return `attachment; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeRfc8187(filename)}`;
}

/** A readable ASCII stand-in: accents dropped, anything else unsafe becomes '_'. */
export function asciiFallback(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return /[^_. ]/.test(ascii) ? ascii : 'download';
}

/** Percent-encode everything but RFC 8187 attr-chars. */
export function encodeRfc8187(value: string): string {
  const wellFormed = value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return encodeURIComponent(wellFormed).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
