/** Options of the SSML writer, validated at the boundary (CLI, HTTP). */
import { z } from 'zod';

export const ENGINES = ['w3c', 'polly', 'google', 'azure', 'ibm', 'espeak'] as const;
export const Engine = z.enum(ENGINES).meta({ description: 'A text-to-speech engine (SSML dialect).' });
export type Engine = z.infer<typeof Engine>;

/** One voice: an engine voice name ("Joanna", "en-US-GuyNeural") or, for w3c/espeak, "female", "male:3"… */
const VoiceName = z
  .string()
  .regex(
    /^[A-Za-z0-9_.:+-]{1,100}$/,
    'must be one voice name without spaces, such as "Joanna" or "female:2"',
  );

export const VoiceMap = z
  .object({
    narrator: VoiceName.optional().meta({ description: 'The voice of everything that is not a quotation.' }),
    palette: z
      .array(VoiceName)
      .max(50)
      .optional()
      .meta({ description: 'Voices for speakers, in order of voice slot (first direct quote first).' }),
    female: z.array(VoiceName).max(50).optional().meta({
      description: 'Voices for speakers known to be women, taken in turn; win over the palette.',
    }),
    male: z.array(VoiceName).max(50).optional().meta({
      description: 'Voices for speakers known to be men, taken in turn; win over the palette.',
    }),
    byName: z.record(z.string().min(1).max(200), VoiceName).optional().meta({
      description: 'Voices by speaker name, surname or alias (case-insensitive); win over the palette.',
    }),
  })
  .strict();
export type VoiceMap = z.infer<typeof VoiceMap>;

const Pause = z.number().int().min(0).max(60_000);

export const Pauses = z
  .object({
    afterHeader: Pause.optional().meta({ description: 'After title, byline, source and date (ms).' }),
    beforeHeading: Pause.optional(),
    afterHeading: Pause.optional(),
    figure: Pause.optional().meta({ description: 'Around an image description (ms).' }),
    separator: Pause.optional().meta({ description: 'For a section separator (ms).' }),
  })
  .strict();
export type Pauses = z.infer<typeof Pauses>;

export const SsmlOptions = z
  .object({
    engines: z
      .array(Engine)
      .min(1)
      .optional()
      .meta({ description: 'Engines to write request files for (default: all six).' }),
    voices: z
      .object({
        w3c: VoiceMap.optional(),
        polly: VoiceMap.optional(),
        google: VoiceMap.optional(),
        azure: VoiceMap.optional(),
        ibm: VoiceMap.optional(),
        espeak: VoiceMap.optional(),
      })
      .strict()
      .optional()
      .meta({ description: 'Voice mapping per engine; defaults depend on engine and language.' }),
    voicePartialQuotes: z.boolean().optional().meta({
      description: "Speak partial quotes (a few words inside narration) in the speaker's voice too.",
    }),
    describeImages: z
      .boolean()
      .optional()
      .meta({ description: 'Say "Image: {alt}." and the credit for each figure (default true).' }),
    sayAs: z
      .boolean()
      .optional()
      .meta({ description: 'Mark dates, times, ordinals, telephone numbers and acronyms (default true).' }),
    abbreviations: z
      .boolean()
      .optional()
      .meta({ description: 'Expand common abbreviations (Mr., e.g., etc.) with <sub> (default true).' }),
    lexicon: z.string().min(1).max(2_000_000).optional().meta({
      description: 'A W3C PLS pronunciation lexicon (XML text), applied inline as <sub> or <phoneme>.',
    }),
    pauses: Pauses.optional(),
  })
  .strict();
export type SsmlOptions = z.input<typeof SsmlOptions>;
