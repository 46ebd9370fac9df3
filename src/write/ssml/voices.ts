/**
 * Voices per engine and language: a narrator, an ordered palette for speakers (by voice slot) and
 * by-name overrides, with built-in defaults that options can replace. Hand-written tables: the voice
 * catalogues live behind each vendor's API.
 */
import type { Article, Speaker } from '../../model/schema.js';
import { regionTag } from './dialects/region.js';
import type { Engine, VoiceMap } from './options.js';
import type { VoiceRef } from './tree.js';

export type VoiceGender = 'female' | 'male';

/**
 * A speaker's gender as far as voices go. The model's Speaker has no such field yet (the quotes transform
 * learns it from pronouns, titles and verb endings, but does not keep it): read here when present.
 */
export function speakerGender(speaker: Speaker): VoiceGender | undefined {
  const g = (speaker as Speaker & { gender?: unknown }).gender;
  return g === 'female' || g === 'male' ? g : undefined;
}

/** Built-in voices of one engine and language: every narrator is a female voice. */
interface Defaults {
  narrator?: string;
  /** Other female voices, then male voices, for speakers (best first). */
  female: readonly string[];
  male: readonly string[];
  /** The gender the palette for speakers of unknown gender starts with (default male: unlike the narrator). */
  first?: VoiceGender;
}

const NARRATOR_GENDER: VoiceGender = 'female';

/**
 * W3C and eSpeak voices are described, not named: "female", "male:3" (gender and variant). There is no
 * narrator voice (the engine's default, male for eSpeak), so speakers start with a female voice.
 */
const DESCRIBED: Defaults = {
  female: ['female', 'female:2', 'female:3'],
  male: ['male:3', 'male:4', 'male:5'],
  first: 'female',
};

const DEFAULTS: Record<Engine, Record<string, Defaults>> = {
  w3c: {},
  espeak: {},
  polly: {
    en: { narrator: 'Joanna', female: ['Kendra', 'Kimberly', 'Salli'], male: ['Matthew', 'Joey', 'Stephen'] },
    ru: { narrator: 'Tatyana', female: [], male: ['Maxim'] },
    fr: { narrator: 'Lea', female: ['Celine'], male: ['Mathieu', 'Remi'] },
    de: { narrator: 'Vicki', female: ['Marlene'], male: ['Hans', 'Daniel'] },
    es: { narrator: 'Lucia', female: ['Conchita'], male: ['Enrique', 'Sergio'] },
    it: { narrator: 'Bianca', female: ['Carla'], male: ['Giorgio', 'Adriano'] },
    pt: { narrator: 'Camila', female: ['Vitoria'], male: ['Ricardo', 'Thiago'] },
  },
  google: {
    en: {
      narrator: 'en-US-Neural2-F',
      female: ['en-US-Neural2-C', 'en-US-Neural2-E'],
      male: ['en-US-Neural2-D', 'en-US-Neural2-A', 'en-US-Neural2-J'],
    },
    ru: {
      narrator: 'ru-RU-Wavenet-A',
      female: ['ru-RU-Wavenet-C'],
      male: ['ru-RU-Wavenet-B', 'ru-RU-Wavenet-D'],
    },
    fr: {
      narrator: 'fr-FR-Neural2-A',
      female: ['fr-FR-Neural2-C'],
      male: ['fr-FR-Neural2-B', 'fr-FR-Neural2-D'],
    },
    de: {
      narrator: 'de-DE-Neural2-A',
      female: ['de-DE-Neural2-C'],
      male: ['de-DE-Neural2-B', 'de-DE-Neural2-D'],
    },
    es: {
      narrator: 'es-ES-Neural2-A',
      female: ['es-ES-Neural2-C'],
      male: ['es-ES-Neural2-B', 'es-ES-Neural2-F'],
    },
  },
  azure: {
    en: {
      narrator: 'en-US-JennyNeural',
      female: ['en-US-AriaNeural', 'en-US-SaraNeural'],
      male: ['en-US-GuyNeural', 'en-US-DavisNeural', 'en-US-TonyNeural'],
    },
    ru: { narrator: 'ru-RU-SvetlanaNeural', female: ['ru-RU-DariyaNeural'], male: ['ru-RU-DmitryNeural'] },
    fr: {
      narrator: 'fr-FR-DeniseNeural',
      female: ['fr-FR-EloiseNeural'],
      male: ['fr-FR-HenriNeural', 'fr-FR-AlainNeural'],
    },
    de: {
      narrator: 'de-DE-KatjaNeural',
      female: ['de-DE-AmalaNeural'],
      male: ['de-DE-ConradNeural', 'de-DE-KillianNeural'],
    },
    es: {
      narrator: 'es-ES-ElviraNeural',
      female: ['es-ES-AbrilNeural'],
      male: ['es-ES-AlvaroNeural', 'es-ES-ArnauNeural'],
    },
    // Any other language: a multilingual voice reads it.
    '*': { narrator: 'en-US-AvaMultilingualNeural', female: [], male: ['en-US-AndrewMultilingualNeural'] },
  },
  ibm: {
    en: {
      narrator: 'en-US_AllisonV3Voice',
      female: ['en-US_LisaV3Voice', 'en-US_EmilyV3Voice'],
      male: ['en-US_MichaelV3Voice', 'en-US_KevinV3Voice'],
    },
    fr: { narrator: 'fr-FR_ReneeV3Voice', female: [], male: ['fr-FR_NicolasV3Voice'] },
    de: { narrator: 'de-DE_BirgitV3Voice', female: ['de-DE_ErikaV3Voice'], male: ['de-DE_DieterV3Voice'] },
    es: { narrator: 'es-ES_LauraV3Voice', female: [], male: ['es-ES_EnriqueV3Voice'] },
    it: { narrator: 'it-IT_FrancescaV3Voice', female: [], male: [] },
    pt: { narrator: 'pt-BR_IsabelaV3Voice', female: [], male: [] },
  },
};

