// Names in a chat room (plain Node): what a name may be, and when two names
// are too alike to both be in the room.
//
// A visitor must not pass for the host or for someone else in the room. Exact
// comparison would let "Host" be followed by "host", "H o s t", "Hоst" (with
// a Cyrillic о) or "H0st". nameKey() is a small skeleton in the spirit of
// Unicode's confusables (UTS #39), not the whole table: compatibility forms
// folded (NFKC: full-width letters, ligatures), accents dropped, case folded,
// everything but letters and digits dropped (spaces, punctuation, invisible
// characters), the commonest Cyrillic and Greek look-alikes of Latin letters
// and a few digit/letter pairs mapped to one letter. Two names with the same
// key cannot both be in the room.
import type { ChatRefusal } from '../../contract';
import { composed, hasForbiddenCharacter, lengthOf } from './characters';

/** What a name may not hold beyond what a message may not: any format, private-use, unassigned or separator character but the plain space. */
const NAME_ONLY_FORBIDDEN = /[\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0\u2800]|(?! )\p{Zs}/u;
/** At most two combining marks on one letter in a name (counted decomposed: "ễ" is e and two). */
const NAME_MARK_RUN = /\p{M}{3,}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Look-alikes, after lower-casing and dropping accents: Cyrillic, Greek, digits. */
const LOOK_ALIKE: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', і: 'l', ї: 'l', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ь: 'b', г: 'r',
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'l', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  '0': 'o', '1': 'l', '3': 'e', '5': 's', i: 'l', '|': 'l',
};

/** The form in which two names are compared (see the top of this file). */
export function nameKey(name: string): string {
  const folded = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let key = '';
  for (const c of folded) {
    const mapped = LOOK_ALIKE[c] ?? c;
    if (LETTER_OR_DIGIT.test(mapped)) key += mapped;
  }
  // Letter pairs that read as one letter at a glance.
  return key.replace(/rn/g, 'm').replace(/vv/g, 'w');
}

export type NameCheck = { ok: true; name: string } | { ok: false; refusal: ChatRefusal };

/**
 * A name as typed, made ready for the room: composed (NFC), trimmed, runs of spaces made one, within
 * the length, with no character a name may not hold and at least one letter
 * or digit. Whether it is free is the room's question.
 */
export function checkName(raw: string, maxLength: number): NameCheck {
  const name = composed(raw).trim().replace(/ {2,}/g, ' ');
  if (name === '') return { ok: false, refusal: { reason: 'empty' } };
  if (lengthOf(name) > maxLength) return { ok: false, refusal: { reason: 'too-long', max: maxLength } };
  if (hasForbiddenCharacter(name) || NAME_ONLY_FORBIDDEN.test(name) || NAME_MARK_RUN.test(name.normalize('NFD')) || nameKey(name) === '') {
    return { ok: false, refusal: { reason: 'characters' } };
  }
  return { ok: true, name };
}
