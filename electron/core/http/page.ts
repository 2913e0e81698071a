// The HTML pages visitors see, in every mode: layout, language, and sending one (plain Node).
// No JavaScript, no images, one inline stylesheet allowed by its hash in the
// CSP, so the pages look the same in Tor Browser at the Safest level.
//
// A Page is a description rendered when it is sent, in the words of the
// Translator of the mode that answers (or of the front door), with links
// under the path the mode is mounted at: a mode never needs to know either
// to say "not found".
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { formatBytes } from '../../../i18n/format-bytes';
import { translatorFor, type Translator } from '../../../i18n/messages';
import { html, SafeHtml } from './html';

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1f; --bg: #fbfbfd; --muted: #5c5c66; --line: #d8d8e0; --accent: #5b2a86; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececf1; --bg: #16161a; --muted: #a4a4b0; --line: #34343c; --accent: #c9a2f0; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
p { margin: .5rem 0; }
.muted { color: var(--muted); }
a { color: var(--accent); }
.button { display: inline-block; margin: 1rem 0; padding: .6rem 1.1rem; border: 2px solid var(--accent); border-radius: .4rem; font-weight: 600; text-decoration: none; }
.notice { padding: .75rem 1rem; border-inline-start: 4px solid var(--accent); background: color-mix(in srgb, var(--accent) 10%, transparent); }
table { width: 100%; border-collapse: collapse; margin-top: 1rem; }
th, td { text-align: start; padding: .4rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
td.size, th.size { text-align: end; white-space: nowrap; }
nav { margin-bottom: 1rem; overflow-wrap: anywhere; }
ul.modes { padding: 0; list-style: none; }
ul.modes li { margin: 1rem 0; }
footer { margin-top: 2rem; font-size: .85rem; color: var(--muted); }
code.hash { font-size: .8rem; word-break: break-all; }
`;

/** CSP source for the one stylesheet the pages carry inline. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** What a page is rendered with: the visitor's words, and where the answering mode lives. */
export interface PageContext {
  readonly tr: Translator;
  /** URL path the mode is mounted at: '' at the root, '/share' on a composed address. */
  readonly base: string;
  /** On an address that carries several modes: the others, linked from every page (no script needed). */
  readonly others?: readonly { href: string; label: string }[];
}

export interface PageContent {
  title: string;
  body: SafeHtml;
  /** More in <head>: a mode's own stylesheet, a refresh (chat's message list). */
  head?: SafeHtml;
  /** A document shown inside another page (an <iframe>): the body as is, no page frame or footer. */
  framed?: boolean;
}

export interface Page {
  readonly status: number;
  render(ctx: PageContext): PageContent;
}

/** Which link a refusal page offers back. */
export type BackTo = 'start' | 'share' | 'upload' | 'website';

/** Catalogue entries under `pages` that have a title and a text. */
export type MessageKey =
  | `door.${'badRequest' | 'misdirected' | 'notFound' | 'methodNotAllowed' | 'requestTimeout' | 'headersTooLarge' | 'serverError' | 'foreignOrigin'}`
  | `share.${'badRequest' | 'notFound' | 'methodNotAllowed' | 'changed' | 'unreadable' | 'inProgress' | 'notAccepting' | 'finished' | 'rangeNotSatisfiable'}`
  | `receive.${'badRequest' | 'notFound' | 'methodNotAllowed'}`
  | `website.${'badRequest' | 'notFound' | 'methodNotAllowed' | 'notAccepting' | 'unreadable' | 'rangeNotSatisfiable'}`
  | `chat.${'badRequest' | 'notFound' | 'methodNotAllowed' | 'crossSite' | 'tooLarge'}`;

/** A page that explains a refusal or an error in one or two plain sentences. */
export function messagePage(status: number, key: MessageKey, back: BackTo, vars: Record<string, string | number> = {}): Page {
  return {
    status,
    render: ({ tr, base }) => {
      const title = tr.t(`pages.${key}.title`);
      return { title, body: html`<h1>${title}</h1>\n<p>${tr.t(`pages.${key}.text`, vars)}</p>\n${homeLink(base, tr.t(`pages.back.${back}`))}` };
    },
  };
}

/** A link to the start page of the mode (`base` is where it is mounted). */
export function homeLink(base: string, label: string, className?: string): SafeHtml {
  return html`<p><a${className ? html` class="${className}"` : null} href="${base}/">${label}</a></p>`;
}

/** A byte count in the visitor's language. */
export function bytesIn(tr: Translator, bytes: number): string {
  return formatBytes(tr.t, tr.lang, bytes);
}

/** A name in the visitor's quotation marks. */
export function quoted(tr: Translator, name: string): string {
  return tr.t('pages.quoted', { name });
}

/** "Also on this address: Send files": the way from one mode's pages to the others'. */
function alsoHere({ tr, others }: PageContext): SafeHtml | null {
  if (!others?.length) return null;
  const links = others.map((o, i) => html`${i > 0 ? ' · ' : ''}<a href="${o.href}">${o.label}</a>`);
  return html`<nav class="also-here" aria-label="${tr.t('pages.landing.alsoHere')}">${tr.t('pages.landing.alsoHereLead')} ${links}</nav>
`;
}

export function renderPage(page: Page, ctx: PageContext): string {
  const { title, body, head, framed } = page.render(ctx);
  const content = framed ? body : html`<main>
${body}
${alsoHere(ctx)}<footer>${ctx.tr.t('pages.footer')}</footer>
</main>`;
  return html`<!doctype html>
<html lang="${ctx.tr.lang}" dir="${ctx.tr.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
${head}</head>
<body>
${content}
</body>
</html>
`.value;
}

const ENGLISH_AT_ROOT: PageContext = { tr: translatorFor('en'), base: '' };
const contexts = new WeakMap<ServerResponse, PageContext>();

/** Set by the front door on every response: the answering mode's (or its own) translator and mount path. */
export function setPageContext(res: ServerResponse, ctx: PageContext): void {
  contexts.set(res, ctx);
}

export function pageContextOf(res: ServerResponse): PageContext {
  return contexts.get(res) ?? ENGLISH_AT_ROOT;
}

/** Answer with a page, HEAD-aware. Nothing is written once the response has begun or the connection is gone. */
export function sendPage(req: IncomingMessage, res: ServerResponse, page: Page, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed || req.socket.destroyed) return;
  const body = Buffer.from(renderPage(page, pageContextOf(res)), 'utf8');
  res.statusCode = page.status;
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

/** A redirect with an empty body (every client we serve follows Location). */
export function redirect(req: IncomingMessage, res: ServerResponse, status: 303 | 308, location: string): void {
  if (res.headersSent || res.destroyed || req.socket.destroyed) return;
  res.statusCode = status;
  res.setHeader('Location', location);
  res.setHeader('Content-Length', 0);
  res.end();
}
