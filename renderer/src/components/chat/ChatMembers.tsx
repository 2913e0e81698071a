// Who is in the room, beside it (renderer): the host first, then visitors as they came.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatView } from '../../../../electron/contract';

export function ChatMembers({ chat }: { chat: ChatView }) {
  const { t } = useTranslation();
  const uid = useId();
  const members = [...chat.members].sort((a, b) => Number(b.host) - Number(a.host));
  return (
    <section className="card chat-members" aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {t('chat.members')}
      </h2>
      <p className="subtle">{t('chat.membersCount', { count: members.length })}</p>
      <ul className="chat-member-list">
        {members.map((m) => (
          <li key={m.id}>
            <bdi>{m.name}</bdi>
            {m.host && <span className="chat-host-badge">{t('chat.you')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
