// Writing a page response, HEAD-aware (plain Node).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { messagePage, renderPage, type Page } from './pages';

export function sendPage(req: IncomingMessage, res: ServerResponse, page: Page, headers: OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(renderPage(page), 'utf8');
  res.statusCode = page.status;
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

/** The pages for the usual refusals, worded for the person at the other end. */
export const pages = {
  badRequest: (): Page =>
    messagePage(400, 'Bad request', 'This address is not valid. Check the link you were given.'),
  notFound: (): Page =>
    messagePage(404, 'Not found', 'Nothing is shared at this address. Check the link you were given.'),
  methodNotAllowed: (): Page =>
    messagePage(405, 'Not allowed', 'This share only lets you view and download files.'),
  misdirected: (): Page =>
    messagePage(421, 'Wrong address', 'This server only answers requests for its own onion address.'),
  changed: (name: string): Page =>
    messagePage(
      410,
      'This file changed after it was shared',
      `“${name}” was modified, moved or deleted on the sharing computer after the share started, so it is no longer offered. Ask the person sharing it to share it again.`,
    ),
  unreadable: (name: string): Page =>
    messagePage(500, 'This file cannot be read', `The sharing computer could not read “${name}”. Ask the person sharing it to check the file.`),
  inProgress: (): Page =>
    messagePage(
      503,
      'A download is in progress',
      'This share allows one download, and someone is downloading it right now. If their download fails, it becomes available again: try again in a minute.',
    ),
  notAccepting: (): Page =>
    messagePage(503, 'This share is closing', 'The share no longer accepts new downloads.'),
  finished: (): Page =>
    messagePage(410, 'This share has ended', 'The files were downloaded and the share was set to stop after the first download.'),
  rangeNotSatisfiable: (): Page =>
    messagePage(416, 'Range not satisfiable', 'The part of the file asked for does not exist. Start the download again from the beginning.'),
  serverError: (): Page =>
    messagePage(500, 'Something went wrong', 'The sharing computer could not answer this request.'),
};
