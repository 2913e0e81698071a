// The share page and folder listings a visitor sees; website mode lists folders with it too (plain Node).
// Layout, language and sending are the front door's (core/http/page.ts).
import type { Translator } from '../../../i18n/messages';
import { html } from '../http/html';
import { bytesIn, type Page, type PageContext } from '../http/page';

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
  /** A file's SHA-256 once the sharer computed it, shown so a visitor can check with sha256sum. */
  sha256?: string | null;
}

export interface SharePageModel {
  title: string;
  heading: string;
  summary: string;
  download: DownloadLink | null;
  /** The SHA-256 of a single-file share's file, once known. */
  sha256?: string | null;
  /** Shown above the download, e.g. "a download is in progress". */
  notice: string | null;
  /** Breadcrumbs for a subfolder: [label, href] pairs, the last one current. */
  crumbs: { label: string; href: string | null }[];
  rows: ListingRow[] | null;
}

/** A page built from the model in the visitor's words; `model` gets the context to word its own parts. */
export function sharePage(model: (ctx: PageContext) => SharePageModel): Page {
  return {
    status: 200,
    render: (ctx) => {
      const m = model(ctx);
      return { title: m.title, body: shareBody(m, ctx.tr) };
    },
  };
}

function shareBody(m: SharePageModel, tr: Translator) {
  const crumbs = m.crumbs.length
    ? html`<nav aria-label="${tr.t('pages.share.folders')}">${m.crumbs.map((c, i) =>
        html`${i > 0 ? ' / ' : ''}${c.href ? html`<a href="${c.href}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}`,
      )}</nav>`
    : null;
  const notice = m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : null;
  const download = m.download
    ? html`<p><a class="button" href="${m.download.href}" download>${m.download.label}</a>
<span class="muted">${m.download.size === null ? tr.t('pages.share.sizeUnknown') : bytesIn(tr, m.download.size)}</span></p>`
    : null;
  const hash = m.sha256 ? html`<p class="muted">${hashLine(m.sha256, tr)}</p>` : null;
  const rows = m.rows
    ? html`<table>
<thead><tr><th scope="col">${tr.t('pages.share.name')}</th><th scope="col" class="size">${tr.t('pages.share.size')}</th></tr></thead>
<tbody>${m.rows.map(
        (r) =>
          html`<tr><td>${r.href ? html`<a href="${r.href}"><bdi>${r.name}${r.kind === 'directory' ? '/' : ''}</bdi></a>` : html`<bdi>${r.name}${r.kind === 'directory' ? '/' : ''}</bdi>`}${r.sha256 ? html`<br><span class="muted">${hashLine(r.sha256, tr)}</span>` : ''}</td><td class="size">${bytesIn(tr, r.size)}</td></tr>
`,
      )}</tbody>
</table>`
    : null;
  return html`${crumbs}<h1>${m.heading}</h1>
<p class="muted">${m.summary}</p>
${notice}${download}${hash}${rows}`;
}

/** "SHA-256: <hex>", the hex in a code span that wraps anywhere (64 characters do not fit a phone). */
function hashLine(sha256: string, tr: Translator) {
  return html`${tr.t('pages.share.sha256')} <code class="hash">${sha256}</code>`;
}
