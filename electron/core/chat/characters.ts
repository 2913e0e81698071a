// Which characters a chat message or name may hold (plain Node).
//
// Text from visitors is shown to everyone else, in pages, in the window and in
// a terminal. Characters that change how the text around them looks are
// refused rather than silently removed, so what arrives is what was typed:
// - control characters (C0, DEL, C1): a terminal acts on them, a page hides them;
// - the bidirectional embeddings, overrides and isolates (U+202A-202E,
//   U+2066-2069) and the deprecated format controls (U+206A-206F): they
//   reorder text outside the message or name ("Trojan Source");
// - line and paragraph separators (U+2028, U+2029) and interlinear
//   annotation controls (U+FFF9-FFFB);
// - unpaired surrogates (JSON can carry them; they are no characters at all);
// - long runs of combining marks ("Zalgo" text that spills over other lines).
// Names are stricter still (names.ts): no format or invisible character at all.
// Plain right-to-left letters are of course fine: every page shows a message
// or name in an isolated, direction-of-its-own box (<bdi>, dir="auto").

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const LAYOUT = /[\u202a-\u202e\u2066-\u206f\u2028\u2029\ufff9-\ufffb]/u;
/** A lone surrogate: in a /u pattern it is a code point of category Cs. */
const UNPAIRED = /\p{Cs}/u;
/** Combining marks in a row; real scripts (Vietnamese, Tibetan stacks) stay well below. */
const MARK_RUN = /\p{M}{9,}/u;

/** The text in Unicode's composed form (NFC), so "é" typed two ways is one string. */
export function composed(text: string): string {
  return text.normalize('NFC');
}

/** True when the text holds a character no message may carry (see the top of this file). */
export function hasForbiddenCharacter(text: string): boolean {
  return UNPAIRED.test(text) || CONTROL.test(text) || LAYOUT.test(text) || MARK_RUN.test(text);
}

/** Length as a person counts it: code points, not UTF-16 units (an emoji is one). */
export function lengthOf(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * The text with every control, format and separator character written as
 * \u{...}: for a terminal, where the room's checks should already have
 * refused them but a line must never be able to move the cursor.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}
