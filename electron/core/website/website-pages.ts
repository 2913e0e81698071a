// The pages website mode writes itself: folder listings and errors (plain Node).
// They use share mode's layout and carry share mode's strict page CSP, not
// the site's policy (which need not allow their one inline stylesheet).
import type { CatalogDirectory } from '../share/catalog';
import type { CatalogIndex } from '../share/catalog-index';
import { formatBytes } from '../share/format';
import { messagePage, sharePage, type Page } from '../share/pages';
import { urlPathFor } from '../share/request-path';

export function listingPage(index: CatalogIndex, folder: CatalogDirectory | null, siteTitle: string): Page {
  const rel = folder?.relPath ?? '';
  const parts = rel === '' ? [] : rel.slice(0, -1).split('/');
  const crumbs: { label: string; href: string | null }[] = [];
  if (parts.length > 0) {
    crumbs.push({ label: siteTitle, href: '/' });
    parts.forEach((label, i) => {
      const last = i === parts.length - 1;
      crumbs.push({ label, href: last ? null : urlPathFor('', `${parts.slice(0, i + 1).join('/')}/`) });
    });
  }
  const children = index.children(rel);
  const files = children.filter((e) => e.kind === 'file').length;
  const folders = children.length - files;
  const count = `${files} ${files === 1 ? 'file' : 'files'}${folders ? `, ${folders} ${folders === 1 ? 'folder' : 'folders'}` : ''}`;
  return sharePage({
    title: folder ? `${folder.name} – ${siteTitle}` : siteTitle,
    heading: folder?.name ?? siteTitle,
    summary: `${count}, ${formatBytes(index.folderBytes(rel))}`,
    download: null,
    notice: null,
    crumbs,
    rows: children.map((e) => ({
      name: e.name,
      kind: e.kind,
      size: e.kind === 'file' ? e.size : index.folderBytes(e.relPath),
      href: urlPathFor('', e.relPath),
    })),
  });
}

export const websitePages = {
  badRequest: (): Page => messagePage(400, 'Bad request', 'This address is not valid. Check the link you were given.'),
  notFound: (): Page => messagePage(404, 'Not found', 'There is no page at this address.'),
  methodNotAllowed: (): Page => messagePage(405, 'Not allowed', 'This website can only be viewed.'),
  misdirected: (): Page => messagePage(421, 'Wrong address', 'This server only answers requests for its own onion address.'),
  notAccepting: (): Page => messagePage(503, 'This website is closing', 'The website is no longer being shared.'),
  unreadable: (): Page => messagePage(500, 'This file cannot be read', 'The sharing computer could not read this file.'),
  rangeNotSatisfiable: (): Page =>
    messagePage(416, 'Range not satisfiable', 'The part of the file asked for does not exist.'),
  serverError: (): Page => messagePage(500, 'Something went wrong', 'The sharing computer could not answer this request.'),
};
