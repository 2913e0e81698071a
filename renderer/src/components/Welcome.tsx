// Shown when no tab is open (renderer): the five things OnionDrop can do.
import { useTranslation } from 'react-i18next';
import type { ShareMode } from '../../../electron/contract';
import { useActions, useApp } from '../store/context';
import { Icon, Logo } from './common/Icon';
import { GET_ICON, MODE_ICON } from './TabStrip';

const MODES: ShareMode[] = ['share', 'receive', 'website', 'chat'];
type Choice = ShareMode | 'get';

export function Welcome() {
  const { t } = useTranslation();
  const actions = useActions();
  // share.default_mode: the configured share type comes first and has the focus.
  const first = useApp((s) => s.settings?.user['share.default_mode'].value ?? 'share');
  const modes: Choice[] = [first, ...MODES.filter((m) => m !== first), 'get'];
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <Logo />
      <h1 id="welcome-title">{t('welcome.title')}</h1>
      <p className="subtle">{t('welcome.body')}</p>
      <div className="welcome-choices">
        {modes.map((mode) => (
          <button key={mode} type="button" className="welcome-choice" autoFocus={mode === first} onClick={() => void (mode === 'get' ? actions.newGet() : actions.newShare(mode))}>
            <Icon name={mode === 'get' ? GET_ICON : MODE_ICON[mode]} />
            <span className="welcome-choice-title">{t(`modes.${mode}`)}</span>
            <span className="welcome-choice-hint">{t(`modes.${mode}Hint`)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
