/**
 * WebVTT transcripts: one cue per sentence (cue id = the sentence id shared with the EPUB's media overlays,
 * `b12-s3`), the words in `<v Name>` voice spans — the speaker of a quotation read in their voice, the
 * narrator for everything else — and a chapters track with a cue per chapter (the opening and each heading).
 * Written by hand: the format is a few lines per cue, and the escaping rules are the spec's three entities.
 */
import type { Article } from '../../model/schema.js';
import type { TimedRun, Timeline } from './timeline.js';

export const VTT_MEDIA_TYPE = 'text/vtt';
export const DEFAULT_NARRATOR_NAME = 'Narrator';

/** `hh:mm:ss.ttt` of a sample offset. */
export function vttTime(samples: number, sampleRate: number): string {
  const ms = Math.round((samples * 1000) / sampleRate);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** Cue text: the three characters WebVTT gives meaning to, escaped; white space (line breaks too) collapsed. */
function escapeText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A voice annotation: escaped like text (it ends at `>`, which cannot appear in it). */
function voiceName(name: string): string {
  return escapeText(name).trim() || '?';
}

/** The name heard for a run: its speaker's, or the narrator's. */
function speakerName(run: TimedRun, article: Article, narrator: string): string {
  if (run.voice.slot === 0) return narrator;
  const speaker = run.voice.speakerId
    ? article.speakers.find((s) => s.id === run.voice.speakerId)
    : undefined;
  return speaker?.name ?? narrator;
}

function cueText(runs: readonly TimedRun[], article: Article, narrator: string): string {
  let out = '';
  runs.forEach((run, i) => {
    const text = run.text.trim();
    if (!text) return;
    if (i > 0 && (/^\s/.test(run.text) || /\s$/.test(runs[i - 1]!.text))) out += ' ';
    out += `<v ${voiceName(speakerName(run, article, narrator))}>${escapeText(text)}</v>`;
  });
  return out;
}

/** The transcript: a cue per sentence with its voices. */
export function transcriptVtt(
  timeline: Timeline,
  article: Article,
  narrator: string = DEFAULT_NARRATOR_NAME,
): string {
  const lines = ['WEBVTT', ''];
  for (const sentence of timeline.sentences) {
    lines.push(
      sentence.id,
      `${vttTime(sentence.start, timeline.sampleRate)} --> ${vttTime(sentence.end, timeline.sampleRate)}`,
      cueText(sentence.runs, article, narrator),
      '',
    );
  }
  return lines.join('\n');
}

/** The chapters track: a cue per chapter, its title as text. */
export function chaptersVtt(timeline: Timeline): string {
  const lines = ['WEBVTT', ''];
  for (const chapter of timeline.chapters) {
    lines.push(
      chapter.id,
      `${vttTime(chapter.start, timeline.sampleRate)} --> ${vttTime(chapter.end, timeline.sampleRate)}`,
      escapeText(chapter.title).trim(),
      '',
    );
  }
  return lines.join('\n');
}
