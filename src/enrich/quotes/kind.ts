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

interface WordStats {
  count: number;
  /** Every word longer than three letters is capitalised, and there are at least two such words. */
  titleCase: boolean;
}

/** Counts words (up to what classification needs) and tells whether the text is in title case. */
function wordStats(text: string): WordStats {
  let count = 0;
  let long = 0;
  let titleCase = true;
  WORDS.lastIndex = 0;
  for (let m = WORDS.exec(text); m; m = WORDS.exec(text)) {
    count++;
    const w = m[0];
    if (w.length > 3) {
      long++;
      if (w[0] === w[0]!.toLowerCase()) titleCase = false;
    }
    if (!titleCase && count >= 4) break; // enough to decide
  }
  return { count, titleCase: titleCase && count >= 2 && long >= 2 };
}

/**
 * `inner` is the quoted text; `own` the same text without the quotations nested in it, whose words
 * (a title quoted inside a sentence) say nothing about what the outer quote is.
 */
export function classifyQuote(inner: string, c: KindContext, own = inner): QuoteKind {
  if (c.notSpeech) return 'other';
  const stats = wordStats(own);
  if (!stats.count) return 'other';
  const trimmed = inner.trim();
  const endsSentence = ENDS_SENTENCE.test(trimmed);
  // Titles keep American end punctuation inside the marks (“The World of Tomorrow.”): one sentence at most.
  if (stats.titleCase && !/[.!?…]\s+\S/u.test(trimmed)) return 'other';
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
  const complete = stats.count >= 3 || ENDS_CLAUSE.test(trimmed) || /^\s*[,.!?…]/u.test(c.after);
  if (startsUpper && !runsOn && complete && (c.introduced || (c.cue && endsSentence))) {
    return 'direct';
  }
  if (c.cue || c.topic) return 'partial';
  return stats.count >= 4 ? 'partial' : 'other';
}
