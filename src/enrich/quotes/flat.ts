/**
 * A block's inline runs as one string (the same text `inlineText` gives, code masked out), and the
 * way back: cutting the inline tree at string offsets and wrapping a range into a Quote inline.
 * Cut text runs keep their `source` offsets, so `input.slice(start, end) === text` still holds.
 */
import type { Inline, Quote, TextRun } from '../../model/schema.js';
import type { QuoteSpan } from './spans.js';

/** A text run's place in the flat string and, when known, in the original input. */
export interface Leaf {
  s: number;
  e: number;
  /** Input offset of the leaf's first character. */
  src?: number;
}

export interface Flat {
  text: string;
  leaves: Leaf[];
}

/** Characters that stand for code, so no quotation mark inside code is read as a quote. */
const CODE_MASK = '\uE001';

function runLength(run: Inline): number {
  switch (run.type) {
    case 'text':
    case 'code':
      return run.text.length;
    case 'break':
      return 1;
    default: {
      let n = 0;
      for (const child of run.children) n += runLength(child);
      return n;
    }
  }
}

function flattenInto(flat: Flat, runs: readonly Inline[]): void {
  for (const run of runs) {
    switch (run.type) {
      case 'text': {
        const s = flat.text.length;
        flat.text += run.text;
        const leaf: Leaf = { s, e: flat.text.length };
        if (run.source && run.source.end - run.source.start === run.text.length) leaf.src = run.source.start;
        flat.leaves.push(leaf);
        break;
      }
      case 'code':
        flat.text += CODE_MASK.repeat(run.text.length);
        break;
      case 'break':
        flat.text += ' ';
        break;
      default:
        flattenInto(flat, run.children);
    }
  }
}

export function flatten(inlines: readonly Inline[]): Flat {
  const flat: Flat = { text: '', leaves: [] };
  flattenInto(flat, inlines);
  return flat;
}

/** Input offsets of the flat range [s, e), when every character of it comes from the input. */
export function sourceOf(flat: Flat, s: number, e: number): { start: number; end: number } | undefined {
  if (e <= s) return undefined;
  const first = flat.leaves.find((l) => l.s <= s && s < l.e);
  const last = flat.leaves.find((l) => l.s < e && e <= l.e);
  if (first?.src === undefined || last?.src === undefined) return undefined;
  return { start: first.src + (s - first.s), end: last.src + (e - last.s) };
}

function cutText(run: TextRun, from: number, to: number): TextRun {
  const text = run.text.slice(from, to);
  const exact = run.source && run.source.end - run.source.start === run.text.length;
  return exact
    ? { type: 'text', text, source: { start: run.source!.start + from, end: run.source!.start + to } }
    : { type: 'text', text };
}

/** The inlines covering the flat range [from, to); containers cut in two are copied on each side. */
export function sliceInlines(inlines: readonly Inline[], from: number, to: number): Inline[] {
  const out: Inline[] = [];
  let pos = 0;
  for (const run of inlines) {
    const len = runLength(run);
    const s = pos;
    const e = pos + len;
    pos = e;
    if (len === 0) {
      if (s >= from && s < to) out.push(run);
      continue;
    }
    if (e <= from || s >= to) continue;
    if (s >= from && e <= to) {
      out.push(run);
      continue;
    }
    const a = Math.max(from, s) - s;
    const b = Math.min(to, e) - s;
    switch (run.type) {
      case 'text':
        out.push(cutText(run, a, b));
        break;
      case 'code':
        out.push({ type: 'code', text: run.text.slice(a, b) });
        break;
      case 'break':
        out.push(run);
        break;
      default:
        out.push({ ...run, children: sliceInlines(run.children, a, b) });
    }
  }
  return out;
}

/** What becomes of one quotation span in the model. */
export type QuoteFields = Omit<Quote, 'type' | 'children' | 'marks'>;

/**
 * Wraps each span (and, inside it, each nested span) into a Quote inline. The marks go to `marks`,
 * not to the children's text. `info` gives each span's kind, speaker and attribution.
 */
export function wrapSpans(
  inlines: readonly Inline[],
  text: string,
  spans: readonly QuoteSpan[],
  info: (span: QuoteSpan) => QuoteFields,
  offset = 0,
): Inline[] {
  if (!spans.length) return [...inlines];
  const out: Inline[] = [];
  let cursor = 0;
  let total = 0;
  for (const run of inlines) total += runLength(run);
  for (const span of spans) {
    const open = span.open - offset;
    const innerStart = span.innerStart - offset;
    const innerEnd = span.innerEnd - offset;
    out.push(...sliceInlines(inlines, cursor, open));
    const inner = sliceInlines(inlines, innerStart, innerEnd);
    const children = wrapSpans(inner, text, span.children, info, span.innerStart);
    out.push({
      type: 'quote',
      ...info(span),
      marks: [text.slice(span.open, span.innerStart), text.slice(span.innerEnd, span.end)],
      children,
    });
    cursor = span.end - offset;
  }
  out.push(...sliceInlines(inlines, cursor, Math.max(cursor, total)));
  return out;
}
