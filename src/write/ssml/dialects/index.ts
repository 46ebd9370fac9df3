/**
 * The dialects: one description of every engine — what sets it apart from W3C SSML 1.1 — from which
 * `makeDialect` derives how the writer writes for it and what the checker allows.
 */
import type { Engine } from '../options.js';
import { makeDialect, SAY_AS, SSML_NS, sayAsWithout } from './make.js';
import { regionTag } from './region.js';
import type { Dialect, DialectSpec } from './types.js';

/** What most engines share: W3C SSML 1.1 without a namespace or declaration, region-qualified spans. */
const BASE = {
  layout: 'nested',
  declaration: false,
  root: () => [],
  limits: {},
  mark: 'mark',
  lang: 'lang',
  langTag: regionTag,
  emphasis: true,
  sayAs: SAY_AS,
  phonemeAlphabets: ['ipa', 'x-sampa'],
} as const satisfies Omit<DialectSpec, 'engine'>;

const asWritten = (lang: string) => lang;

const SPECS: Record<Engine, DialectSpec> = {
  /** W3C SSML 1.1: the whole vocabulary, validated against the W3C schema; voices described by gender/variant. */
  w3c: {
    ...BASE,
    engine: 'w3c',
    declaration: true,
    root: (lang) => [
      ['xmlns', SSML_NS],
      ['version', '1.1'],
      ['xml:lang', lang],
    ],
    voice: 'described',
    narratorVoice: true,
    langTag: asWritten,
  },
  /**
   * Amazon Polly: bare `<speak>`, no `<voice>` (each request names its VoiceId), no `<emphasis>` (not
   * available for neural voices), `say-as` time means a duration there so clock times stay text;
   * 6,000 characters per request, 3,000 billed; pauses up to 10 s.
   */
  polly: {
    ...BASE,
    engine: 'polly',
    layout: 'none',
    limits: { maxChars: 6000, maxBilledChars: 3000 },
    maxBreakMs: 10_000,
    emphasis: false,
    sayAs: sayAsWithout('time'),
  },
  /**
   * Google Cloud Text-to-Speech: bare `<speak>`, speakers as `<voice name>` (the narrator is the request's
   * voice), date formats spelled with y/m/d letters; 5,000 bytes per request including tags.
   */
  google: {
    ...BASE,
    engine: 'google',
    limits: { maxBytes: 5000 },
    maxBreakMs: 10_000,
    voice: 'named',
    sayAs: {
      ...SAY_AS,
      date: { as: 'date', format: (f) => (f === 'dmy' ? 'ddmmyyyy' : f === 'mdy' ? 'mmddyyyy' : 'yyyymmdd') },
    },
  },
  /**
   * Azure AI Speech: `<speak version="1.0" xmlns xml:lang>` holding only `<voice name>` elements (the
   * narrator's too, never nested), `<bookmark mark>` instead of `<mark>`; no `<lang>` (multilingual voices
   * only) or `<emphasis>` (a few voices only); 64 KB and 50 voice elements per request, pauses up to 20 s.
   */
  azure: {
    ...BASE,
    engine: 'azure',
    layout: 'top',
    root: (lang) => [
      ['xmlns', SSML_NS],
      ['version', '1.0'],
      ['xml:lang', regionTag(lang)],
    ],
    limits: { maxBytes: 65_536, maxVoices: 50 },
    maxBreakMs: 20_000,
    voice: 'named',
    mark: 'bookmark',
    lang: false,
    emphasis: false,
    phonemeAlphabets: ['ipa', 'sapi', 'ups', 'x-sampa'],
  },
  /**
   * IBM Watson Text to Speech: bare `<speak>`, no `<voice>` (each request names its voice) and no
   * `<lang>`; say-as uses `letters` and `vxml:phone`; 5 KB per request including tags.
   */
  ibm: {
    ...BASE,
    engine: 'ibm',
    layout: 'none',
    limits: { maxBytes: 5000 },
    maxBreakMs: 10_000,
    lang: false,
    sayAs: {
      characters: { as: 'letters' },
      date: SAY_AS.date,
      ordinal: SAY_AS.ordinal,
      telephone: { as: 'vxml:phone' },
    },
    phonemeAlphabets: ['ipa', 'ibm'],
  },
  /**
   * eSpeak NG (`espeak-ng -m`): `<speak xml:lang>`, speakers as `<voice gender variant>`, spans in another
   * language as `<voice xml:lang>` (eSpeak ignores `<lang>`); say-as only for letters and telephone
   * numbers; no phoneme alphabet it shares with lexicons. eSpeak copies attribute values without
   * decoding entities, so markup characters are kept out of them.
   */
  espeak: {
    ...BASE,
    engine: 'espeak',
    declaration: true,
    root: (lang) => [['xml:lang', lang]],
    voice: 'described',
    narratorVoice: true,
    lang: 'voice',
    langTag: asWritten,
    sayAs: { characters: SAY_AS.characters, telephone: SAY_AS.telephone },
    phonemeAlphabets: [],
    attrValue: (value) =>
      value
        .replace(/[&<>"']/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
  },
};

export const dialects: Record<Engine, Dialect> = {
  w3c: makeDialect(SPECS.w3c),
  polly: makeDialect(SPECS.polly),
  google: makeDialect(SPECS.google),
  azure: makeDialect(SPECS.azure),
  ibm: makeDialect(SPECS.ibm),
  espeak: makeDialect(SPECS.espeak),
};

export type { Attr, Dialect, Limits, Sink } from './types.js';
