/**
 * Voices per engine and language: a narrator, an ordered palette for speakers (by voice slot) and
 * by-name overrides, with built-in defaults that options can replace. Hand-written tables: the voice
 * catalogues live behind each vendor's API.
 */
import type { Article, Speaker } from '../../model/schema.js';
import { regionTag } from './dialects/make.js';
import type { Engine, VoiceMap } from './options.js';
import type { VoiceRef } from './tree.js';

interface Defaults {
  narrator?: string;
  palette: readonly string[];
}

/** W3C and eSpeak voices are described, not named: "female", "male:3" (gender and variant). */
const DESCRIBED: Defaults = { palette: ['female', 'male:3', 'female:2', 'male:4', 'female:3', 'male:5'] };

const DEFAULTS: Record<Engine, Record<string, Defaults>> = {
  w3c: {},
  espeak: {},
  polly: {
    en: { narrator: 'Joanna', palette: ['Matthew', 'Kendra', 'Joey', 'Kimberly', 'Stephen', 'Salli'] },
    ru: { narrator: 'Tatyana', palette: ['Maxim'] },
    fr: { narrator: 'Lea', palette: ['Mathieu', 'Celine', 'Remi'] },
    de: { narrator: 'Vicki', palette: ['Hans', 'Marlene', 'Daniel'] },
    es: { narrator: 'Lucia', palette: ['Enrique', 'Conchita', 'Sergio'] },
    it: { narrator: 'Bianca', palette: ['Giorgio', 'Carla', 'Adriano'] },
    pt: { narrator: 'Camila', palette: ['Ricardo', 'Vitoria', 'Thiago'] },
  },
  google: {
    en: {
      narrator: 'en-US-Neural2-F',
      palette: [
        'en-US-Neural2-D',
        'en-US-Neural2-C',
        'en-US-Neural2-A',
        'en-US-Neural2-E',
        'en-US-Neural2-J',
      ],
    },
    ru: { narrator: 'ru-RU-Wavenet-A', palette: ['ru-RU-Wavenet-B', 'ru-RU-Wavenet-C', 'ru-RU-Wavenet-D'] },
    fr: { narrator: 'fr-FR-Neural2-A', palette: ['fr-FR-Neural2-B', 'fr-FR-Neural2-C', 'fr-FR-Neural2-D'] },
    de: { narrator: 'de-DE-Neural2-A', palette: ['de-DE-Neural2-B', 'de-DE-Neural2-C', 'de-DE-Neural2-D'] },
    es: { narrator: 'es-ES-Neural2-A', palette: ['es-ES-Neural2-B', 'es-ES-Neural2-C', 'es-ES-Neural2-F'] },
  },
  azure: {
    en: {
      narrator: 'en-US-JennyNeural',
      palette: [
        'en-US-GuyNeural',
        'en-US-AriaNeural',
        'en-US-DavisNeural',
        'en-US-SaraNeural',
        'en-US-TonyNeural',
      ],
    },
    ru: { narrator: 'ru-RU-SvetlanaNeural', palette: ['ru-RU-DmitryNeural', 'ru-RU-DariyaNeural'] },
    fr: {
      narrator: 'fr-FR-DeniseNeural',
      palette: ['fr-FR-HenriNeural', 'fr-FR-EloiseNeural', 'fr-FR-AlainNeural'],
    },
    de: {
      narrator: 'de-DE-KatjaNeural',
      palette: ['de-DE-ConradNeural', 'de-DE-AmalaNeural', 'de-DE-KillianNeural'],
    },
    es: {
      narrator: 'es-ES-ElviraNeural',
      palette: ['es-ES-AlvaroNeural', 'es-ES-AbrilNeural', 'es-ES-ArnauNeural'],
    },
    // Any other language: a multilingual voice reads it.
    '*': { narrator: 'en-US-AvaMultilingualNeural', palette: ['en-US-AndrewMultilingualNeural'] },
  },
  ibm: {
    en: {
      narrator: 'en-US_AllisonV3Voice',
      palette: ['en-US_MichaelV3Voice', 'en-US_LisaV3Voice', 'en-US_KevinV3Voice', 'en-US_EmilyV3Voice'],
    },
    fr: { narrator: 'fr-FR_ReneeV3Voice', palette: ['fr-FR_NicolasV3Voice'] },
    de: { narrator: 'de-DE_BirgitV3Voice', palette: ['de-DE_DieterV3Voice', 'de-DE_ErikaV3Voice'] },
    es: { narrator: 'es-ES_LauraV3Voice', palette: ['es-ES_EnriqueV3Voice'] },
    it: { narrator: 'it-IT_FrancescaV3Voice', palette: [] },
    pt: { narrator: 'pt-BR_IsabelaV3Voice', palette: [] },
  },
};

