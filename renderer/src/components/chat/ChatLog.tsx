// A chat room's lines in the host's window (renderer): a log that screen
// readers follow politely, that the keyboard can scroll (it takes focus), and
// that stays at the newest line unless the host scrolled up to read.
// Names and messages are React text, so nothing a visitor sends is markup.
import { useLayoutEffect, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ChatEntry } from '../../../../electron/contract';
import { chatNoticeTemplate } from '../../../../i18n/chat-text';
import { formatClock } from '../../../../i18n/format-time';

/** How close to the bottom (in px) still counts as reading the newest line. */
const AT_BOTTOM_PX = 32;

export function ChatLog({ entries, labelledBy }: { entries: readonly ChatEntry[]; labelledBy: string }) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [entries]);

  const onScroll = (): void => {
    const el = box.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < AT_BOTTOM_PX;
  };

  const name = (text: string, host: boolean) => (
    <>
      <bdi className="chat-name">{text}</bdi>
      {host && <span className="chat-host-badge">{t('chat.host')}</span>}
    </>
  );

  return (
    // A scrollable region the keyboard can reach: focusable, named, and a live log.
    <div className="chat-log" ref={box} role="log" aria-live="polite" aria-labelledby={labelledBy} tabIndex={0} onScroll={onScroll}>
      {entries.length === 0 ? (
        <p className="empty-note">{t('chat.empty')}</p>
      ) : (
        <ol className="chat-lines">
          {entries.map((e) => (
            <li key={e.seq} className={e.kind === 'message' ? (e.from.host ? 'chat-line is-host' : 'chat-line') : 'chat-line is-notice'}>
              <time className="chat-time" dateTime={new Date(e.at).toISOString()}>
                {formatClock(i18n.language, e.at)}
              </time>
              {e.kind === 'message' ? (
                <span className="chat-body">
                  {name(e.from.name, e.from.host)}
                  <span className="chat-text" dir="auto">
                    {e.text}
                  </span>
                </span>
              ) : (
                <span className="chat-body">{notice(e, t)}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The words with the names as text boxes of their own direction, never spliced into markup. */
function notice(e: Exclude<ChatEntry, { kind: 'message' }>, t: TFunction) {
  const from = e.kind === 'renamed' ? e.from : '';
  return chatNoticeTemplate(t, e)
    .split(/(\{name\}|\{from\})/)
    .map((part, i) => (part === '{name}' ? <bdi key={i}>{e.member.name}</bdi> : part === '{from}' ? <bdi key={i}>{from}</bdi> : part));
}
