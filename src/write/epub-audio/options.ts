/** Options of the read-aloud EPUB: the EPUB options plus the speech options and the MP3 bit rate. */
import type { z } from 'zod';
import { Bitrate, SpeechOptions } from '../audio/options.js';
import { EpubOptions } from '../epub/options.js';

export const EpubAudioOptions = EpubOptions.extend(SpeechOptions.shape).extend({ bitrate: Bitrate }).strict();
export type EpubAudioOptions = z.input<typeof EpubAudioOptions>;
