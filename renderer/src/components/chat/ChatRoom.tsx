// A chat tab's main column (renderer): before the room opens, what it is and
// its options; while it runs, the lines and the host's input; after it
// closed, what was said until the tab closes or the room opens again.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatOptions, ShareView } from '../../../../electron/contract';
import { isEditable, isOnline } from '../../store/selectors';
import { useActions, useApp } from '../../store/context';
import { DraftInput } from '../common/DraftInput';
import { ChatInput } from './ChatInput';
import { ChatLog } from './ChatLog';

/** Characters in a name (the room's limit, DEFAULT_CHAT_LIMITS.maxNameLength). */
const MAX_NAME = 32;

export function ChatRoom({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  const uid = useId();
  const log = useApp((s) => s.chatLogs[share.id]);
  const online = isOnline(share.state) && share.chat !== null;
  const editable = isEditable(share.state);
  const entries = log?.entries ?? [];
  return (
    <>
      {editable && <ChatSettings share={share} />}
      {(online || entries.length > 0) && (
        <section className="card chat-room" aria-labelledby={`${uid}-title`}>
          <h2 className="card-title" id={`${uid}-title`}>
            {t('chat.messages')}
          </h2>
          <ChatLog entries={entries} labelledBy={`${uid}-title`} />
          {online ? <ChatInput shareId={share.id} /> : <p className="note">{t('chat.closed')}</p>}
        </section>
      )}
    </>
  );
}

function ChatSettings({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const uid = useId();
  const c = share.options.chat;
  const set = (patch: Partial<ChatOptions>): void => void actions.setOptions(share.id, { chat: patch });
  return (
    <section className="card chat-settings" aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {t('chat.options')}
      </h2>
      <p className="subtle">{t('chat.about')}</p>
      <div className="field">
        <label htmlFor={`${uid}-name`}>{t('chat.name')}</label>
        <DraftInput
          id={`${uid}-name`}
          type="text"
          value={c.name}
          maxLength={2 * MAX_NAME}
          placeholder={t('chat.namePlaceholder')}
          aria-describedby={`${uid}-name-hint`}
          onCommit={(name) => set({ name: name.trim() })}
        />
        <span className="field-hint" id={`${uid}-name-hint`}>
          {t('chat.nameHint')}
        </span>
      </div>
      <label className="check">
        <input type="checkbox" checked={c.history} onChange={(e) => set({ history: e.target.checked })} />
        <span>
          <span className="choice-title">{t('chat.history')}</span>
          <span className="choice-hint">{t('chat.historyHint')}</span>
        </span>
      </label>
    </section>
  );
}
