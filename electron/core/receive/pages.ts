// The receive pages a visitor sees: the upload form, what was received, why an upload was refused (plain Node).
// A plain HTML form: it works with JavaScript off (Tor Browser's Safest
// level), and the page carries no script at all. Layout and stylesheet are
// share mode's (pages.ts), so the CSP hash of the one inline style holds.
import { formatBytes } from '../share/format';
import { html, type SafeHtml } from '../share/html';
import type { Page } from '../share/pages';
import type { RejectionReason, UploadRejected } from './rejection';
import { FILE_FIELD, MESSAGE_FIELD, type ReceiveLimits, type SavedFile, type SavedMessage } from './submission';

export const UPLOAD_PATH = '/upload';

export interface UploadPageModel {
  title: string | null;
  limits: ReceiveLimits;
  accepting: boolean;
}

function limitsLine(limits: ReceiveLimits): string | null {
  const parts: string[] = [];
  if (!limits.disableFiles && limits.maxFileSize > 0) parts.push(`up to ${formatBytes(limits.maxFileSize)} per file`);
  if (!limits.disableFiles && limits.maxTotalSize > 0) parts.push(`up to ${formatBytes(limits.maxTotalSize)} in one upload`);
  if (!limits.disableText) parts.push(`messages up to ${limits.maxMessageLength} characters`);
  return parts.length ? `Limits: ${parts.join(', ')}.` : null;
}

export function uploadPage(m: UploadPageModel): Page {
  const files = !m.limits.disableFiles;
  const text = !m.limits.disableText;
  const heading = m.title ?? (files ? 'Send files' : 'Send a message');
  const what = files && text ? 'files, a message or both' : files ? 'files' : 'a message';
  const limits = limitsLine(m.limits);
  const notice = m.accepting ? null : html`<p class="notice" role="status">This address no longer accepts uploads.</p>`;
  const fileInput = files
    ? html`<p><label for="${FILE_FIELD}">Files</label><br>
<input id="${FILE_FIELD}" type="file" name="${FILE_FIELD}" multiple></p>
`
    : null;
  const textInput = text
    ? html`<p><label for="${MESSAGE_FIELD}">${files ? 'Message (optional)' : 'Message'}</label><br>
<textarea id="${MESSAGE_FIELD}" name="${MESSAGE_FIELD}" rows="6" cols="40" maxlength="${m.limits.maxMessageLength}"></textarea></p>
`
    : null;
  const body = html`<h1>${heading}</h1>
<p class="muted">Send ${what} to the person who gave you this address. Only they can see what you send.</p>
${limits ? html`<p class="muted">${limits}</p>\n` : null}${notice}<form method="post" action="${UPLOAD_PATH}" enctype="multipart/form-data">
${fileInput}${textInput}<p><button class="button" type="submit">Send</button></p>
</form>`;
  return { status: 200, title: heading, body };
}

function savedList(files: readonly SavedFile[], message: SavedMessage | null): SafeHtml | null {
  if (files.length === 0 && message === null) return null;
  const rows = files.map((f) => html`<tr><td>${f.name}</td><td class="size">${formatBytes(f.size)}</td></tr>\n`);
  const table = files.length
    ? html`<table>
<thead><tr><th scope="col">File</th><th scope="col" class="size">Size</th></tr></thead>
<tbody>${rows}</tbody>
</table>
`
    : null;
  const note = message ? html`<p>Your message (${message.characters} ${message.characters === 1 ? 'character' : 'characters'}) was received.</p>\n` : null;
  return html`${table}${note}`;
}

export function receivedPage(files: readonly SavedFile[], message: SavedMessage | null): Page {
  const what = files.length ? `${files.length} ${files.length === 1 ? 'file' : 'files'}` : 'your message';
  const body = html`<h1>Sent</h1>
<p role="status">The person who gave you this address has received ${what}.</p>
${savedList(files, message)}<p><a class="button" href="/">Send more</a></p>`;
  return { status: 200, title: 'Sent', body };
}

