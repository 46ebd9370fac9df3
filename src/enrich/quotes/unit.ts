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
export function analyseUnit(unit: Unit, lex: Lexicon, french: boolean, vocab: Set<string>, collect: boolean): void {
  unit.tokens = tokenize(unit.text, unit.spans, french);
  if (collect) for (const t of unit.tokens) if (t.quote < 0 && !t.cap) vocab.add(t.low);
  unit.sentences = splitSentences(unit.text, unit.tokens, unit.spans, lex);
  unit.sentenceOf = new Array(unit.tokens.length);
  unit.sentences.forEach((s, i) => {
    for (let t = s.t0; t < s.t1; t++) unit.sentenceOf[t] = i;
  });
  unit.quoteToken = [];
  unit.tokens.forEach((t, i) => {
    if (t.quote >= 0) unit.quoteToken[t.quote] = i;
  });
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
