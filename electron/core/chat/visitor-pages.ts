// The pages a chat visitor sees (plain Node). One page that works with
// JavaScript off (Tor Browser's "Safest"): the messages in an <iframe> that
// reloads itself every few seconds (<meta http-equiv="refresh">), a form that
// posts a message and one that changes your name. With JavaScript on, the one
// script file of the mode (visitor-script.ts) turns the same page into a live
// one over a WebSocket; the words it needs ride along in a data attribute, so
// the page carries no inline script.
//
// Every name and message is text: escaped by the html`` tag, in a <bdi> or
// dir="auto" box of its own so right-to-left text cannot reorder what is
// around it, never markup and never a live link.
import type { ChatEntry, ChatRefusal } from '../../contract';
import type { Translator } from '../../../i18n/messages';
import { html, type SafeHtml } from '../http/html';
import type { Page } from '../http/page';
import type { ChatLimits } from './limits';

export const PATHS = {
  messages: '/messages',
  send: '/send',
  name: '/name',
  script: '/chat.js',
  style: '/chat.css',
  socket: '/socket',
} as const;

/** Form fields of the two forms. */
export const FIELDS = { text: 'text', name: 'name' } as const;

export type RefusalWhat = 'say' | 'rename';

export interface RoomPageModel {
  title: string | null;
  history: boolean;
  limits: Pick<ChatLimits, 'maxMessageLength' | 'maxNameLength'>;
  /** The visitor's name; null when there is no seat (the room is full or closed). */
  you: string | null;
  state: 'open' | 'full' | 'closed';
  /** A message or name that was refused, shown with why and kept in its field. */
  refused?: { what: RefusalWhat; refusal: ChatRefusal; typed: string };
}

/** Words with {name} and {from} left in, for the script to fill with names as text. */
function template(tr: Translator, key: NoticeKey | 'pages.chat.renamed'): string {
  return tr.t(key, { name: '{name}', from: '{from}' });
}

type NoticeKey = 'pages.chat.joined' | 'pages.chat.left' | 'pages.chat.timedOut' | 'pages.chat.dropped';

/** Why a message or name was refused, in the visitor's words. */
export function refusalText(tr: Translator, what: RefusalWhat, refusal: ChatRefusal): string {
  switch (refusal.reason) {
    case 'empty':
      return tr.t(what === 'say' ? 'pages.chat.refused.empty' : 'pages.chat.refused.nameEmpty');
    case 'too-long':
      return tr.t(what === 'say' ? 'pages.chat.refused.tooLong' : 'pages.chat.refused.nameTooLong', { count: refusal.max });
    case 'characters':
      return tr.t(what === 'say' ? 'pages.chat.refused.characters' : 'pages.chat.refused.nameCharacters');
    case 'rate':
      return tr.t('pages.chat.refused.rate');
    case 'name-taken':
      return tr.t('pages.chat.refused.nameTaken');
    case 'closed':
      return tr.t('pages.chat.closed');
  }
}

/** Everything the script says, as final strings (it has no catalogue of its own). */
function scriptWords(tr: Translator, limits: RoomPageModel['limits']): Record<string, string> {
  const say = (refusal: ChatRefusal): string => refusalText(tr, 'say', refusal);
  const rename = (refusal: ChatRefusal): string => refusalText(tr, 'rename', refusal);
  return {
    joined: template(tr, 'pages.chat.joined'),
    left: template(tr, 'pages.chat.left'),
    timeout: template(tr, 'pages.chat.timedOut'),
    dropped: template(tr, 'pages.chat.dropped'),
    renamed: template(tr, 'pages.chat.renamed'),
    host: tr.t('pages.chat.host'),
    you: tr.t('pages.chat.youAre', { name: '{name}' }),
    messages: tr.t('pages.chat.messages'),
    live: tr.t('pages.chat.live'),
    closed: tr.t('pages.chat.closed'),
    lost: tr.t('pages.chat.lost'),
    busy: tr.t('pages.chat.busy'),
    flood: tr.t('pages.chat.flood'),
    gone: tr.t('pages.chat.gone'),
    'say.empty': say({ reason: 'empty' }),
    'say.too-long': say({ reason: 'too-long', max: limits.maxMessageLength }),
    'say.characters': say({ reason: 'characters' }),
    'say.rate': say({ reason: 'rate', retryAfterMs: 0 }),
    'say.closed': say({ reason: 'closed' }),
    'rename.empty': rename({ reason: 'empty' }),
    'rename.too-long': rename({ reason: 'too-long', max: limits.maxNameLength }),
    'rename.characters': rename({ reason: 'characters' }),
    'rename.rate': rename({ reason: 'rate', retryAfterMs: 0 }),
    'rename.name-taken': rename({ reason: 'name-taken' }),
    'rename.closed': rename({ reason: 'closed' }),
  };
}

function stylesheet(base: string): SafeHtml {
  return html`<link rel="stylesheet" href="${base}${PATHS.style}">\n`;
}

/**
 * The room: heading, what the room keeps, the messages, the two forms.
 * A browser's maxlength counts UTF-16 units, the room counts characters: the
 * fields allow twice the limit, so an emoji is never cut by the browser, and
 * the room's refusal says the limit in characters.
 */
