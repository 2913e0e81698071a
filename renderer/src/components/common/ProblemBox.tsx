// A Problem in plain words with its fix, where the user looks (renderer).
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../../electron/contract';
import { problemText } from '../../../../i18n/problem-text';
import { Icon } from './Icon';
import { RichText } from './RichText';

/** A fix of several lines is a list of steps; one line stays a sentence. */
function FixText({ label, fix }: { label: string; fix: string }) {
  const steps = fix.split('\n').filter((x) => x.trim() !== '');
  if (steps.length < 2) {
    return (
      <p className="problem-fix">
        <span className="problem-fix-label">{label}: </span>
        <RichText text={fix} />
      </p>
    );
  }
  return (
    <div className="problem-fix">
      <p className="problem-fix-label">{label}:</p>
      <ol className="problem-steps">
        {steps.map((step, i) => (
          <li key={i}>
            <RichText text={step} />
          </li>
        ))}
      </ol>
    </div>
  );
}

export type ProblemTone = 'error' | 'warning';

export function ProblemBox({
  problem,
  tone = 'error',
  onDismiss,
}: {
  problem: Problem;
  tone?: ProblemTone;
  onDismiss?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const text = problemText(problem, t, i18n.language);
  return (
    <div className={`problem problem-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-problem={problem.kind}>
      <Icon name={tone === 'error' ? 'alert' : 'info'} className="problem-icon" />
      <div className="problem-text">
        <p className="problem-title">{text.title}</p>
        <p className="problem-body">
          <RichText text={text.body} />
        </p>
        <FixText label={t('problems.fixLabel')} fix={text.fix} />
      </div>
      {onDismiss && (
        <button type="button" className="button ghost small problem-dismiss" onClick={onDismiss}>
          {t('problems.dismiss')}
        </button>
      )}
    </div>
  );
}
