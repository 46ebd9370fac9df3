import { createRequire } from 'node:module';
import type { Ctx } from '../../src/context.js';
import type { Article } from '../../src/model/schema.js';
import { type AudioRendering, renderAudio } from '../../src/write/audio/render.js';
import { corpusArticle } from './epub-support.js';
import { requireTool } from './ssml-support.js';

export interface SpokenArticle {
  article: Article;
  ctx: Ctx;
  rendering: AudioRendering;
}

let spoken: Promise<SpokenArticle> | undefined;

/** The original article (Meduza text dump), read, enriched and spoken with the default options. */
export function spokenMeduza(): Promise<SpokenArticle> {
  spoken ??= (async () => {
    requireTool('espeak-ng');
    const { article, ctx } = await corpusArticle('meduza');
    const rendering = await renderAudio(article, {}, ctx.report);
    return { article, ctx, rendering };
  })();
  return spoken;
}

// ---- WebVTT (webvtt-parser ships no types) ----

export interface VttNode {
  type: 'text' | 'object' | 'timestamp';
  name?: string;
  value?: string;
  children?: VttNode[];
}

export interface VttCue {
  id: string;
  startTime: number;
  endTime: number;
  text: string;
  tree: { children: VttNode[] };
}

interface WebVttParser {
  parse(input: string, mode?: string): { cues: VttCue[]; errors: { message: string; line: number }[] };
}

const { WebVTTParser } = createRequire(import.meta.url)('webvtt-parser') as {
  WebVTTParser: new () => WebVttParser;
};

export function parseVtt(text: string, mode?: 'chapters') {
  return new WebVTTParser().parse(text, mode);
}

/** The text of a cue tree, tags left out. */
export function nodeText(nodes: readonly VttNode[]): string {
  return nodes.map((n) => (n.type === 'text' ? (n.value ?? '') : nodeText(n.children ?? []))).join('');
}

/** The text under each `<v>` of a cue, with its voice name. */
export function voiceSpans(cue: VttCue): { voice: string; text: string }[] {
  return cue.tree.children
    .filter((n) => n.type === 'object' && n.name === 'v')
    .map((n) => ({ voice: n.value ?? '', text: nodeText(n.children ?? []) }));
}

// ---- MPEG audio frames ----

export interface Mp3Info {
  /** Size of the ID3v2 tag in front (0 when there is none). */
  id3Bytes: number;
  frames: number;
  sampleRate: number;
  bitrate: number;
  /** Decoded length in seconds (frames × samples per frame). */
  seconds: number;
}

const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES_V2 = [22050, 24000, 16000];
const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const RATES_V1 = [44100, 48000, 32000];

/**
 * Walks the MPEG-1/2 Layer III frames of an MP3 file from header to header (throws on a broken chain).
 * Hand-written: no MP3 parser is a dependency, and this is the check that the stream is whole.
 */
export function readMp3(bytes: Uint8Array): Mp3Info {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  let id3Bytes = 0;
  if (b.toString('latin1', 0, 3) === 'ID3') {
    id3Bytes = 10 + ((b[6]! << 21) | (b[7]! << 14) | (b[8]! << 7) | b[9]!);
    i = id3Bytes;
  }
  let frames = 0;
  let sampleRate = 0;
  let bitrate = 0;
  let samplesPerFrame = 0;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff || (b[i + 1]! & 0xe0) !== 0xe0) throw new Error(`no MPEG frame header at byte ${i}`);
    const version = (b[i + 1]! >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2
    const layer = (b[i + 1]! >> 1) & 3; // 1 = Layer III
    if (layer !== 1 || (version !== 3 && version !== 2))
      throw new Error(`not MPEG-1/2 Layer III at byte ${i}`);
    const v1 = version === 3;
    bitrate = (v1 ? BITRATES_V1_L3 : BITRATES_V2_L3)[b[i + 2]! >> 4]!;
    sampleRate = (v1 ? RATES_V1 : RATES_V2)[(b[i + 2]! >> 2) & 3]!;
    const padding = (b[i + 2]! >> 1) & 1;
    samplesPerFrame = v1 ? 1152 : 576;
    const length = Math.floor(((samplesPerFrame / 8) * bitrate * 1000) / sampleRate) + padding;
    if (!bitrate || !sampleRate || length < 4) throw new Error(`bad MPEG frame header at byte ${i}`);
    frames++;
    i += length;
  }
  if (i !== b.length) throw new Error(`the last MPEG frame is cut short (${b.length - (i - 0)} bytes)`);
  return { id3Bytes, frames, sampleRate, bitrate, seconds: (frames * samplesPerFrame) / (sampleRate || 1) };
}
