// The pages website mode writes itself: folder listings and errors (plain Node).
// They use share mode's listing and the front door's layout, and carry the
// strict page CSP, not the site's policy (which need not allow their one
// inline stylesheet).
import type { CatalogDirectory } from '../share/catalog';
import type { CatalogIndex } from '../share/catalog-index';
import { bytesIn, messagePage, type Page } from '../http/page';
import { sharePage } from '../share/pages';
import { urlPathFor } from '../share/request-path';

/** A folder without index.html; `siteTitle` null: the default title in the visitor's words. */
export function listingPage(index: CatalogIndex, folder: CatalogDirectory | null, siteTitle: string | null): Page {
  return sharePage(({ tr, base }) => {
    const title = siteTitle ?? tr.t('pages.website.defaultTitle');
    const rel = folder?.relPath ?? '';
    const parts = rel === '' ? [] : rel.slice(0, -1).split('/');
    const crumbs: { label: string; href: string | null }[] = [];
    if (parts.length > 0) {
      crumbs.push({ label: title, href: `${base}/` });
      parts.forEach((label, i) => {
        const last = i === parts.length - 1;
        crumbs.push({ label, href: last ? null : urlPathFor(base, `${parts.slice(0, i + 1).join('/')}/`) });
      });
    }
    const children = index.children(rel);
    const files = children.filter((e) => e.kind === 'file').length;
    const folders = children.length - files;
    const size = bytesIn(tr, index.folderBytes(rel));
    const fileCount = tr.t('pages.fileCount', { count: files });
    return {
      title: folder ? tr.t('pages.website.folderTitle', { folder: folder.name, title }) : title,
      heading: folder?.name ?? title,
      summary: folders
        ? tr.t('pages.website.summaryWithFolders', { files: fileCount, folders: tr.t('pages.folderCount', { count: folders }), size })
        : tr.t('pages.website.summary', { files: fileCount, size }),
      download: null,
      notice: null,
      crumbs,
      rows: children.map((e) => ({
        name: e.name,
        kind: e.kind,
        size: e.kind === 'file' ? e.size : index.folderBytes(e.relPath),
        href: urlPathFor(base, e.relPath),
      })),
    };
  });
}

export const websitePages = {
  badRequest: (): Page => messagePage(400, 'website.badRequest', 'website'),
  notFound: (): Page => messagePage(404, 'website.notFound', 'website'),
  methodNotAllowed: (): Page => messagePage(405, 'website.methodNotAllowed', 'website'),
  notAccepting: (): Page => messagePage(503, 'website.notAccepting', 'website'),
  unreadable: (): Page => messagePage(500, 'website.unreadable', 'website'),
  rangeNotSatisfiable: (): Page => messagePage(416, 'website.rangeNotSatisfiable', 'website'),
};
