// The HTML pages a visitor sees: share page, folder listing, and every error (plain Node).
// No JavaScript, no images, one inline stylesheet allowed by its hash in the
// CSP, so the pages look the same in Tor Browser at the Safest level.
import { createHash } from 'node:crypto';
import { formatBytes } from './format';
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
.notice { padding: .75rem 1rem; border-left: 4px solid var(--accent); background: color-mix(in srgb, var(--accent) 10%, transparent); }
table { width: 100%; border-collapse: collapse; margin-top: 1rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
td.size, th.size { text-align: right; white-space: nowrap; }
nav { margin-bottom: 1rem; overflow-wrap: anywhere; }
footer { margin-top: 2rem; font-size: .85rem; color: var(--muted); }
`;

/** CSP source for the one stylesheet the pages carry inline. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export interface Page {
  status: number;
  title: string;
  body: SafeHtml;
}

function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
${body}
<footer>Shared with OnionDrop</footer>
</main>
</body>
</html>
`.value;
}

export function renderPage(page: Page): string {
  return layout(page.title, page.body);
}

export interface DownloadLink {
  href: string;
  label: string;
  /** null: not known in advance (a compressed archive). */
  size: number | null;
}

export interface ListingRow {
  name: string;
  kind: 'file' | 'directory';
  size: number;
  /** null: shown but not downloadable one by one. */
  href: string | null;
}

export interface SharePageModel {
  title: string;
  heading: string;
  summary: string;
  download: DownloadLink | null;
  /** Shown above the download, e.g. "a download is in progress". */
  notice: string | null;
  /** Breadcrumbs for a subfolder: [label, href] pairs, the last one current. */
  crumbs: { label: string; href: string | null }[];
  rows: ListingRow[] | null;
}

export function sharePage(m: SharePageModel): Page {
  const crumbs = m.crumbs.length
    ? html`<nav aria-label="Folders">${m.crumbs.map((c, i) =>
        html`${i > 0 ? ' / ' : ''}${c.href ? html`<a href="${c.href}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}`,
      )}</nav>`
    : null;
  const notice = m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : null;
  const download = m.download
    ? html`<p><a class="button" href="${m.download.href}" download>${m.download.label}</a>
<span class="muted">${m.download.size === null ? 'size known once compressed' : formatBytes(m.download.size)}</span></p>`
    : null;
  const rows = m.rows
    ? html`<table>
<thead><tr><th scope="col">Name</th><th scope="col" class="size">Size</th></tr></thead>
<tbody>${m.rows.map(
        (r) =>
          html`<tr><td>${r.href ? html`<a href="${r.href}">${r.name}${r.kind === 'directory' ? '/' : ''}</a>` : html`${r.name}${r.kind === 'directory' ? '/' : ''}`}</td><td class="size">${formatBytes(r.size)}</td></tr>
`,
      )}</tbody>
</table>`
    : null;
  const body = html`${crumbs}<h1>${m.heading}</h1>
<p class="muted">${m.summary}</p>
${notice}${download}${rows}`;
  return { status: 200, title: m.title, body };
}

/** A page that explains a refusal or an error in one or two plain sentences. */
export function messagePage(status: number, heading: string, message: string, title = heading): Page {
  return { status, title, body: html`<h1>${heading}</h1>\n<p>${message}</p>\n<p><a href="/">Back to the share</a></p>` };
}
