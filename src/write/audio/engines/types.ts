/**
 * A text-to-speech engine as the audio writer sees it: one SSML request (one voice run of one sentence,
 * in the engine's SSML dialect) in, 16-bit mono PCM out. Engines are stateless between requests; caching
 * and concurrency live in `synthesizer.ts`, so every engine gets them.
 */
import type { Engine } from '../../ssml/options.js';

/** 16-bit signed mono samples. */
export interface Pcm {
  samples: Int16Array;
  sampleRate: number;
}

export interface SpeechRequest {
  /** A complete SSML document in the engine's dialect (the voice is inside it). */
  ssml: string;
  /** The document's language (for engines that choose a voice by language). */
  lang: string;
}

export interface TtsEngine {
  /** The engine and every setting that changes its sound (part of the cache key). */
  readonly id: string;
  /** The SSML dialect the engine reads (the SSML writer's engine of the same name). */
  readonly dialect: Engine;
  /** A short human-readable name, e.g. "eSpeak NG 1.51" (for metadata such as media:narrator). */
  readonly label: string;
  synthesize(request: SpeechRequest): Promise<Pcm>;
}
