/**
 * Default quotation marks by language, outer and nested, after CLDR's delimiters. Hand-written: the
 * platform's Intl API does not expose quotation delimiters. Used by readers that turn `<q>` into marks
 * and by writers that print a quotation's marks when the source did not record them.
 */
import { lookupByLang } from './lang.js';

export type MarkPair = readonly [open: string, close: string];
/** Outer and nested quotation marks. */
type QuoteStyle = readonly [outer: MarkPair, inner: MarkPair];

const NNBSP = '\u202f';
const ENGLISH_QUOTES: QuoteStyle = [
  ['“', '”'],
  ['‘', '’'],
];
const GUILLEMETS_LOW: QuoteStyle = [
  ['«', '»'],
  ['„', '“'],
];
const GUILLEMETS_CURLY: QuoteStyle = [
  ['«', '»'],
  ['“', '”'],
];

/** Default quotation marks by language (full tag first, then primary subtag), after CLDR delimiters. */
const QUOTE_STYLES: Record<string, QuoteStyle> = {
  en: ENGLISH_QUOTES,
  zh: ENGLISH_QUOTES,
  ko: ENGLISH_QUOTES,
  tr: ENGLISH_QUOTES,
  pt: ENGLISH_QUOTES,
  nl: ENGLISH_QUOTES,
  ru: GUILLEMETS_LOW,
  uk: GUILLEMETS_LOW,
  be: GUILLEMETS_LOW,
  fr: [
    [`«${NNBSP}`, `${NNBSP}»`],
    ['“', '”'],
  ],
  'fr-CH': GUILLEMETS_CURLY,
  de: [
    ['„', '“'],
    ['‚', '‘'],
  ],
  'de-CH': [
    ['«', '»'],
    ['‹', '›'],
  ],
  cs: [
    ['„', '“'],
    ['‚', '‘'],
  ],
  es: GUILLEMETS_CURLY,
  it: GUILLEMETS_CURLY,
  ca: GUILLEMETS_CURLY,
  el: GUILLEMETS_CURLY,
  ar: GUILLEMETS_CURLY,
  fa: GUILLEMETS_CURLY,
  pl: [
    ['„', '”'],
    ['«', '»'],
  ],
  he: [
    ['”', '”'],
    ['’', '’'],
  ],
  ja: [
    ['「', '」'],
    ['『', '』'],
  ],
  sv: [
    ['”', '”'],
    ['’', '’'],
  ],
  fi: [
    ['”', '”'],
    ['’', '’'],
  ],
  da: [
    ['»', '«'],
    ['›', '‹'],
  ],
};

/** The default marks for a quotation at `depth` (0 = outermost) in `lang`; English marks when unknown. */
export function defaultQuoteMarks(lang: string, depth: number): MarkPair {
  const style = lookupByLang(QUOTE_STYLES, lang) ?? ENGLISH_QUOTES;
  return style[depth % 2 === 0 ? 0 : 1];
}
