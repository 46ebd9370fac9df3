/** Text clean-up for speech: characters XML cannot carry removed, white space collapsed. */

/**
 * Characters that are not XML 1.0 `Char`s (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone
 * surrogates) plus the C1 controls, which are legal XML but mean nothing to a speech engine.
 */
const ILLEGAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters being removed
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A quick test before the full replacement (surrogates are usually well paired). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters looked for
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Removes characters that cannot appear in an XML document (or be spoken). */
export function stripIllegal(text: string): string {
  return SUSPECT.test(text) ? text.replace(ILLEGAL, '') : text;
}

/** Removes illegal characters and collapses every run of white space to one space (not trimmed). */
export function cleanText(text: string): string {
  return stripIllegal(text).replace(/\s{2,}|[^\S ]/g, ' ');
}

/** Cleaned and trimmed. */
export function cleanLine(text: string): string {
  return cleanText(text).trim();
}

/** The text with a full stop added when it does not already end a sentence. */
export function withStop(text: string): string {
  return /[.!?…。！？]["'”’»)\]]*$/u.test(text) ? text : `${text}.`;
}
