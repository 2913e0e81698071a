// A text input that edits a local draft and commits on blur or Enter (renderer), so a
// round trip to the main process never fights the user's typing.
import { useState, type InputHTMLAttributes } from 'react';

type Props = {
  value: string;
  onCommit: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onBlur' | 'defaultValue'>;

export function DraftInput({ value, onCommit, onKeyDown, ...rest }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (): void => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <input
      {...rest}
      value={draft ?? value}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(null);
        onKeyDown?.(e);
      }}
    />
  );
}
