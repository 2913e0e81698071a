// A chat room's lines and refusals in the host's words, for the window and the
// terminal alike (neutral: renderer and Node). Visitors' pages have their own
// words (pages.chat), which speak to the visitor.
import type { TFunction } from 'i18next';
import type { ChatEntry, ChatRefusal } from '../electron/contract';

type Notice = Exclude<ChatEntry, { kind: 'message' }>;

const LEFT_KEY = { left: 'chat.left', timeout: 'chat.timedOut', dropped: 'chat.dropped' } as const;

/** The words of a notice with the names left as {name} and {from}, for the caller to put in as text of their own. */
export function chatNoticeTemplate(t: TFunction, e: Notice): string {
  const key = e.kind === 'joined' ? 'chat.joined' : e.kind === 'renamed' ? 'chat.renamed' : LEFT_KEY[e.why];
  return t(key, { name: '{name}', from: '{from}' });
}

/** The notice as one string, the names given as they should appear (escaped for a terminal, say). */
export function chatNoticeText(t: TFunction, e: Notice, show: (name: string) => string): string {
  const from = e.kind === 'renamed' ? e.from : '';
  return chatNoticeTemplate(t, e).replace(/\{name\}|\{from\}/g, (m) => show(m === '{name}' ? e.member.name : from));
}

/** Why the host's message was not taken. */
export function chatRefusalText(t: TFunction, refusal: ChatRefusal): string {
  switch (refusal.reason) {
    case 'too-long':
      return t('chat.refused.tooLong', { count: refusal.max });
    case 'characters':
      return t('chat.refused.characters');
    case 'rate':
      return t('chat.refused.rate');
    case 'closed':
      return t('chat.refused.closed');
    case 'empty':
    case 'name-taken':
      return t('chat.refused.empty');
  }
}
