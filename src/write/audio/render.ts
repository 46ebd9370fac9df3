/**
 * Article → spoken audio with its timeline: the SSML writer's script (same sentences, voices and pauses),
 * one clip per voice run spoken by the engine (concurrently, cached), silence trimmed and loudness evened
 * out per clip, then laid end to end (timeline.ts). Used by the `audio`, `vtt` and `epub-audio` writers.
 */
import { RenderError } from '../../errors.js';
import type { Article } from '../../model/schema.js';
import type { Report } from '../../report.js';
import { renderSsml } from '../ssml/index.js';
import type { SsmlOptions } from '../ssml/options.js';
import type { SsmlDocument } from '../ssml/tree.js';
import { engineVoices } from '../ssml/voices.js';
import { type PlannedClip, planClips } from './clips.js';
import type { Pcm } from './engines/types.js';
import { applyGain, loudnessGain, trimSilence } from './loudness.js';
import type { SpeechOptions } from './options.js';
import { defaultSynthesizer, type Synthesizer } from './synthesizer.js';
import { DEFAULT_GAPS, layOutTimeline, type Timeline } from './timeline.js';

export const DEFAULT_LOUDNESS = -20;

export interface AudioRendering {
  article: Article;
  script: SsmlDocument;
  clips: PlannedClip[];
  timeline: Timeline;
  /** The whole article. */
  pcm: Pcm;
  /** The engine that spoke it, e.g. "eSpeak NG". */
  engine: string;
}

/** The SSML writer's options for the script the audio is spoken from. */
function scriptOptions(options: SpeechOptions): SsmlOptions {
  const { voices, rate: _rate, gaps: _gaps, loudness: _loudness, ...script } = options;
  return { ...script, engines: ['espeak'], ...(voices ? { voices: { espeak: voices } } : {}) };
}

export async function renderAudio(
  article: Article,
  options: SpeechOptions,
  report: Report,
  synthesizer: Synthesizer = defaultSynthesizer(options.rate),
  signal?: AbortSignal,
): Promise<AudioRendering> {
  const rendering = await renderSsml(article, scriptOptions(options), report);
  const script = rendering.script;
  const voices = engineVoices('espeak', article, options.voices);
  const clips = planClips(script, article, voices);
  if (clips.length === 0) {
    throw new RenderError('render/audio-empty', `The article "${article.title}" has nothing to say.`);
  }
  const spoken = await Promise.all(
    clips.map((c) => synthesizer.speak({ ssml: c.ssml, lang: c.lang }, signal)),
  );
  const sampleRate = spoken[0]!.sampleRate;
  const target = options.loudness ?? DEFAULT_LOUDNESS;
  const ready = spoken.map((pcm, i) => {
    if (pcm.sampleRate !== sampleRate) {
      throw new RenderError(
        'render/tts-output',
        `The speech engine changed its sample rate (${pcm.sampleRate} Hz after ${sampleRate} Hz).`,
      );
    }
    const trimmed = trimSilence(pcm.samples, sampleRate);
    if (trimmed.length === 0) {
      report.warn(
        'audio:silent-clip',
        `The engine said nothing for "${clips[i]!.text.trim().slice(0, 60)}"; a short silence stands in.`,
      );
      return new Int16Array(Math.round(sampleRate * 0.1));
    }
    return applyGain(trimmed, loudnessGain(trimmed, sampleRate, target));
  });
  const timeline = layOutTimeline(
    script,
    article,
    clips,
    ready.map((r) => r.length),
    sampleRate,
    {
      voice: options.gaps?.voice ?? DEFAULT_GAPS.voice,
      sentence: options.gaps?.sentence ?? DEFAULT_GAPS.sentence,
      paragraph: options.gaps?.paragraph ?? DEFAULT_GAPS.paragraph,
    },
  );
  const samples = new Int16Array(timeline.length);
  for (const sentence of timeline.sentences) {
    for (const run of sentence.runs) samples.set(ready[run.clip]!, run.start);
  }
  return {
    article,
    script,
    clips,
    timeline,
    pcm: { samples, sampleRate },
    engine: synthesizer.engine.label,
  };
}