export function roomPage(m: RoomPageModel): Page {
  const status = m.state === 'full' ? 503 : m.refused ? (m.refused.refusal.reason === 'rate' ? 429 : 400) : 200;
  return {
    status,
    render: ({ tr, base }) => {
      const title = m.title ?? tr.t('pages.chat.title');
      const intro = html`<p class="muted">${tr.t('pages.chat.intro')}</p>
<p class="muted">${tr.t(m.history ? 'pages.chat.historyOn' : 'pages.chat.historyOff')}</p>
`;
      if (m.state !== 'open' || m.you === null) {
        const why = m.state === 'full' ? tr.t('pages.chat.full') : tr.t('pages.chat.closed');
        return { title, head: stylesheet(base), body: html`<h1>${title}</h1>\n<p class="notice chat-closed" role="status">${why}</p>` };
      }
      const refused = m.refused;
      const alert = (what: RefusalWhat): SafeHtml | null =>
        refused?.what === what ? html`<p class="notice" role="alert">${refusalText(tr, what, refused.refusal)}</p>\n` : null;
      const words = JSON.stringify(scriptWords(tr, m.limits));
      const body = html`<h1>${title}</h1>
${intro}<p>${youAre(tr, m.you)}</p>
<div id="chat-room" data-socket="${base}${PATHS.socket}" data-words="${words}">
<iframe class="chat-frame" src="${base}${PATHS.messages}" title="${tr.t('pages.chat.messages')}"></iframe>
</div>
<p id="chat-status" class="chat-status" role="status"></p>
<form id="chat-say" class="chat-form" method="post" action="${base}${PATHS.send}" accept-charset="utf-8">
${alert('say')}<label for="chat-text">${tr.t('pages.chat.message')}</label>
<div class="chat-row"><input id="chat-text" name="${FIELDS.text}" type="text" maxlength="${2 * m.limits.maxMessageLength}" autocomplete="off" required autofocus value="${refused?.what === 'say' ? refused.typed : ''}"><button class="button" type="submit">${tr.t('pages.chat.send')}</button></div>
</form>
<form id="chat-rename" class="chat-form" method="post" action="${base}${PATHS.name}" accept-charset="utf-8">
${alert('rename')}<label for="chat-name">${tr.t('pages.chat.name')}</label>
<div class="chat-row"><input id="chat-name" name="${FIELDS.name}" type="text" maxlength="${2 * m.limits.maxNameLength}" autocomplete="off" required value="${refused?.what === 'rename' ? refused.typed : m.you}"><button class="button" type="submit">${tr.t('pages.chat.rename')}</button></div>
</form>
<script src="${base}${PATHS.script}"></script>`;
      return { title, head: stylesheet(base), body };
    },
  };
}

function youAre(tr: Translator, name: string): SafeHtml {
  const [before = '', after = ''] = tr.t('pages.chat.youAre', { name: '{name}' }).split('{name}');
  return html`${before}<bdi class="chat-you">${name}</bdi>${after}`;
}

export interface MessagesPageModel {
  /** What the visitor may read, oldest first; null when the visitor has no seat (any more). */
  entries: readonly ChatEntry[] | null;
  /** The reader's own member id, to mark its name. */
  you: string | null;
  state: 'open' | 'closed';
  refreshSeconds: number;
  /** More entries were visible than the list shows. */
  cut: boolean;
}

/**
 * The message list, in the page's <iframe>: it reloads itself while the room
 * is open. Newest at the bottom, where the list starts scrolled to (a
 * column-reverse box); a reader who scrolled up stays where they were.
 */
export function messagesPage(m: MessagesPageModel): Page {
  return {
    status: 200,
    render: ({ tr, base }) => {
      const title = tr.t('pages.chat.messages');
      const refresh = m.state === 'open' && m.entries !== null ? html`<meta http-equiv="refresh" content="${m.refreshSeconds}">\n` : null;
      const head = html`${refresh}${stylesheet(base)}`;
      const entries = m.entries ?? [];
      const cut = m.cut ? html`<p class="muted">${tr.t('pages.chat.olderNotShown')}</p>\n` : null;
      const list = entries.length > 0 ? html`${cut}<ol class="chat-log">\n${entries.map((e) => entryItem(tr, e, m.you))}</ol>\n` : null;
      // What was said stays readable above the line that says the room has closed.
      let note: SafeHtml | null = null;
      if (m.state === 'closed') note = html`<p class="notice chat-closed" role="status">${tr.t('pages.chat.closed')}</p>`;
      else if (m.entries === null) {
        note = html`<p class="notice" role="status">${tr.t('pages.chat.gone')} <a href="${base}/" target="_top">${tr.t('pages.chat.rejoin')}</a></p>`;
      } else if (entries.length === 0) note = html`<p class="muted">${tr.t('pages.chat.nothingYet')}</p>`;
      return { title, head, body: html`<div class="chat-scroll"><div>${list}${note}</div></div>`, framed: true };
    },
  };
}

function entryItem(tr: Translator, e: ChatEntry, you: string | null): SafeHtml {
  if (e.kind === 'message') {
    const badge = e.from.host ? html` <span class="chat-host">${tr.t('pages.chat.host')}</span>` : null;
    const who = html`<bdi class="${e.from.id === you ? 'chat-who chat-you' : 'chat-who'}">${e.from.name}</bdi>`;
    return html`<li>${who}${badge}: <span class="chat-text" dir="auto">${e.text}</span></li>\n`;
  }
  const key = e.kind === 'joined' ? 'pages.chat.joined' : e.kind === 'renamed' ? 'pages.chat.renamed' : LEFT_KEY[e.why];
  const names = { name: e.member.name, from: e.kind === 'renamed' ? e.from : '' };
  const parts = tr.t(key, { name: '{name}', from: '{from}' }).split(/(\{name\}|\{from\})/);
  const line = parts.map((part) => (part === '{name}' ? html`<bdi>${names.name}</bdi>` : part === '{from}' ? html`<bdi>${names.from}</bdi>` : html`${part}`));
  return html`<li class="chat-notice">${line}</li>\n`;
}

const LEFT_KEY = { left: 'pages.chat.left', timeout: 'pages.chat.timedOut', dropped: 'pages.chat.dropped' } as const;
