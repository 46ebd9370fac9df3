/** One block's text prepared for attribution: quotation spans, tokens, sentences and mentions. */
import type { Inline } from '../../model/schema.js';
import { type Flat, flatten } from './flat.js';
import type { Lexicon } from './lexicon.js';
import { findMentions, type Mention } from './mentions.js';
import { findQuoteSpans, type QuoteSpan } from './spans.js';
import { type Sentence, splitSentences, type Token, tokenize } from './tokens.js';

export type UnitRole = 'text' | 'heading' | 'caption';

export interface Unit {
  role: UnitRole;
  /** Order of the unit in the article. */
  index: number;
  inlines: readonly Inline[];
  flat: Flat;
  text: string;
  spans: QuoteSpan[];
  /** The top-level span still open at the end of the block, and whether it opened with a typewriter mark. */
  open: { span: QuoteSpan; straight: boolean } | null;
  tokens: Token[];
  sentences: Sentence[];
  /** Sentence index of each token. */
  sentenceOf: number[];
  mentions: Mention[];
  /** The mention whose last token is at this index / whose first (or title) token is at this index. */
  endsAt: (Mention | undefined)[];
  startsAt: (Mention | undefined)[];
  /** Token index of each top-level span. */
  quoteToken: number[];
}

/** Flat text and quotation spans; tokens come later, once spans across blocks are settled. */
export function prepareUnit(inlines: readonly Inline[], role: UnitRole, index: number): Unit {
  const flat = flatten(inlines);
  const { spans, open } = findQuoteSpans(flat.text);
  return {
    role,
    index,
    inlines,
    flat,
    text: flat.text,
    spans,
    open,
    tokens: [],
    sentences: [],
    sentenceOf: [],
    mentions: [],
    endsAt: [],
    startsAt: [],
    quoteToken: [],
  };
}

/** Tokens, sentences and mentions of a unit whose spans are final. */
export function analyseUnit(unit: Unit, lex: Lexicon, french: boolean): void {
  const tokens = tokenize(unit.text, unit.spans, french);
  unit.tokens = tokens;
  unit.sentences = splitSentences(unit.text, tokens, unit.spans, lex);
  const sentenceOf = new Array<number>(tokens.length);
  for (let i = 0; i < unit.sentences.length; i++) {
    const s = unit.sentences[i]!;
    for (let t = s.t0; t < s.t1; t++) sentenceOf[t] = i;
  }
  unit.sentenceOf = sentenceOf;
  unit.quoteToken = [];
  for (let i = 0; i < tokens.length; i++) {
    const q = tokens[i]!.quote;
    if (q >= 0) unit.quoteToken[q] = i;
  }
}

/**
 * The lowercased words that open a sentence and that the article also writes in lower case
 * ("Taking", "Children"): their capital is only sentence case, not a name.
 */
export function sentenceCaseWords(units: readonly Unit[]): Set<string> {
  const wanted = new Set<string>();
  for (const u of units) {
    for (const s of u.sentences) {
      const t = u.tokens[s.t0];
      if (t?.cap) wanted.add(t.low);
    }
    for (let i = 1; i < u.tokens.length; i++) {
      const t = u.tokens[i]!;
      if (t.cap && u.tokens[i - 1]!.quote >= 0) wanted.add(t.low);
    }
  }
  const found = new Set<string>();
  for (const u of units)
    for (const t of u.tokens) if (!t.cap && t.quote < 0 && wanted.has(t.low)) found.add(t.low);
  return found;
}

export function findUnitMentions(unit: Unit, lex: Lexicon, vocab: ReadonlySet<string>): void {
  unit.mentions = findMentions(unit.text, unit.tokens, unit.sentences, lex, vocab);
  unit.endsAt = new Array(unit.tokens.length);
  unit.startsAt = new Array(unit.tokens.length);
  for (const m of unit.mentions) {
    unit.endsAt[m.t1 - 1] = m;
    unit.startsAt[m.t0] ??= m;
    unit.startsAt[m.lead] ??= m;
  }
}
