/**
 * MP3 with chapters: lamejs (pure-JS LAME) encodes the samples — no ffmpeg is needed or used — and
 * node-id3 writes an ID3v2 tag in front with the title, authors and source, one CHAP frame per chapter and
 * a CTOC frame listing them (the ID3v2 Chapter addendum), which podcast players show as chapters.
 *
 * Encoding (about 45× real time per core) runs in worker threads (mp3-workers.ts), off the event loop, in
 * pieces of about 30 seconds on all cores. The pieces are cut in silences so that their frames join up like one stream's:
 * lamejs writes frames without a bit reservoir (each frame stands alone), and for a piece whose length is a
 * multiple of the 576-sample frame it writes exactly 1152 samples more than it was given (576 of encoder
 * delay at the start, the rest at the end). So each piece but the last is given its samples less its last
 * 1152 (silence): every piece then decodes to its own length, and every sound is where a single stream
 * would put it. Cuts also fall on a multiple of the frames' padding pattern, so all frames but those at a
 * join are byte for byte the single stream's; and cuts depend on the audio only, not on the number of cores.
 */
import { availableParallelism } from 'node:os';
import { Mp3Encoder } from '@breezystack/lamejs';
import NodeID3 from 'node-id3';
import type { Article } from '../../model/schema.js';
import type { Pcm } from './engines/types.js';
import { BLOCK, mp3WorkerPool } from './mp3-workers.js';
import { type AudioChapter, seconds } from './timeline.js';

export const MP3_MEDIA_TYPE = 'audio/mpeg';
export const DEFAULT_BITRATE = 48;

/** The MP3 frames of `pcm` (mono, constant bit rate), without tags. */
export function encodeMp3(pcm: Pcm, kbps: number = DEFAULT_BITRATE): Uint8Array {
  const encoder = new Mp3Encoder(1, pcm.sampleRate, kbps);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < pcm.samples.length; i += BLOCK) {
    const chunk = encoder.encodeBuffer(pcm.samples.subarray(i, i + BLOCK));
    if (chunk.length) parts.push(new Uint8Array(chunk));
  }
  const last = encoder.flush();
  if (last.length) parts.push(new Uint8Array(last));
  return Buffer.concat(parts);
}

/** Samples per MPEG-2 Layer III frame (22.05, 24 and 16 kHz); MPEG-1 rates are encoded in one piece. */
const FRAME = 576;
/** Target length of a piece, in seconds (pieces do not depend on the number of cores). */
const PIECE_SECONDS = 30;

export interface Silence {
  start: number;
  end: number;
}

export interface Piece {
  start: number;
  end: number;
  /** Where the samples given to the encoder end: `end` less two frames, except for the last piece. */
  encodeEnd: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Frames after which the encoder's padding pattern repeats (a frame is 72·bitrate/rate bytes, rounded down
 * or up by a running fraction): cutting at a multiple keeps a fresh encoder in step with one stream.
 */
export function paddingPeriod(kbps: number, sampleRate: number): number {
  const bytesTimesRate = 72 * kbps * 1000;
  return sampleRate / gcd(bytesTimesRate, sampleRate);
}

/**
 * Pieces of about `pieceLength` samples, each but the last ending inside one of `silences` at a multiple
 * of `step` samples, with two frames of silence before the cut for the encoder's extra samples. The cuts
 * depend only on the audio, so any number of threads gives the same bytes.
 */
export function planPieces(
  length: number,
  silences: readonly Silence[],
  pieceLength: number,
  step: number,
  frame: number = FRAME,
): Piece[] {
  const cuts: number[] = [];
  let target = pieceLength;
  for (const s of silences) {
    if (length - target < pieceLength / 2) break;
    if (s.end < target) continue;
    const cut = Math.ceil(Math.max(target, s.start + 3 * frame) / step) * step;
    if (cut > s.end || cut >= length) continue;
    cuts.push(cut);
    target = cut + pieceLength;
  }
  const bounds = [0, ...cuts, length];
  return bounds.slice(0, -1).map((start, i) => {
    const end = bounds[i + 1]!;
    return { start, end, encodeEnd: i + 2 < bounds.length ? end - 2 * frame : end };
  });
}

/**
 * The MP3 frames of `pcm`, encoded in worker threads, off the event loop (pieces of about `pieceSeconds`
 * cut in `silences`, up to `threads` at a time); in this thread if workers cannot be started. The bytes do
 * not depend on `threads`.
 */
export async function encodeMp3Parallel(
  pcm: Pcm,
  kbps: number = DEFAULT_BITRATE,
  silences: readonly Silence[] = [],
  {
    threads = availableParallelism(),
    pieceSeconds = PIECE_SECONDS,
  }: { threads?: number; pieceSeconds?: number } = {},
): Promise<Uint8Array> {
  const pieces =
    pcm.sampleRate < 32000
      ? planPieces(
          pcm.samples.length,
          silences,
          pieceSeconds * pcm.sampleRate,
          FRAME * paddingPeriod(kbps, pcm.sampleRate),
        )
      : [{ start: 0, end: pcm.samples.length, encodeEnd: pcm.samples.length }];
  let parts: Uint8Array[];
  try {
    const pool = mp3WorkerPool(Math.max(1, threads));
    parts = await Promise.all(
      pieces.map((p) => pool.encode(pcm.samples.slice(p.start, p.encodeEnd), pcm.sampleRate, kbps)),
    );
  } catch {
    parts = pieces.map((p) =>
      encodeMp3({ samples: pcm.samples.subarray(p.start, p.encodeEnd), sampleRate: pcm.sampleRate }, kbps),
    );
  }
  return Buffer.concat(parts);
}

export interface Mp3Tags {
  article: Article;
  chapters: readonly AudioChapter[];
  sampleRate: number;
  /** The engine that spoke the article, e.g. "eSpeak NG". */
  engine: string;
}

/** The ID3v2 tag: title, artist (authors), album (source), language, chapters and their table of contents. */
export function id3Tag({ article, chapters, sampleRate, engine }: Mp3Tags): Buffer {
  const ms = (samples: number) => Math.round(seconds({ sampleRate }, samples) * 1000);
  const authors = article.authors.map((a) => a.name).join(', ');
  const tags: NodeID3.Tags = {
    title: article.title,
    ...(authors ? { artist: authors } : {}),
    ...(article.source?.name ? { album: article.source.name } : {}),
    ...(article.publishedAt && /^\d{4}/.test(article.publishedAt)
      ? { year: article.publishedAt.slice(0, 4) }
      : {}),
    encodedBy: `readout (${engine})`,
    chapter: chapters.map((c) => ({
      elementID: c.id,
      startTimeMs: ms(c.start),
      endTimeMs: ms(c.end),
      tags: { title: c.title },
    })),
    tableOfContents: [
      {
        elementID: 'toc',
        isOrdered: true,
        elements: chapters.map((c) => c.id),
        tags: { title: article.title },
      },
    ],
  };
  return NodeID3.create(tags);
}

/** A tagged MP3 file. */
export async function mp3File(
  pcm: Pcm,
  tags: Mp3Tags,
  kbps: number = DEFAULT_BITRATE,
  silences: readonly Silence[] = [],
): Promise<Uint8Array> {
  return Buffer.concat([id3Tag(tags), await encodeMp3Parallel(pcm, kbps, silences)]);
}
