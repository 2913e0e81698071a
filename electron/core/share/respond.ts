// The pages share mode answers refusals with, worded for the person at the other end (plain Node).
import { messagePage, quoted, type Page } from '../http/page';

export { sendPage } from '../http/page';

export const pages = {
  badRequest: (): Page => messagePage(400, 'share.badRequest', 'share'),
  notFound: (): Page => messagePage(404, 'share.notFound', 'share'),
  methodNotAllowed: (): Page => messagePage(405, 'share.methodNotAllowed', 'share'),
  changed: (name: string | null): Page => named(410, 'share.changed', name),
  unreadable: (name: string | null): Page => named(500, 'share.unreadable', name),
  inProgress: (): Page => messagePage(503, 'share.inProgress', 'share'),
  notAccepting: (): Page => messagePage(503, 'share.notAccepting', 'share'),
  finished: (): Page => messagePage(410, 'share.finished', 'share'),
  rangeNotSatisfiable: (): Page => messagePage(416, 'share.rangeNotSatisfiable', 'share'),
};

/** The file named in the visitor's quotation marks, or "a shared file" when the share cannot say which. */
function named(status: number, key: 'share.changed' | 'share.unreadable', name: string | null): Page {
  return {
    status,
    render: (ctx) => {
      const shown = name === null ? ctx.tr.t('pages.share.someFile') : quoted(ctx.tr, name);
      return messagePage(status, key, 'share', { name: shown }).render(ctx);
    },
  };
}
