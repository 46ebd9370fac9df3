/**
 * Options of the audio writers, validated at the boundary (CLI, HTTP). `audio`, `vtt` and `epub-audio`
 * share the speech options, so the same options give the same timings in every one of them.
 */
import { z } from 'zod';
import { SsmlOptions, VoiceMap } from '../ssml/options.js';

const Gap = z.number().int().min(0).max(10_000);

export const Gaps = z
  .object({
    voice: Gap.optional().meta({
      description: 'Silence between two voices in one sentence (ms, default 120).',
    }),
    sentence: Gap.optional().meta({ description: 'Silence between sentences (ms, default 300).' }),
    paragraph: Gap.optional().meta({
      description: 'Silence between paragraphs, added to the pauses of the SSML script (ms, default 600).',
    }),
  })
  .strict();
export type Gaps = z.infer<typeof Gaps>;

/** What is said and how: the SSML script options, the eSpeak voices, speed, silences and loudness. */
export const SpeechOptions = SsmlOptions.pick({
  voicePartialQuotes: true,
  describeImages: true,
  sayAs: true,
  abbreviations: true,
  lexicon: true,
  pauses: true,
})
  .extend({
    voices: VoiceMap.optional().meta({
      description:
        'eSpeak voices: narrator, a palette for speakers and voices by speaker name ("female", "male:3"…); default: the SSML writer\'s espeak mapping.',
    }),
    rate: z
      .number()
      .int()
      .min(80)
      .max(450)
      .optional()
      .meta({ description: 'Speaking rate in words per minute (default 175).' }),
    gaps: Gaps.optional(),
    loudness: z.number().min(-40).max(-6).optional().meta({
      description:
        'Target loudness of speech in dBFS RMS: every clip is brought to it, so voices sound equally loud (default -20).',
    }),
  })
  .strict();
export type SpeechOptions = z.input<typeof SpeechOptions>;

export const Bitrate = z
  .literal([32, 40, 48, 56, 64, 80, 96, 112, 128, 160])
  .optional()
  .meta({ description: 'MP3 bit rate in kbit/s (default 48; mono speech).' });

export const AudioOptions = SpeechOptions.extend({ bitrate: Bitrate }).strict();
export type AudioOptions = z.input<typeof AudioOptions>;

export const VttOptions = SpeechOptions.extend({
  narratorName: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'The voice name of the narrator in `<v>` tags (default "Narrator").' }),
}).strict();
export type VttOptions = z.input<typeof VttOptions>;
