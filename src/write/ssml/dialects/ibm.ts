/**
 * IBM Watson Text to Speech: bare `<speak>`, no `<voice>` (each request names its voice) and no
 * `<lang>`; say-as uses `letters` and `vxml:phone`; 5 KB per request including tags.
 */
import { makeDialect, regionTag } from './make.js';
import type { Attr } from './types.js';

const sayAsAttrs = (interpretAs: string, format?: string): Attr[] =>
  format
    ? [
        ['interpret-as', interpretAs],
        ['format', format],
      ]
    : [['interpret-as', interpretAs]];

export const ibm = makeDialect({
  engine: 'ibm',
  layout: 'none',
  declaration: false,
  root: () => [],
  limits: { maxBytes: 5000 },
  maxBreakMs: 10_000,
  mark: 'mark',
  lang: false,
  langTag: regionTag,
  emphasis: true,
  sayAs: {
    characters: () => sayAsAttrs('letters'),
    date: (leaf) => sayAsAttrs('date', leaf.format),
    ordinal: () => sayAsAttrs('ordinal'),
    telephone: () => sayAsAttrs('vxml:phone'),
  },
  phonemeAlphabets: ['ipa', 'ibm'],
  elements: {
    speak: [],
    p: [],
    s: [],
    emphasis: ['level'],
    'say-as': ['interpret-as', 'format'],
    sub: ['alias'],
    phoneme: ['alphabet', 'ph'],
    break: ['time'],
    mark: ['name'],
  },
  interpretAs: ['letters', 'date', 'ordinal', 'vxml:phone'],
});
