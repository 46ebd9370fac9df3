/**
 * What a quotation is: `direct` (one or more complete sentences someone said or wrote), `partial`
 * (a fragment of someone's words run into the narration) or `other` (a title, sign, term, nickname
 * or scare quote: nobody's speech).
 */
import type { QuoteKind } from '../../model/schema.js';

export interface KindContext {
  /** Introduced as speech: at the start of the sentence, after `:` `,` or a dash, or right after a speech verb. */
  introduced: boolean;
  /** Narration right after the closing mark, up to the next word (a few characters when there is none). */
  after: string;
  /** The next word after the quote in the same sentence, if any. */
  nextWord?: string;
  /** Is the next word itself part of a cue (a speech verb, pronoun or name)? */
  nextIsCue: boolean;
  /** A speech cue attributes this quote. */
  cue: boolean;
  /** The quote is the predicate of a name right before it ("Blinken also “made clear”"). */
  topic: boolean;
  /** Imagined speech ("as if to say") or a term marker ("so-called", "titled"). */
  notSpeech: boolean;
}

const WORDS = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const FIRST_LETTER = /\p{L}/u;
const ENDS_SENTENCE = /[.!?…][\s"'’”»“›)\]]*$/u;
const ENDS_CLAUSE = /[.!?…,;:][\s"'’”»“›)\]]*$/u;
const LEADING_ELLIPSIS = /^\s*(?:\.\.\.|…|\[\s*\.\.\.\s*\])/u;

/** Every longer word capitalised: a title, a sign, a name ("First of the Season Fresh Alaskan Halibut"). */
function titleCase(words: string[]): boolean {
  if (words.length < 2) return false;
  const long = words.filter((w) => w.length > 3);
  return long.length >= 2 && long.every((w) => /^\p{Lu}/u.test(w));
}

export function classifyQuote(inner: string, c: KindContext): QuoteKind {
  if (c.notSpeech) return 'other';
  const words = inner.match(WORDS) ?? [];
  if (!words.length) return 'other';
  const trimmed = inner.trim();
  const endsSentence = ENDS_SENTENCE.test(trimmed);
  // Titles keep American end punctuation inside the marks (“The World of Tomorrow.”): one sentence at most.
  if (titleCase(words) && !/[.!?…]\s+\S/u.test(trimmed)) return 'other';
  const first = FIRST_LETTER.exec(trimmed)?.[0] ?? '';
  const startsUpper = !LEADING_ELLIPSIS.test(trimmed) && first !== '' && first !== first.toLowerCase();
  // The narration finishes the quoted sentence: “Now it’s hard to see …” to hold up their plans.
  const runsOn =
    !ENDS_CLAUSE.test(trimmed) &&
    c.nextWord !== undefined &&
    /^\s+$/u.test(c.after) &&
    c.nextWord === c.nextWord.toLowerCase() &&
    !c.nextIsCue;
  // French and Russian set the comma after the closing mark: «C’est inacceptable», a-t-elle lancé.
  const complete = words.length >= 3 || ENDS_CLAUSE.test(trimmed) || /^\s*[,.!?…]/u.test(c.after);
  if (startsUpper && !runsOn && complete && (c.introduced || (c.cue && endsSentence))) {
    return 'direct';
  }
  if (c.cue || c.topic) return 'partial';
  return words.length >= 4 ? 'partial' : 'other';
}
