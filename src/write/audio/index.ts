/**
 * The audio writers. Both speak the article from the SSML writer's script with eSpeak NG (render.ts):
 *
 * - `audio`: `{slug}.mp3` (ID3 chapters per section) and `{slug}.wav` beside it;
 * - `vtt`: `{slug}.vtt`, a cue per sentence with `<v Speaker>` voices, and `{slug}.chapters.vtt`.
 *
 * With the same options, the timings of the transcript are those of the audio.
 */
import type { Ctx } from '../../context.js';
import type { Article } from '../../model/schema.js';
import { articleSlug } from '../../read/finalize.js';
import type { WriterOutput } from '../types.js';
import { MP3_MEDIA_TYPE, mp3File } from './mp3.js';
import type { AudioOptions, VttOptions } from './options.js';
import { renderAudio } from './render.js';
import { timelineSilences } from './timeline.js';
import { chaptersVtt, transcriptVtt, VTT_MEDIA_TYPE } from './vtt.js';
import { encodeWav, WAV_MEDIA_TYPE } from './wav.js';

export { AudioOptions, SpeechOptions, VttOptions } from './options.js';
export { type AudioRendering, renderAudio } from './render.js';

/** `{slug}.mp3` with chapters, and the same audio as `{slug}.wav`. */
export async function writeAudio(article: Article, options: AudioOptions, ctx: Ctx): Promise<WriterOutput> {
  const { bitrate, ...speech } = options;
  const rendering = await renderAudio(article, speech, ctx.report, undefined, ctx.signal);
  const mp3 = await mp3File(
    rendering.pcm,
    {
      article,
      chapters: rendering.timeline.chapters,
      sampleRate: rendering.pcm.sampleRate,
      engine: rendering.engine,
    },
    bitrate,
    timelineSilences(rendering.timeline),
  );
  return {
    bytes: mp3,
    mediaType: MP3_MEDIA_TYPE,
    extension: 'mp3',
    extraFiles: [
      {
        path: `${articleSlug(article.title)}.wav`,
        bytes: encodeWav(rendering.pcm),
        mediaType: WAV_MEDIA_TYPE,
      },
    ],
  };
}

/** `{slug}.vtt` (a cue per sentence) and `{slug}.chapters.vtt`. */
export async function writeVtt(article: Article, options: VttOptions, ctx: Ctx): Promise<WriterOutput> {
  const { narratorName, ...speech } = options;
  const rendering = await renderAudio(article, speech, ctx.report, undefined, ctx.signal);
  const encoder = new TextEncoder();
  return {
    bytes: encoder.encode(transcriptVtt(rendering.timeline, article, narratorName)),
    mediaType: VTT_MEDIA_TYPE,
    extension: 'vtt',
    extraFiles: [
      {
        path: `${articleSlug(article.title)}.chapters.vtt`,
        bytes: encoder.encode(chaptersVtt(rendering.timeline)),
        mediaType: VTT_MEDIA_TYPE,
      },
    ],
  };
}
