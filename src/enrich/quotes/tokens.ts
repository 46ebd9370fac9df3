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

const WORD = /[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu;
const ELIDED = /^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)[’'](?=\p{L})/iu;
const INVERTED = /^(\p{L}+)-(?:t-)?(il|elle|ils|elles|on)$/iu;
const UPPER = /^\p{Lu}/u;
const SENTENCE_PUNCT = /[.!?…]/;

function word(text: string, s: number, e: number): Token {
  const t = text.slice(s, e);
  let low = t.toLowerCase();
  if (low.includes("'")) low = low.replace(/'/g, '’');
  const first = t[0]!;
  const cap = first !== low[0] && UPPER.test(first);
  return { s, e, text: t, low, cap, quote: -1 };
}

/** Words and quotation tokens of a block, in order. `spans` are the block's top-level quotations. */
export function tokenize(text: string, spans: readonly QuoteSpan[], french: boolean): Token[] {
  const tokens: Token[] = [];
  let from = 0;
  const scan = (to: number) => {
    WORD.lastIndex = from;
    for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
      const s = m.index;
      const e = Math.min(s + m[0].length, to);
      if (french) {
        const el = ELIDED.exec(m[0]);
        if (el) {
          // l’Arcep → l’ + Arcep; qu’il → qu’ + il
          tokens.push(word(text, s, s + el[0].length));
          const rest = s + el[0].length;
          if (rest < e) pushWord(rest, e);
          continue;
        }
      }
      pushWord(s, e);
    }
  };
  const pushWord = (s: number, e: number) => {
    const inv = INVERTED.exec(text.slice(s, e));
    if (inv) {
      // a-t-il, dit-elle: the verb and its subject pronoun.
      tokens.push(word(text, s, s + inv[1]!.length));
      tokens.push(word(text, e - inv[2]!.length, e));
      return;
    }
    tokens.push(word(text, s, e));
  };
  spans.forEach((span, index) => {
    scan(span.open);
    tokens.push({ s: span.open, e: span.end, text: '', low: '', cap: false, quote: index });
    from = span.end;
  });
  scan(text.length);
  return tokens;
}

/** Does the quotation's own text end a sentence ("… talks.” Next …)? */
function quoteEndsSentence(text: string, span: QuoteSpan): boolean {
  const inner = text.slice(span.innerStart, span.innerEnd).replace(/[\s"'’”»“›)\]]+$/u, '');
  return SENTENCE_PUNCT.test(inner[inner.length - 1] ?? '');
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
