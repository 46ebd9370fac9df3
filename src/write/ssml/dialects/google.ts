/**
 * Google Cloud Text-to-Speech: bare `<speak>`, speakers as `<voice name>` (the narrator is the request's
 * voice), date formats spelled with y/m/d letters; 5,000 bytes per request including tags.
 */
import { makeDialect, regionTag } from './make.js';
import type { Attr } from './types.js';

const DATE_FORMATS: Record<string, string> = { ymd: 'yyyymmdd', dmy: 'ddmmyyyy', mdy: 'mmddyyyy' };

const sayAsAttrs = (interpretAs: string, format?: string): Attr[] =>
  format
    ? [
        ['interpret-as', interpretAs],
        ['format', format],
      ]
    : [['interpret-as', interpretAs]];

export const google = makeDialect({
  engine: 'google',
  layout: 'nested',
  declaration: false,
  root: () => [],
  limits: { maxBytes: 5000 },
  maxBreakMs: 10_000,
  voiceAttrs: (voice) => [['name', voice]],
  mark: 'mark',
  lang: 'lang',
  langTag: regionTag,
  emphasis: true,
  sayAs: {
    characters: () => sayAsAttrs('characters'),
    date: (leaf) => sayAsAttrs('date', DATE_FORMATS[leaf.format ?? 'ymd'] ?? 'yyyymmdd'),
    time: (leaf) => sayAsAttrs('time', leaf.format),
    ordinal: () => sayAsAttrs('ordinal'),
    telephone: () => sayAsAttrs('telephone'),
  },
  phonemeAlphabets: ['ipa', 'x-sampa'],
  elements: {
    speak: [],
    p: [],
    s: [],
    voice: ['name'],
    lang: ['xml:lang'],
    emphasis: ['level'],
    'say-as': ['interpret-as', 'format'],
    sub: ['alias'],
    phoneme: ['alphabet', 'ph'],
    break: ['time'],
    mark: ['name'],
  },
  interpretAs: ['characters', 'date', 'time', 'ordinal', 'telephone'],
});
