// Receive pages: a working form without script, and names that cannot become markup (plain Node).
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECEIVE_LIMITS } from '../../../electron/core/receive/receive-server';
import { receivedPage, rejectedPage, uploadPage } from '../../../electron/core/receive/pages';
import { limitRejection, UploadRejected } from '../../../electron/core/receive/rejection';
import { renderPage, type Page } from '../../../electron/core/http/page';
import { translatorFor } from '../../../i18n/messages';

const limits = { ...DEFAULT_RECEIVE_LIMITS, maxFileSize: 100_000_000, maxMessageLength: 500 };
const english = translatorFor('en');
const render = (page: Page, base = ''): string => renderPage(page, { tr: english, base });

describe('upload page', () => {
  it('is a multipart form that posts to /upload, with no script', () => {
    const text = render(uploadPage({ title: null, limits, accepting: true }));
    expect(text).toMatch(/<form method="post" action="\/upload" enctype="multipart\/form-data">/);
    expect(text).toMatch(/<input id="file" type="file" name="file" multiple>/);
    expect(text).toMatch(/<textarea id="text" name="text"[^>]* maxlength="500">/);
    expect(text).toContain('up to 100 MB per file');
    expect(text).not.toMatch(/<script|\son\w+=/i);
  });

  it('leaves out what is disabled', () => {
    const filesOnly = render(uploadPage({ title: null, limits: { ...limits, disableText: true }, accepting: true }));
    expect(filesOnly).not.toContain('<textarea');
    const textOnly = render(uploadPage({ title: null, limits: { ...limits, disableFiles: true }, accepting: true }));
    expect(textOnly).not.toContain('type="file"');
    expect(textOnly).toContain('<h1>Send a message</h1>');
  });

  it('posts and links under the path the mode is mounted at', () => {
    const text = render(uploadPage({ title: null, limits, accepting: true }), '/receive');
    expect(text).toContain('action="/receive/upload"');
    expect(render(receivedPage([], { name: 'message.txt', characters: 3 }), '/receive')).toContain('href="/receive/"');
  });

  it('escapes the title', () => {
    const text = render(uploadPage({ title: '<img src=x onerror=alert(1)>', limits, accepting: true }));
    expect(text).not.toContain('<img');
    expect(text).toContain('&#60;img');
  });
});

describe('result pages', () => {
  it('list what was received, names escaped', () => {
    const text = render(receivedPage([{ name: '<script>alert(1)</script>.txt', size: 5 }], { name: 'message.txt', characters: 3 }));
    expect(text).not.toContain('<script>');
    expect(text).toContain('&#60;script&#62;');
    expect(text).toContain('Your message (3 characters) was received.');
    expect(text).toContain('href="/"');
  });

  it('say why, with the status the server sends', () => {
    const page = rejectedPage(413, limitRejection('file-size', 1_000_000, '"><b>x'), [], null);
    expect(page.status).toBe(413);
    const text = render(page);
    expect(text).toContain('File too large');
    expect(text).toContain('1.0 MB');
    expect(text).not.toContain('"><b>');
  });

  it('mention what was kept before a rejection', () => {
    const page = rejectedPage(413, limitRejection('total-size', 2048, 'second.bin'), [{ name: 'first.bin', size: 1000 }], null);
    const text = render(page);
    expect(text).toContain('first.bin');
    expect(text).toContain('were kept');
  });

  it('have words for every reason', () => {
    const reasons: ConstructorParameters<typeof UploadRejected>[0][] = [
      { kind: 'malformed', detail: 'content-type' },
      { kind: 'malformed', detail: 'multipart' },
      { kind: 'too-many-parts', limit: 3 },
      { kind: 'not-accepting' },
      { kind: 'cross-site' },
      { kind: 'nothing-sent' },
      { kind: 'write-failed', code: 'EIO' },
      { kind: 'limit', which: 'free-space', limit: 1 },
      { kind: 'limit', which: 'message-length', limit: 10 },
      { kind: 'limit', which: 'files-disabled', limit: 0 },
      { kind: 'limit', which: 'text-disabled', limit: 0 },
    ];
    const headings = reasons.map((r) => /<h1>(.*)<\/h1>/.exec(render(rejectedPage(400, new UploadRejected(r), [], null)))?.[1]);
    expect(headings.every((h) => h && h !== 'Upload refused')).toBe(true);
  });
});
