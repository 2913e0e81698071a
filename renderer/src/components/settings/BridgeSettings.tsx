// The bridges part of the Tor settings dialog (renderer): none, the built-in
// obfs4 or snowflake bridges, or pasted lines checked line by line with the
// same parser the main process uses, each bad line named with its number.
import { useId, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeChoice } from '../../../../electron/contract';
import type { ParsedBridgeText } from '../../../../electron/core/tor/bridges/bridge-line';
import { BUILT_IN } from '../../../../electron/core/tor/bridges/builtin';
import { bridgeLineErrorText } from '../../../../i18n/bridge-line-text';
import { Icon } from '../common/Icon';

const CHOICES: readonly BridgeChoice[] = ['none', 'obfs4', 'snowflake', 'custom'];
/** More than this many bad lines are summed up in one sentence. */
const SHOWN_ERRORS = 3;

interface Props {
  choice: BridgeChoice;
  lines: string;
  /** The pasted lines, parsed (by the dialog, which also decides whether it may save). */
  parsed: ParsedBridgeText;
  /** After a refused save, an empty paste is an error rather than a hint. */
  insist: boolean;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  onChoice: (choice: BridgeChoice) => void;
  onLines: (lines: string) => void;
}

export function BridgeSettings({ choice, lines, parsed, insist, textareaRef, onChoice, onLines }: Props) {
  const { t, i18n } = useTranslation();
  const uid = useId();
  const id = (name: string): string => `${uid}-${name}`;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${BUILT_IN.date}T00:00:00Z`));
  const hint = (c: BridgeChoice): string =>
    c === 'obfs4'
      ? t('bridges.obfs4Hint', { count: BUILT_IN.lines.obfs4.length, date })
      : c === 'snowflake'
        ? t('bridges.snowflakeHint', { date })
        : t(c === 'none' ? 'bridges.noneHint' : 'bridges.customHint');
  const empty = parsed.lines.length === 0 && parsed.errors.length === 0;
  const invalid = parsed.errors.length > 0 || (insist && empty);

  return (
    <fieldset className="field-group bridges" aria-describedby={id('hint')}>
      <legend>{t('bridges.legend')}</legend>
      <p id={id('hint')} className="field-hint">
        {t('bridges.hint')}
      </p>
      <div className="choice-grid">
        {CHOICES.map((c) => (
          <label key={c} className="choice card-choice">
            <input type="radio" name={id('choice')} checked={choice === c} onChange={() => onChoice(c)} />
            <span>
              <span className="choice-title">{t(`bridges.${c}`)}</span>
              <span className="choice-hint">{hint(c)}</span>
            </span>
          </label>
        ))}
      </div>
      {choice === 'custom' && (
        <div className="field bridge-lines">
          <label htmlFor={id('lines')}>{t('bridges.lines')}</label>
          <textarea
            id={id('lines')}
            ref={textareaRef}
            className="mono"
            rows={5}
            wrap="off"
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            aria-invalid={invalid}
            aria-describedby={`${id('help')} ${id('check')}`}
            value={lines}
            onChange={(e) => onLines(e.target.value)}
          />
          <p id={id('help')} className="field-hint">
            {t('bridges.linesHelp')}
          </p>
          <div id={id('check')} className="bridge-check" aria-live="polite">
            {parsed.errors.length > 0 ? (
              <ul className="bridge-errors">
                {parsed.errors.slice(0, SHOWN_ERRORS).map((e) => (
                  <li key={e.line}>
                    <Icon name="alert" />
                    <span>{bridgeLineErrorText(e, t)}</span>
                  </li>
                ))}
                {parsed.errors.length > SHOWN_ERRORS && <li className="bridge-more">{t('bridges.moreErrors', { count: parsed.errors.length - SHOWN_ERRORS })}</li>}
              </ul>
            ) : empty ? (
              <p className={insist ? 'bridge-errors' : 'field-hint'}>{t('bridges.empty')}</p>
            ) : (
              <p className="bridge-ok">
                <Icon name="check" />
                <span>{t('bridges.count', { count: parsed.lines.length })}</span>
              </p>
            )}
          </div>
        </div>
      )}
    </fieldset>
  );
}
