/**
 * Sentence boundaries: Intl.Segmenter (ICU), then breaks that ICU makes after abbreviations and
 * initials ("Mr. Lavrov", "John F. Kennedy", "U.S. Secretary") are undone — ICU's own abbreviation
 * suppressions are not available through Intl.
 */

import { boundedCache } from '../../bounded-cache.js';
import { type Abbreviation, abbreviationsFor } from './abbreviations.js';

const segmenters = boundedCache<string, Intl.Segmenter>('ssml:sentence-segmenters', 64);

function segmenterFor(lang: string): Intl.Segmenter {
  let seg = segmenters.get(lang);
  if (!seg) {
    try {
      seg = new Intl.Segmenter(lang === 'und' ? undefined : lang, { granularity: 'sentence' });
    } catch {
      seg = new Intl.Segmenter(undefined, { granularity: 'sentence' });
    }
    segmenters.set(lang, seg);
  }
  return seg;
}

/** Words that often start a sentence: a break after "U.S." before them is kept. */
const STARTERS = new Set(
  (
    'The A An It He She They We I You This That These Those But And Or So In On At As If When While ' +
    'Its His Her Their Our There What Why How Le La Les Il Elle Ils Elles Un Une Mais Et En Dans Ce Cette ' +
    'Der Die Das Er Sie Es Ein Eine Aber Und Im El Los Las Una Pero Y Él Ella Он Она Они Это Но И В На'
  ).split(' '),
);

const INITIAL = /(?:^|[\s(«“"'])\p{Lu}\.$/u;
const DOTTED = /(?:^|[\s(«“"'])(?:\p{L}\.){2,}$/u;

const nonTerminals = boundedCache<string, string[]>('ssml:non-terminal-abbreviations', 64);

/** Abbreviations of the language that do not end a sentence ("Mr.", "Dr."), per language. */
function nonTerminal(lang: string): string[] {
  let words = nonTerminals.get(lang);
  if (!words) {
    const abbrs: readonly Abbreviation[] = abbreviationsFor(lang);
    words = abbrs.filter((a) => !a.terminal && a.written.endsWith('.')).map((a) => a.written);
    nonTerminals.set(lang, words);
  }
  return words;
}

function endsWithWord(text: string, word: string): boolean {
  if (!text.endsWith(word)) return false;
  const before = text[text.length - word.length - 1];
  return before === undefined || !/[\p{L}\p{N}]/u.test(before);
}

function keepTogether(segment: string, next: string, abbrs: readonly string[]): boolean {
  const tail = segment.trimEnd();
  const head = next.trimStart();
  if (!head) return true;
  if (/^[\p{Ll}\p{N},;:]/u.test(head)) return true;
  if (abbrs.some((a) => endsWithWord(tail, a))) return true;
  if (INITIAL.test(tail)) return true;
  if (DOTTED.test(tail)) {
    const word = /^[\p{L}]+/u.exec(head)?.[0] ?? '';
    return /^\p{Lu}/u.test(word) && !STARTERS.has(word);
  }
  return false;
}

/** The end offsets (exclusive) of the sentences of `text`, in order; the last is `text.length`. */
export function sentenceEnds(text: string, lang: string): number[] {
  // No sentence punctuation before the end: one sentence (headings, captions, short items).
  if (!/[.!?…。！？\n][\s\S]*\S/u.test(text)) return [text.length];
  const abbrs = nonTerminal(lang);
  const pieces: { start: number; segment: string }[] = [];
  for (const s of segmenterFor(lang).segment(text)) pieces.push({ start: s.index, segment: s.segment });
  const ends: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const next = pieces[i + 1];
    const end = piece.start + piece.segment.length;
    if (next && keepTogether(piece.segment, next.segment, abbrs)) continue;
    ends.push(end);
  }
  if (ends[ends.length - 1] !== text.length) ends.push(text.length);
  return ends;
}
