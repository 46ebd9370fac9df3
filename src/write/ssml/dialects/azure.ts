/**
 * Azure AI Speech: `<speak version="1.0" xmlns xml:lang>` holding only `<voice name>` elements (the
 * narrator's too, never nested), `<bookmark mark>` instead of `<mark>`; no `<lang>` (multilingual voices
 * only) or `<emphasis>` (a few voices only); 64 KB and 50 voice elements per request, pauses up to 20 s.
 */
import { makeDialect, regionTag, SSML_NS } from './make.js';
import type { Attr } from './types.js';

const sayAsAttrs = (interpretAs: string, format?: string): Attr[] =>
  format
    ? [
        ['interpret-as', interpretAs],
        ['format', format],
      ]
    : [['interpret-as', interpretAs]];

export const azure = makeDialect({
  engine: 'azure',
  layout: 'top',
  declaration: false,
  root: (lang) => [
    ['xmlns', SSML_NS],
    ['version', '1.0'],
    ['xml:lang', regionTag(lang)],
  ],
  limits: { maxBytes: 65_536, maxVoices: 50 },
  maxBreakMs: 20_000,
  voiceAttrs: (voice) => [['name', voice]],
  mark: 'bookmark',
  lang: false,
  langTag: regionTag,
  emphasis: false,
  sayAs: {
    characters: () => sayAsAttrs('characters'),
    date: (leaf) => sayAsAttrs('date', leaf.format),
    time: (leaf) => sayAsAttrs('time', leaf.format),
    ordinal: () => sayAsAttrs('ordinal'),
    telephone: () => sayAsAttrs('telephone'),
  },
  phonemeAlphabets: ['ipa', 'sapi', 'ups', 'x-sampa'],
  elements: {
    speak: ['xmlns', 'version', 'xml:lang'],
    voice: ['name'],
    p: [],
    s: [],
    'say-as': ['interpret-as', 'format'],
    sub: ['alias'],
    phoneme: ['alphabet', 'ph'],
    break: ['time'],
    bookmark: ['mark'],
  },
  interpretAs: ['characters', 'date', 'time', 'ordinal', 'telephone'],
});
