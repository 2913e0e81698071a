// The receive pages a visitor sees: the upload form, what was received, why an upload was refused (plain Node).
// A plain HTML form: it works with JavaScript off (Tor Browser's Safest
// level), and the page carries no script at all. Layout, stylesheet and
// language are the front door's (core/http/page.ts), so the CSP hash of the
// one inline style holds; links stay under the path the mode is mounted at.
import type { Translator } from '../../../i18n/messages';
import { html, type SafeHtml } from '../http/html';
import { bytesIn, homeLink, messagePage, quoted, type Page } from '../http/page';
import type { RejectionReason, UploadRejected } from './rejection';
import { FILE_FIELD, MESSAGE_FIELD, type ReceiveLimits, type SavedFile, type SavedMessage } from './submission';

export const UPLOAD_PATH = '/upload';

export interface UploadPageModel {
  title: string | null;
  limits: ReceiveLimits;
  accepting: boolean;
}

function limitsLine(tr: Translator, limits: ReceiveLimits): string | null {
  const parts: string[] = [];
  if (!limits.disableFiles && limits.maxFileSize > 0) parts.push(tr.t('pages.receive.limitFile', { size: bytesIn(tr, limits.maxFileSize) }));
  if (!limits.disableFiles && limits.maxTotalSize > 0) parts.push(tr.t('pages.receive.limitTotal', { size: bytesIn(tr, limits.maxTotalSize) }));
  if (!limits.disableText) parts.push(tr.t('pages.receive.limitMessage', { count: limits.maxMessageLength }));
  if (parts.length === 0) return null;
  return tr.t('pages.receive.limits', { list: new Intl.ListFormat(tr.lang, { style: 'long', type: 'unit' }).format(parts) });
}

export function uploadPage(m: UploadPageModel): Page {
  return {
    status: 200,
    render: ({ tr, base }) => {
      const files = !m.limits.disableFiles;
      const text = !m.limits.disableText;
      const heading = m.title ?? tr.t(files ? 'pages.receive.titleFiles' : 'pages.receive.titleText');
      const intro = tr.t(files && text ? 'pages.receive.introBoth' : files ? 'pages.receive.introFiles' : 'pages.receive.introText');
      const limits = limitsLine(tr, m.limits);
      const notice = m.accepting ? null : html`<p class="notice" role="status">${tr.t('pages.receive.closed')}</p>`;
      const fileInput = files
        ? html`<p><label for="${FILE_FIELD}">${tr.t('pages.receive.files')}</label><br>
<input id="${FILE_FIELD}" type="file" name="${FILE_FIELD}" multiple></p>
`
        : null;
      const textInput = text
        ? html`<p><label for="${MESSAGE_FIELD}">${tr.t(files ? 'pages.receive.messageOptional' : 'pages.receive.message')}</label><br>
<textarea id="${MESSAGE_FIELD}" name="${MESSAGE_FIELD}" rows="6" cols="40" maxlength="${m.limits.maxMessageLength}"></textarea></p>
`
        : null;
      const body = html`<h1>${heading}</h1>
<p class="muted">${intro}</p>
${limits ? html`<p class="muted">${limits}</p>\n` : null}${notice}<form method="post" action="${base}${UPLOAD_PATH}" enctype="multipart/form-data">
${fileInput}${textInput}<p><button class="button" type="submit">${tr.t('pages.receive.send')}</button></p>
</form>`;
      return { title: heading, body };
    },
  };
}

function savedList(tr: Translator, files: readonly SavedFile[], message: SavedMessage | null): SafeHtml | null {
  if (files.length === 0 && message === null) return null;
  const rows = files.map((f) => html`<tr><td><bdi>${f.name}</bdi></td><td class="size">${bytesIn(tr, f.size)}</td></tr>\n`);
  const table = files.length
    ? html`<table>
<thead><tr><th scope="col">${tr.t('pages.receive.file')}</th><th scope="col" class="size">${tr.t('pages.receive.size')}</th></tr></thead>
<tbody>${rows}</tbody>
</table>
`
    : null;
  const note = message ? html`<p>${tr.t('pages.receive.messageReceived', { count: message.characters })}</p>\n` : null;
  return html`${table}${note}`;
}

