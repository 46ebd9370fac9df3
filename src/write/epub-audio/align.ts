/**
 * Finds the script's sentences in the chapter's text. The script and the chapter come from the same
 * Article but are not the same words: the script adds "Image:", "By", "Source:", list numbers and
 * full stops, and the chapter adds a rubric, credits and the list of speakers. So the letters and digits
 * of both (case-folded, everything else ignored) are aligned as two sequences — a longest common
 * subsequence by Myers' O(ND) difference algorithm, hand-written as no diff package is a dependency — and a
 * sentence is placed where most of its letters were found close together.
 *
 * Each sentence is looked for only inside its own block's element (`id` = block id); lines without a block
 * (title, byline…) are looked for between the blocks around them.
 */
import type { Span, TextIndex } from './markup.js';

export interface ScriptParagraph {
  /** The block the paragraph speaks, when it is one. */
  blockId?: string;
  sentences: { id: string; text: string }[];
}

/** Largest number of differences aligned in one region (memory grows with its square). */
const MAX_DIFFERENCES = 2000;
/** A sentence is placed when at least this share of its letters was found… */
const MIN_FOUND = 0.6;
/** …within a stretch at most this much longer than what was found (plus a few letters). */
const MAX_SPREAD = 1.5;

const WORD = /[\p{L}\p{N}]/u;
const WORD_OR_SPACE = /[\s\p{L}\p{N}]/u;

interface Letters {
  chars: string[];
  /** Offset of each letter in the text it came from, and of its end. */
  start: number[];
  end: number[];
}

function letters(text: string, base: number, out: Letters = { chars: [], start: [], end: [] }): Letters {
  let i = 0;
  for (const ch of text) {
    if (WORD.test(ch)) {
      const lower = ch.toLowerCase();
      out.chars.push(lower.length === ch.length ? lower : ch);
      out.start.push(base + i);
      out.end.push(base + i + ch.length);
    }
    i += ch.length;
  }
  return out;
}

/**
 * For each element of `a`, the index of the element of `b` it is matched with in a longest common
 * subsequence (-1: not matched); undefined when the sequences differ in more than `maxD` places.
 */
export function lcsMatch(
  a: readonly string[],
  b: readonly string[],
  maxD = MAX_DIFFERENCES,
): Int32Array | undefined {
  const n = a.length;
  const m = b.length;
  const match = new Int32Array(n).fill(-1);
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let last = -1;
  for (let d = 0; d <= Math.min(max, maxD) && last < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) last = d;
    }
    trace.push(v.slice(off - d, off + d + 1));
  }
  if (last < 0) return undefined;
  let x = n;
  let y = m;
  for (let d = last; d > 0; d--) {
    const prev = trace[d - 1]!;
    const at = (k: number) => prev[k + d - 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      match[x] = y;
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    match[x] = y;
  }
  return match;
}

/** Places the sentences of some paragraphs inside `region` of the chapter text. */
function placeIn(
  text: string,
  region: Span,
  sentences: readonly { id: string; text: string }[],
  out: Map<string, Span>,
): void {
  if (!sentences.length || region.end <= region.start) return;
  const target = letters(text.slice(region.start, region.end), region.start);
  const script: Letters = { chars: [], start: [], end: [] };
  const bounds: number[] = [0];
  for (const s of sentences) {
    letters(s.text, 0, script);
    bounds.push(script.chars.length);
  }
  const match = lcsMatch(script.chars, target.chars);
  if (!match) return;
  const cores: { id: string; start: number; end: number }[] = [];
  sentences.forEach((s, i) => {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    const found: number[] = [];
    for (let j = from; j < to; j++) if (match[j]! >= 0) found.push(match[j]!);
    if (!found.length || found.length < MIN_FOUND * (to - from)) return;
    const first = found[0]!;
    const lastFound = found[found.length - 1]!;
    if (lastFound - first + 1 > MAX_SPREAD * found.length + 10) return;
    cores.push({ id: s.id, start: target.start[first]!, end: target.end[lastFound]! });
  });
  // Take in the punctuation around the words (opening and closing quotation marks, full stops), up to the
  // white space or the next sentence.
  let floor = region.start;
  cores.forEach((core, i) => {
    const ceiling = cores[i + 1]?.start ?? region.end;
    let start = Math.max(core.start, floor);
    let end = core.end;
    if (end <= start) return;
    while (start > floor && !WORD_OR_SPACE.test(text[start - 1]!)) start--;
    while (end < ceiling && !WORD_OR_SPACE.test(text[end]!)) end++;
    out.set(core.id, { start, end });
    floor = end;
  });
}

/** Where each sentence lies in the chapter text (sentences that could not be found are left out). */
export function sentenceRanges(index: TextIndex, paragraphs: readonly ScriptParagraph[]): Map<string, Span> {
  const out = new Map<string, Span>();
  let cursor = 0;
  let floating: { id: string; text: string }[] = [];
  const flush = (end: number) => {
    placeIn(index.text, { start: cursor, end }, floating, out);
    floating = [];
  };
  for (const para of paragraphs) {
    const element = para.blockId ? index.ids.get(para.blockId) : undefined;
    if (element && element.start >= cursor) {
      flush(element.start);
      placeIn(index.text, element, para.sentences, out);
      cursor = element.end;
    } else {
      floating.push(...para.sentences);
    }
  }
  flush(index.text.length);
  return out;
}
