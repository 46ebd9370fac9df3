/**
 * Where every clip goes: paragraphs, sentences and voice runs laid end to end with the silences the SSML
 * script asks for (pauses before and after headings, figures, separators and the header) plus the gaps
 * between voices, sentences and paragraphs. Times are sample offsets, so nothing drifts from rounding.
 *
 * Ids are the ones every format shares: a sentence is `{block id}-s{n}` (n counts the sentences of the
 * script paragraph from 1); lines the script adds without a block (title, subtitle, byline, source and
 * date, a block quote's attribution) are `line{k}-s{n}`.
 */
import type { Article, Block } from '../../model/schema.js';
import { walkBlocks } from '../../model/walk.js';
import type { SsmlDocument, VoiceRef } from '../ssml/tree.js';
import type { PlannedClip } from './clips.js';

export interface GapSettings {
  /** Between two voices in one sentence (ms). */
  voice: number;
  /** Between sentences (ms). */
  sentence: number;
  /** Between paragraphs, before the script's own pauses (ms). */
  paragraph: number;
}

export const DEFAULT_GAPS: GapSettings = { voice: 120, sentence: 300, paragraph: 600 };

export interface TimedRun {
  /** Index of the clip in the plan. */
  clip: number;
  voice: VoiceRef;
  /** The article's words (white space as written). */
  text: string;
  start: number;
  end: number;
}

export interface TimedSentence {
  id: string;
  /** The block the sentence belongs to, or `line{k}` for a line the script adds. */
  owner: string;
  /** The block id, when the owner is a block. */
  blockId?: string;
  /** Script paragraph and sentence index. */
  p: number;
  s: number;
  text: string;
  start: number;
  end: number;
  runs: TimedRun[];
}

export interface TimedParagraph {
  p: number;
  owner: string;
  blockId?: string;
  start: number;
  end: number;
  sentences: TimedSentence[];
}

export interface AudioChapter {
  /** The id of the chapter's first paragraph (a heading's block id; `line1` for the opening). */
  id: string;
  title: string;
  start: number;
  end: number;
}

export interface Timeline {
  sampleRate: number;
  /** Total length in samples. */
  length: number;
  paragraphs: TimedParagraph[];
  /** Every sentence in order. */
  sentences: TimedSentence[];
  /** The opening, then one chapter per heading. */
  chapters: AudioChapter[];
}

/** Seconds of a sample offset. */
export function seconds(timeline: Pick<Timeline, 'sampleRate'>, samples: number): number {
  return samples / timeline.sampleRate;
}

/** The silences between clips (sample ranges with nothing in them). */
export function timelineSilences(timeline: Timeline): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let previous = 0;
  for (const sentence of timeline.sentences) {
    for (const run of sentence.runs) {
      if (run.start > previous) out.push({ start: previous, end: run.start });
      previous = run.end;
    }
  }
  return out;
}

/** The sentence text: its runs joined, white space collapsed. */
function sentenceText(runs: readonly { text: string }[]): string {
  return runs
    .map((r) => r.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Lays out the clips (`lengths[i]` samples for `clips[i]`, in script order) and returns the timeline.
 * Paragraphs without clips are left out.
 */
export function layOutTimeline(
  doc: SsmlDocument,
  article: Article,
  clips: readonly PlannedClip[],
  lengths: readonly number[],
  sampleRate: number,
  gaps: GapSettings = DEFAULT_GAPS,
): Timeline {
  const ms = (n: number) => Math.round((n * sampleRate) / 1000);
  const blocks = new Map<string, Block>();
  for (const b of walkBlocks(article.blocks)) blocks.set(b.id, b);

  const paragraphs: TimedParagraph[] = [];
  let t = 0;
  let line = 0;
  let i = 0;
  let previousPause = 0;
  doc.paragraphs.forEach((para, p) => {
    const blockId = para.marks[para.marks.length - 1];
    const owner = blockId ?? `line${++line}`;
    if (i >= clips.length || clips[i]!.p !== p) return;
    if (paragraphs.length) t += ms(gaps.paragraph + previousPause + para.pauseBefore);
    const timed: TimedParagraph = {
      p,
      owner,
      ...(blockId ? { blockId } : {}),
      start: t,
      end: t,
      sentences: [],
    };
    while (i < clips.length && clips[i]!.p === p) {
      const s = clips[i]!.s;
      if (timed.sentences.length) t += ms(gaps.sentence);
      const runs: TimedRun[] = [];
      while (i < clips.length && clips[i]!.p === p && clips[i]!.s === s) {
        if (runs.length) t += ms(gaps.voice);
        runs.push({ clip: i, voice: clips[i]!.voice, text: clips[i]!.text, start: t, end: t + lengths[i]! });
        t += lengths[i]!;
        i++;
      }
      timed.sentences.push({
        id: `${owner}-s${s + 1}`,
        owner,
        ...(blockId ? { blockId } : {}),
        p,
        s,
        text: sentenceText(runs),
        start: runs[0]!.start,
        end: t,
        runs,
      });
    }
    timed.end = t;
    paragraphs.push(timed);
    previousPause = para.pauseAfter;
  });

  const chapters: AudioChapter[] = [];
  for (const para of paragraphs) {
    const block = para.blockId ? blocks.get(para.blockId) : undefined;
    if (chapters.length && block?.type !== 'heading') continue;
    const previous = chapters[chapters.length - 1];
    if (previous) previous.end = para.start;
    chapters.push({
      id: para.owner,
      title: chapters.length ? para.sentences.map((x) => x.text).join(' ') : article.title.trim(),
      start: chapters.length ? para.start : 0,
      end: t,
    });
  }
  return { sampleRate, length: t, paragraphs, sentences: paragraphs.flatMap((p) => p.sentences), chapters };
}
