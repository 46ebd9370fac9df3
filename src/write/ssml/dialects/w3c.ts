/** W3C SSML 1.1: the whole vocabulary, validated against the W3C schema; voices described by gender/variant. */
import { describedVoice } from '../voices.js';
import { makeDialect, SSML_NS } from './make.js';
import type { Attr } from './types.js';

const sayAsAttrs = (interpretAs: string, format?: string): Attr[] =>
  format
    ? [
        ['interpret-as', interpretAs],
        ['format', format],
      ]
    : [['interpret-as', interpretAs]];

export const w3c = makeDialect({
  engine: 'w3c',
  layout: 'nested',
  declaration: true,
  root: (lang) => [
    ['xmlns', SSML_NS],
    ['version', '1.1'],
    ['xml:lang', lang],
  ],
  limits: {},
  voiceAttrs: describedVoice,
  narratorVoice: true,
  mark: 'mark',
  lang: 'lang',
  langTag: (lang) => lang,
  emphasis: true,
  sayAs: {
    characters: () => sayAsAttrs('characters'),
    date: (leaf) => sayAsAttrs('date', leaf.format),
    time: (leaf) => sayAsAttrs('time', leaf.format),
    ordinal: () => sayAsAttrs('ordinal'),
    telephone: () => sayAsAttrs('telephone'),
  },
  phonemeAlphabets: ['ipa', 'x-sampa'],
  elements: {
    speak: ['xmlns', 'version', 'xml:lang'],
    p: [],
    s: [],
    voice: ['gender', 'variant', 'name'],
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
