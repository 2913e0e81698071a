// Content types of a website's files (plain Node).
import { describe, expect, it } from 'vitest';
import { contentTypeOf, UNKNOWN_TYPE } from '../../../electron/core/website/content-types';
import { noneMatchHits } from '../../../electron/core/website/site-file';

describe('contentTypeOf', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['mod.mjs', 'text/javascript; charset=utf-8'],
    ['APP.JS', 'text/javascript; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['a.png', 'image/png'],
    ['a.jpg', 'image/jpeg'],
    ['a.jpeg', 'image/jpeg'],
    ['a.webp', 'image/webp'],
    ['font.woff2', 'font/woff2'],
    ['data.json', 'application/json'],
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['mod.wasm', 'application/wasm'],
  ])('%s -> %s', (name, type) => {
    expect(contentTypeOf(name)).toBe(type);
  });

  it('anything else is octet-stream', () => {
    for (const name of ['Makefile', 'a.exe', 'a.', 'archive.tar.xz', '.htaccess', 'x.phtml']) expect(contentTypeOf(name)).toBe(UNKNOWN_TYPE);
  });
});

describe('noneMatchHits', () => {
  const tag = '"abc"';
  it('matches the tag, a list with it, weak forms and *', () => {
    expect(noneMatchHits('"abc"', tag)).toBe(true);
    expect(noneMatchHits('"x", "abc"', tag)).toBe(true);
    expect(noneMatchHits('W/"abc"', tag)).toBe(true);
    expect(noneMatchHits('*', tag)).toBe(true);
  });
  it('does not match others or nothing', () => {
    expect(noneMatchHits(undefined, tag)).toBe(false);
    expect(noneMatchHits('"abd"', tag)).toBe(false);
    expect(noneMatchHits('abc', tag)).toBe(false);
  });
});
