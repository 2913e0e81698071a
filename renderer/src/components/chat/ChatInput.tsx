// The host's line in the room (renderer): type, Enter or Send; a refusal is
// said next to the field and the text stays to be fixed.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatRefusal } from '../../../../electron/contract';
import { chatRefusalText } from '../../../../i18n/chat-text';
import { useActions } from '../../store/context';

/** Characters in a message (the room's limit, DEFAULT_CHAT_LIMITS.maxMessageLength). */
const MAX_MESSAGE = 2000;

export function ChatInput({ shareId }: { shareId: string }) {
  const { t } = useTranslation();
  const actions = useActions();
  const uid = useId();
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<ChatRefusal | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (sending) return;
    setSending(true);
    const result = await actions.sendChat(shareId, text);
    setSending(false);
    if (result?.ok) {
      setText('');
      setRefusal(null);
    } else if (result) setRefusal(result.refusal);
  };

  return (
    <form className="chat-input" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${uid}-text`} className="sr-only">
        {t('chat.message')}
      </label>
      <input
        id={`${uid}-text`}
        type="text"
        value={text}
        maxLength={2 * MAX_MESSAGE}
        autoComplete="off"
        placeholder={t('chat.message')}
        aria-invalid={refusal !== null}
        aria-describedby={refusal ? `${uid}-error` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (refusal) setRefusal(null);
        }}
      />
      <button type="submit" className="button primary" disabled={sending || text.trim() === ''}>
        {t('chat.send')}
      </button>
      {refusal && (
        <p className="chat-error" id={`${uid}-error`} role="alert">
          {chatRefusalText(t, refusal)}
        </p>
      )}
    </form>
  );
}