function quoted(name: string | null): string {
  return name === null ? 'The upload' : `“${name}”`;
}

/** Heading and sentence for each refusal, worded for the visitor. */
export function rejectionWords(reason: RejectionReason, fileName: string | null): { heading: string; text: string } {
  switch (reason.kind) {
    case 'limit':
      switch (reason.which) {
        case 'file-size':
          return {
            heading: 'File too large',
            text: `${quoted(fileName)} is larger than ${formatBytes(reason.limit)}, the most this address accepts per file. It was not saved.`,
          };
        case 'total-size':
          return {
            heading: 'Upload too large',
            text: `This upload is larger than ${formatBytes(reason.limit)}, the most this address accepts at once. ${fileName ? `${quoted(fileName)} was not saved.` : 'Nothing was saved.'} Send fewer or smaller files.`,
          };
        case 'free-space':
          return {
            heading: 'Not enough disk space',
            text: `The receiving computer is running out of disk space, so it cannot take this upload. ${fileName ? `${quoted(fileName)} was not saved.` : 'Nothing was saved.'} Try again later, or send less.`,
          };
        case 'message-length':
          return {
            heading: 'Message too long',
            text: `Messages may be at most ${reason.limit} characters long. Shorten yours and send it again.`,
          };
        case 'files-disabled':
          return { heading: 'Files are not accepted', text: 'This address only takes messages. Nothing was saved.' };
        case 'text-disabled':
          return { heading: 'Messages are not accepted', text: 'This address only takes files. Your message was not saved.' };
      }
      break;
    case 'malformed':
      return reason.detail === 'content-type'
        ? { heading: 'Not an upload', text: 'Send files with the form on the upload page.' }
        : { heading: 'The upload was damaged', text: 'The upload arrived incomplete or damaged, so it was not saved. Try again.' };
    case 'too-many-parts':
      return { heading: 'Too many files', text: `Send at most ${reason.limit} files at once.` };
    case 'not-accepting':
      return { heading: 'Not accepting uploads', text: 'This address no longer accepts uploads.' };
    case 'cross-site':
      return {
        heading: 'Sent from another website',
        text: 'This upload was sent from another website. Use the form on the upload page of this address.',
      };
    case 'nothing-sent':
      return { heading: 'Nothing to send', text: 'Choose at least one file or write a message, then send again.' };
    case 'write-failed':
      return {
        heading: 'The upload could not be saved',
        text: `The receiving computer could not save ${fileName ? quoted(fileName) : 'this upload'}. Try again later.`,
      };
  }
  return { heading: 'Upload refused', text: 'This upload was not accepted.' };
}

export function rejectedPage(status: number, rejection: UploadRejected, files: readonly SavedFile[], message: SavedMessage | null): Page {
  const { heading, text } = rejectionWords(rejection.reason, rejection.fileName);
  const saved = savedList(files, message);
  const body = html`<h1>${heading}</h1>
<p role="alert">${text}</p>
${saved ? html`<p>These arrived before that and were kept:</p>\n${saved}` : null}<p><a href="/">Back to the upload page</a></p>`;
  return { status, title: heading, body };
}

/** The few other answers, in receive mode's words. */
export const receivePages = {
  badRequest: (): Page => simple(400, 'Bad request', 'This address is not valid. Check the link you were given.'),
  notFound: (): Page => simple(404, 'Not found', 'There is nothing at this address. The upload page is at the start of the link you were given.'),
  methodNotAllowed: (): Page => simple(405, 'Not allowed', 'Use the form on the upload page to send files.'),
  misdirected: (): Page => simple(421, 'Wrong address', 'This server only answers requests for its own onion address.'),
  serverError: (): Page => simple(500, 'Something went wrong', 'The receiving computer could not answer this request.'),
};

function simple(status: number, heading: string, text: string): Page {
  return { status, title: heading, body: html`<h1>${heading}</h1>\n<p>${text}</p>\n<p><a href="/">Back to the upload page</a></p>` };
}