/** What an engine's voice names look like, to tell whether a speaker's own `voice` is meant for it. */
const VOICE_NAME: Record<Engine, RegExp> = {
  w3c: /^(male|female|neutral)(:\d{1,2})?$/,
  espeak: /^(male|female|neutral)(:\d{1,2})?$/,
  polly: /^[A-Z][a-zà-ÿ]{2,}$/,
  google: /^[a-z]{2,3}-[A-Z]{2}-[A-Za-z0-9]+-[A-Za-z0-9]+$/,
  azure: /^[a-z]{2,3}-[A-Z]{2}-[A-Za-z]+Neural$/,
  ibm: /^[a-z]{2}-[A-Z]{2}_[A-Za-z0-9]+Voice$/,
};

export interface EngineVoices {
  /** The narrator; undefined means the engine's own default voice for the language. */
  narrator: string | undefined;
  /** The voice of a run: a speaker's voice, or the narrator's (undefined). */
  voiceFor(ref: VoiceRef): string | undefined;
  /** True when the article's language has no voice for this engine (neither default nor option). */
  missing: boolean;
}

function primary(lang: string): string {
  return lang.toLowerCase().split('-')[0] ?? lang;
}

function defaultsFor(engine: Engine, lang: string): Defaults | undefined {
  if (engine === 'w3c' || engine === 'espeak') return DESCRIBED;
  const table = DEFAULTS[engine];
  return table[primary(lang)] ?? table['*'];
}

function byName(map: Record<string, string> | undefined, speaker: Speaker): string | undefined {
  if (!map) return undefined;
  const names = new Set(
    [speaker.name, speaker.name.split(/\s+/u).pop() ?? '', ...speaker.aliases].map((n) => n.toLowerCase()),
  );
  for (const [key, voice] of Object.entries(map)) if (names.has(key.toLowerCase())) return voice;
  return undefined;
}

export function engineVoices(engine: Engine, article: Article, map: VoiceMap = {}): EngineVoices {
  const defaults = defaultsFor(engine, article.lang);
  const narrator = map.narrator ?? defaults?.narrator;
  const palette = map.palette ?? defaults?.palette ?? [];
  const speakers = new Map(article.speakers.map((s) => [s.id, s]));
  const cache = new Map<string, string | undefined>();
  return {
    narrator,
    missing: engine !== 'w3c' && engine !== 'espeak' && narrator === undefined,
    voiceFor(ref) {
      if (ref.slot === 0) return narrator;
      const key = `${ref.slot}/${ref.speakerId ?? ''}`;
      if (cache.has(key)) return cache.get(key);
      const speaker = ref.speakerId ? speakers.get(ref.speakerId) : undefined;
      const own = speaker?.voice && VOICE_NAME[engine].test(speaker.voice) ? speaker.voice : undefined;
      const voice =
        (speaker ? byName(map.byName, speaker) : undefined) ??
        own ??
        (palette.length ? palette[(ref.slot - 1) % palette.length] : undefined) ??
        narrator;
      cache.set(key, voice);
      return voice;
    },
  };
}

/** The engine's language code: a region-qualified tag (en-US) for cloud engines, the article's tag otherwise. */
export function engineLang(engine: Engine, lang: string): string {
  return engine === 'w3c' || engine === 'espeak' ? lang : regionTag(lang);
}

/** A described voice ("female:2") as W3C `<voice>` attributes; any other string is a voice name. */
export function describedVoice(voice: string): [string, string][] {
  const m = /^(male|female|neutral)(?::(\d{1,2}))?$/.exec(voice);
  if (!m) return [['name', voice]];
  return m[2]
    ? [
        ['gender', m[1]!],
        ['variant', m[2]],
      ]
    : [['gender', m[1]!]];
}
