// Renders a translated text in which `backticked` spans are commands or paths (renderer).
// Only backticks are interpreted: translations can never inject markup. A
// span that starts with "$ " is a command to type: it is shown without the
// prompt and gets a Copy button, so nobody retypes `sudo ...` by hand.
import { Fragment, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';
import { useCopy } from './use-copy';

const PROMPT = '$ ';

function CommandCode({ command }: { command: string }) {
  const { t } = useTranslation();
  const codeRef = useRef<HTMLElement>(null);
  const [state, copy] = useCopy(command, codeRef);
  return (
    <span className="command">
      <code ref={codeRef}>{command}</code>
      <button
        type="button"
        className="button ghost small command-copy"
        onClick={() => void copy()}
        aria-label={t('problems.copyCommand', { command })}
        title={t('problems.copyCommand', { command })}
      >
        <Icon name={state === 'copied' ? 'check' : 'copy'} />
        <span>{state === 'copied' ? t('share.address.copied') : t('share.address.copy')}</span>
      </button>
    </span>
  );
}

export function RichText({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 0 ? (
          <Fragment key={i}>{part}</Fragment>
        ) : part.startsWith(PROMPT) ? (
          <CommandCode key={i} command={part.slice(PROMPT.length)} />
        ) : (
          <code key={i}>{part}</code>
        ),
      )}
    </>
  );
}