export function receivedPage(files: readonly SavedFile[], message: SavedMessage | null): Page {
  return {
    status: 200,
    render: ({ tr, base }) => {
      const title = tr.t('pages.receive.sent');
      const what = files.length ? tr.t('pages.receive.receivedFiles', { count: files.length }) : tr.t('pages.receive.receivedMessage');
      const body = html`<h1>${title}</h1>
<p role="status">${what}</p>
${savedList(tr, files, message)}${homeLink(base, tr.t('pages.receive.sendMore'), 'button')}`;
      return { title, body };
    },
  };
}

/** Heading and sentence for each refusal, worded for the visitor. */
export function rejectionWords(tr: Translator, reason: RejectionReason, fileName: string | null): { heading: string; text: string } {
  // "named" when the refusal happened while a file was being received, "unnamed" otherwise.
  const either = (key: 'fileSize' | 'totalSize' | 'freeSpace' | 'writeFailed', vars: Record<string, string | number> = {}) => ({
    heading: tr.t(`pages.receive.${key}.title`),
    text: fileName === null ? tr.t(`pages.receive.${key}.unnamed`, vars) : tr.t(`pages.receive.${key}.named`, { ...vars, name: quoted(tr, fileName) }),
  });
  const plain = (key: 'filesDisabled' | 'textDisabled' | 'notUpload' | 'damaged' | 'notAccepting' | 'crossSite' | 'nothingSent') => ({
    heading: tr.t(`pages.receive.${key}.title`),
    text: tr.t(`pages.receive.${key}.text`),
  });
  switch (reason.kind) {
    case 'limit':
      switch (reason.which) {
        case 'file-size':
          return either('fileSize', { limit: bytesIn(tr, reason.limit) });
        case 'total-size':
          return either('totalSize', { limit: bytesIn(tr, reason.limit) });
        case 'free-space':
          return either('freeSpace');
        case 'message-length':
          return { heading: tr.t('pages.receive.messageLength.title'), text: tr.t('pages.receive.messageLength.text', { count: reason.limit }) };
        case 'files-disabled':
          return plain('filesDisabled');
        case 'text-disabled':
          return plain('textDisabled');
      }
      break;
    case 'malformed':
      return plain(reason.detail === 'content-type' ? 'notUpload' : 'damaged');
    case 'too-many-parts':
      return { heading: tr.t('pages.receive.tooManyParts.title'), text: tr.t('pages.receive.tooManyParts.text', { count: reason.limit }) };
    case 'not-accepting':
      return plain('notAccepting');
    case 'cross-site':
      return plain('crossSite');
    case 'nothing-sent':
      return plain('nothingSent');
    case 'write-failed':
      return either('writeFailed');
  }
  return plain('damaged');
}

export function rejectedPage(status: number, rejection: UploadRejected, files: readonly SavedFile[], message: SavedMessage | null): Page {
  return {
    status,
    render: ({ tr, base }) => {
      const { heading, text } = rejectionWords(tr, rejection.reason, rejection.fileName);
      const saved = savedList(tr, files, message);
      const body = html`<h1>${heading}</h1>
<p role="alert">${text}</p>
${saved ? html`<p>${tr.t('pages.receive.kept')}</p>\n${saved}` : null}${homeLink(base, tr.t('pages.back.upload'))}`;
      return { title: heading, body };
    },
  };
}

/** The few other answers, in receive mode's words. */
export const receivePages = {
  badRequest: (): Page => messagePage(400, 'receive.badRequest', 'upload'),
  notFound: (): Page => messagePage(404, 'receive.notFound', 'upload'),
  methodNotAllowed: (): Page => messagePage(405, 'receive.methodNotAllowed', 'upload'),
};
