// The steps of starting a share, the current one highlighted (renderer).
import { useTranslation } from 'react-i18next';
import type { StartStep } from '../../../../electron/contract';
import { useApp } from '../../store/context';
import { Icon } from '../common/Icon';
import { torOffline } from '../StatusLine';

const STEPS: StartStep[] = ['connecting-tor', 'starting-server', 'adding-onion', 'publishing'];

export function StartSteps({ step }: { step: StartStep }) {
  const { t } = useTranslation();
  const current = STEPS.indexOf(step);
  // Publishing waits on Tor reaching the Tor network: say where it is, in tor's own words.
  const offline = torOffline(useApp((s) => s.tor));
  return (
    <section className="card steps" aria-labelledby="steps-title">
      <h2 id="steps-title" className="card-title">
        {t('share.steps.title')}
      </h2>
      <ol className="steps-list" aria-live="polite">
        {STEPS.map((s, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo';
          return (
            <li key={s} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="step-marker" aria-hidden="true">
                {state === 'done' ? <Icon name="check" /> : state === 'current' ? <span className="spinner" /> : i + 1}
              </span>
              <span className="step-label">{t(`share.steps.${s}`)}</span>
              <span className="sr-only">({t(`share.steps.${state}`)})</span>
            </li>
          );
        })}
      </ol>
      {offline && current >= STEPS.indexOf('adding-onion') && (
        <div className="steps-tor-offline" role="status">
          <p>{t(offline.warning ? 'share.steps.torOfflineTrouble' : 'share.steps.torOffline', offline)}</p>
          <progress max={100} value={offline.progress} aria-label={t('tor.status.offlineLabel')} />
        </div>
      )}
    </section>
  );
}
