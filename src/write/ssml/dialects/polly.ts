/**
 * Amazon Polly: bare `<speak>`, no `<voice>` (each request names its VoiceId), no `<emphasis>` (not
 * available for neural voices), `say-as` time means a duration there so clock times stay text;
 * 6,000 characters per request, 3,000 billed; pauses up to 10 s.
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

export const polly = makeDialect({
  engine: 'polly',
  layout: 'none',
  declaration: false,
  root: () => [],
  limits: { maxChars: 6000, maxBilledChars: 3000 },
  maxBreakMs: 10_000,
  mark: 'mark',
  lang: 'lang',
  langTag: regionTag,
  emphasis: false,
  sayAs: {
    characters: () => sayAsAttrs('characters'),
    date: (leaf) => sayAsAttrs('date', leaf.format),
    ordinal: () => sayAsAttrs('ordinal'),
    telephone: () => sayAsAttrs('telephone'),
  },
  phonemeAlphabets: ['ipa', 'x-sampa'],
  elements: {
    speak: [],
    p: [],
    s: [],
    lang: ['xml:lang'],
    'say-as': ['interpret-as', 'format'],
    sub: ['alias'],
    phoneme: ['alphabet', 'ph'],
    break: ['time'],
    mark: ['name'],
  },
  interpretAs: ['characters', 'date', 'ordinal', 'telephone'],
});
