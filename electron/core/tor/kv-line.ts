// Reads tor's `WORD WORD KEY=value KEY="quoted value"` reply and event lines (plain Node).
import { TorProtocolError, excerptOf } from './errors';
import { unquoteString } from './quoted-string';

export interface KeyValueLine {
  /** Words without `=`, in order (e.g. `NOTICE`, `BOOTSTRAP`). */
  positional: string[];
  /** `KEY=value` pairs, quoted values unquoted. A repeated key keeps the first value. */
  values: Map<string, string>;
}

/** Throws TorProtocolError on an unterminated quoted value. */
export function parseKeyValues(text: string): KeyValueLine {
  const positional: string[] = [];
  const values = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i += 1;
      continue;
    }
    const eq = /^([^\s="]+)=/.exec(text.slice(i));
    if (eq) {
      const key = eq[1] as string;
      i += eq[0].length;
      let value: string;
      if (text[i] === '"') {
        const q = unquoteString(text, i);
        if (!q) throw new TorProtocolError('malformed', `unterminated quoted value for ${key}`, excerptOf(text));
        value = q.value;
        i = q.end;
      } else {
        const end = text.indexOf(' ', i);
        value = text.slice(i, end === -1 ? text.length : end);
        i = end === -1 ? text.length : end;
      }
      if (!values.has(key)) values.set(key, value);
      continue;
    }
    if (text[i] === '"') {
      const q = unquoteString(text, i);
      if (!q) throw new TorProtocolError('malformed', 'unterminated quoted word', excerptOf(text));
      positional.push(q.value);
      i = q.end;
      continue;
    }
    const end = text.indexOf(' ', i);
    positional.push(text.slice(i, end === -1 ? text.length : end));
    i = end === -1 ? text.length : end;
  }
  return { positional, values };
}

/** A space-separated list of QuotedStrings, as in `net/listeners/socks`. */
export function parseQuotedList(text: string): string[] {
  return parseKeyValues(text).positional;
}
