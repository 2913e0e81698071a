// Renders a translated text in which `backticked` spans are commands or paths (renderer).
// Only backticks are interpreted: translations can never inject markup.
import { Fragment } from 'react';

export function RichText({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>,
      )}
    </>
  );
}
