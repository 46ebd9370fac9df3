/**
 * Words and sentences of the narration around quotations. The block text is tokenised with every
 * top-level quotation standing as one opaque token, so cue rules never read words inside a quote and
 * sentence ends inside a quote do not split the narration.
 */
import type { Lexicon } from './lexicon.js';
import type { QuoteSpan } from './spans.js';

export interface Token {
  /** Start and end (exclusive) in the block text. */
  s: number;
  e: number;
  text: string;
  /** Lowercased, typewriter apostrophes as ’. */
  low: string;
  /** Starts with a capital letter. */
  cap: boolean;
  /** Index of the top-level quotation this token stands for, or -1 for a word. */
  quote: number;
}

export interface Sentence {
  /** Token range [t0, t1). */
  t0: number;
  t1: number;
}

const ELIDED = /^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)[’'](?=\p{L})/iu;
const INVERTED = /^(\p{L}+)-(?:t-)?(il|elle|ils|elles|on)$/iu;
const UPPER = /^\p{Lu}/u;
const SENTENCE_PUNCT = /[.!?…]/;
/** Closing marks and brackets that may follow a quotation's final punctuation. */
const TRAILING = '"\'’”»“›)]';

function word(text: string, s: number, e: number): Token {
  const t = text.slice(s, e);
  let low = t.toLowerCase();
  if (low.includes("'")) low = low.replace(/'/g, '’');
  const first = t[0]!;
  const cap = first !== low[0] && UPPER.test(first);
  return { s, e, text: t, low, cap, quote: -1 };
}

const LETTER = /[\p{L}\p{N}\p{M}]/u;

/** A letter, digit or combining mark (fast paths for ASCII, Latin and Cyrillic). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x400 && c <= 0x52f)) return true;
  return LETTER.test(text[i]!);
}

/** Characters that join two runs of letters into one word: co-founder, don’t, U.S. */
function isJoiner(c: number): boolean {
  return c === 45 || c === 39 || c === 0x2019 || c === 46;
}

function pushWord(tokens: Token[], text: string, s: number, e: number, hyphen: boolean): void {
  const inv = hyphen ? INVERTED.exec(text.slice(s, e)) : null;
  if (inv) {
    // a-t-il, dit-elle: the verb and its subject pronoun.
    tokens.push(word(text, s, s + inv[1]!.length));
    tokens.push(word(text, e - inv[2]!.length, e));
    return;
  }
  tokens.push(word(text, s, e));
}

function scanWords(tokens: Token[], text: string, from: number, to: number, french: boolean): void {
  let i = from;
  while (i < to) {
    if (!isWordChar(text, i)) {
      i++;
      continue;
    }
    const s = i;
    let hyphen = false;
    let apostrophe = false;
    for (;;) {
      while (i < to && isWordChar(text, i)) i++;
      const c = text.charCodeAt(i);
      if (i + 1 < to && isJoiner(c) && isWordChar(text, i + 1)) {
        if (c === 45) hyphen = true;
        else if (c !== 46) apostrophe = true;
        i++;
      } else break;
    }
    const e = i;
    if (french && apostrophe) {
      const el = ELIDED.exec(text.slice(s, e));
      if (el) {
        // l’Arcep → l’ + Arcep; qu’il → qu’ + il
        tokens.push(word(text, s, s + el[0].length));
        if (s + el[0].length < e) pushWord(tokens, text, s + el[0].length, e, hyphen);
        continue;
      }
    }
    pushWord(tokens, text, s, e, hyphen);
  }
}

/** Words and quotation tokens of a block, in order. `spans` are the block's top-level quotations. */
export function tokenize(text: string, spans: readonly QuoteSpan[], french: boolean): Token[] {
  const tokens: Token[] = [];
  let from = 0;
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index]!;
    scanWords(tokens, text, from, span.open, french);
    tokens.push({ s: span.open, e: span.end, text: '', low: '', cap: false, quote: index });
    from = span.end;
  }
  scanWords(tokens, text, from, text.length, french);
  return tokens;
}

/** Does the quotation's own text end a sentence ("… talks.” Next …)? */
function quoteEndsSentence(text: string, span: QuoteSpan): boolean {
  for (let i = span.innerEnd - 1; i >= span.innerStart; i--) {
    const c = text[i]!;
    if (TRAILING.includes(c) || c.trim() === '') continue;
    return SENTENCE_PUNCT.test(c);
  }
  return false;
}

/** Splits the token stream into sentences. */
export function splitSentences(
  text: string,
  tokens: readonly Token[],
  spans: readonly QuoteSpan[],
  lex: Lexicon,
): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    const nextStarts = b.quote >= 0 || b.cap || /^\d/.test(b.text);
    if (!nextStarts) continue;
    if (b.s - a.e === 1 && a.quote < 0 && text.charCodeAt(a.e) === 32) continue; // "word Word": no sentence end
    const gap = text.slice(a.e, b.s);
    let boundary = false;
    if (a.quote >= 0) {
      boundary = /^\s+$/.test(gap) ? quoteEndsSentence(text, spans[a.quote]!) : SENTENCE_PUNCT.test(gap);
    } else if (SENTENCE_PUNCT.test(gap) && /\s/.test(gap)) {
      const period = gap[0] === '.';
      // "Mr. Reeves", "Robert M. Danin", "the U.S. Secretary": a period after an abbreviation or initial.
      const abbreviation =
        period && (lex.abbreviations.has(a.low) || a.text.length === 1 || a.text.includes('.'));
      boundary = !abbreviation || /[!?…]/.test(gap) || /\.\s*\.|\.\s+[—–-]/.test(gap);
      if (abbreviation && period && b.quote >= 0) boundary = true;
    }
    if (boundary) {
      out.push({ t0: start, t1: i + 1 });
      start = i + 1;
    }
  }
  if (start < tokens.length) out.push({ t0: start, t1: tokens.length });
  return out;
}

/** The text between two tokens (from the block start / to the block end when one is missing). */
export function gapText(text: string, a: Token | undefined, b: Token | undefined): string {
  return text.slice(a ? a.e : 0, b ? b.s : text.length);
}
