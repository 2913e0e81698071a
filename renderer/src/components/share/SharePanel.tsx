// One tab's panel (renderer): header, messages, start steps or address, and the mode's content.
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../../electron/contract';
import { isEditable, isOnline, isStarting, shareLabel } from '../../store/selectors';
import { useApp } from '../../store/context';
import { ChatMembers } from '../chat/ChatMembers';
import { ChatRoom } from '../chat/ChatRoom';
import { ReceiveSettings } from '../receive/ReceiveSettings';
import { WebsiteOptions } from '../website/WebsiteOptions';
import { panelId, tabId } from '../TabStrip';
import { AddressCard } from './AddressCard';
import { Announcer } from './Announcer';
import { DropArea } from './DropArea';
import { ItemList } from './ItemList';
import { OptionsForm } from './OptionsForm';
import { PanelHeader } from './PanelHeader';
import { PanelMessages } from './PanelMessages';
import { StartSteps } from './StartSteps';
import { Summary } from './Summary';
import { Transfers } from './Transfers';

export function SharePanel({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  // A string, so another share's progress does not re-render this panel.
  const label = useApp((s) => shareLabel(t, s.shares, share));
  const editable = isEditable(share.state);
  const online = isOnline(share.state);
  return (
    <section className="panel" role="tabpanel" id={panelId(share.id)} aria-labelledby={tabId(share.id)}>
      <Announcer share={share} label={label} />
      <PanelHeader share={share} label={label} />
      <PanelMessages share={share} />
      {isStarting(share.state) && share.step && <StartSteps step={share.step} />}
      {online && share.onion && <AddressCard share={share} onion={share.onion} />}
      <div className="panel-grid">
        <div className="panel-main">
          {editable ? <EditMain share={share} /> : <RunMain share={share} />}
        </div>
        <aside className="panel-side">
          {editable ? <OptionsForm share={share} /> : <Summary share={share} />}
          {share.chat && <ChatMembers chat={share.chat} />}
        </aside>
      </div>
    </section>
  );
}

function EditMain({ share }: { share: ShareView }) {
  if (share.mode === 'receive') return <ReceiveSettings share={share} />;
  if (share.mode === 'chat') return <ChatRoom share={share} />;
  return (
    <>
      <DropArea share={share} />
      <ItemList share={share} editable />
      {share.mode === 'share' && share.options.alsoReceive && <ReceiveSettings share={share} />}
      {share.mode === 'website' && <WebsiteOptions share={share} />}
    </>
  );
}

function RunMain({ share }: { share: ShareView }) {
  if (share.mode === 'receive') return <Transfers share={share} direction="upload" />;
  if (share.mode === 'chat') return <ChatRoom share={share} />;
  // Downloads only exist once the address is out; while starting, show what will be shared.
  if (share.mode === 'website' || !isOnline(share.state)) return <ItemList share={share} editable={false} />;
  return (
    <>
      <Transfers share={share} direction="download" />
      {share.options.alsoReceive && <Transfers share={share} direction="upload" />}
      <ItemList share={share} editable={false} />
    </>
  );
}