/** The palette for speakers of unknown gender: the two genders' voices in turn. */
function mixed(d: Defaults): string[] {
  const [a, b] = d.first === 'female' ? [d.female, d.male] : [d.male, d.female];
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

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

/**
 * The voices of an engine for an article. A speaker gets, in this order: a voice by name (`byName`), their
 * own `voice` when it is one of this engine's, a voice of their gender (the engine's female or male voices,
 * or `female`/`male` of the options; speakers of one gender take them in turn, by voice slot), the palette
 * by voice slot, the narrator.
 */
export function engineVoices(engine: Engine, article: Article, map: VoiceMap = {}): EngineVoices {
  const defaults = defaultsFor(engine, article.lang);
  const narrator = map.narrator ?? defaults?.narrator;
  const palette = map.palette ?? (defaults ? mixed(defaults) : []);
  const byGender: Record<VoiceGender, readonly string[]> = {
    female: map.female ?? defaults?.female ?? [],
    male: map.male ?? defaults?.male ?? [],
  };
  // The built-in narrator is female: a female speaker may share its voice rather than take a male one.
  const narratorGender = map.narrator === undefined && defaults?.narrator ? NARRATOR_GENDER : undefined;
  const speakers = new Map(article.speakers.map((s) => [s.id, s]));
  const rank = genderRanks(article.speakers);
  const cache = new Map<string, string | undefined>();
  const genderVoice = (speaker: Speaker): string | undefined => {
    const gender = speakerGender(speaker);
    if (!gender) return undefined;
    const voices = byGender[gender];
    if (voices.length) return voices[rank.get(speaker.id)! % voices.length];
    return gender === narratorGender ? narrator : undefined;
  };
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
        (speaker ? genderVoice(speaker) : undefined) ??
        (palette.length ? palette[(ref.slot - 1) % palette.length] : undefined) ??
        narrator;
      cache.set(key, voice);
      return voice;
    },
  };
}

/** Each gendered speaker's turn among the speakers of their gender: by voice slot, then in article order. */
function genderRanks(speakers: readonly Speaker[]): Map<string, number> {
  const ranks = new Map<string, number>();
  const counts: Record<VoiceGender, number> = { female: 0, male: 0 };
  const ordered = speakers
    .map((s, i) => ({ s, i, gender: speakerGender(s) }))
    .filter((x) => x.gender)
    .sort((a, b) => (a.s.voiceSlot ?? Infinity) - (b.s.voiceSlot ?? Infinity) || a.i - b.i);
  for (const { s, gender } of ordered) ranks.set(s.id, counts[gender!]++);
  return ranks;
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
