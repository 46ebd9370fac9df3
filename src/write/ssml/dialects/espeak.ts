/**
 * eSpeak NG (`espeak-ng -m`): `<speak xml:lang>`, speakers as `<voice gender variant>`, spans in another
 * language as `<voice xml:lang>` (eSpeak ignores `<lang>`); say-as only for letters and telephone
 * numbers; no phoneme alphabet it shares with lexicons. eSpeak copies attribute values without
 * decoding entities, so markup characters are kept out of them.
 */
import { describedVoice } from '../voices.js';
import { makeDialect } from './make.js';

export const espeak = makeDialect({
  engine: 'espeak',
  layout: 'nested',
  declaration: true,
  root: (lang) => [['xml:lang', lang]],
  limits: {},
  voiceAttrs: describedVoice,
  narratorVoice: true,
  mark: 'mark',
  lang: 'voice',
  langTag: (lang) => lang,
  emphasis: true,
  sayAs: {
    characters: () => [['interpret-as', 'characters']],
    telephone: () => [['interpret-as', 'telephone']],
  },
  phonemeAlphabets: [],
  attrValue: (value) =>
    value
      .replace(/[&<>"']/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  elements: {
    speak: ['xml:lang'],
    p: [],
    s: [],
    voice: ['gender', 'variant', 'name', 'xml:lang'],
    emphasis: ['level'],
    'say-as': ['interpret-as'],
    sub: ['alias'],
    break: ['time'],
    mark: ['name'],
  },
  interpretAs: ['characters', 'telephone'],
});
