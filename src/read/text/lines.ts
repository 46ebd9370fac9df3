/**
 * The lines of a plain-text dump with their offsets in the original input, and the whitespace rule
 * shared by every part of the text reader.
 */

/** One non-blank line: its trimmed text and where that text stands in the input. */
export interface Line {
  /** Position among the non-blank lines (0, 1, 2…), i.e. document order. */
  index: number;
  /** Offsets [start, end) of the trimmed text in the input. */
  start: number;
  end: number;
  /** The trimmed text, verbatim (inner whitespace not yet collapsed). */
  text: string;
  /** Lines separated by no blank line share a group number. */
  group: number;
}

const LINE_BREAK = /\r\n|\n|\r|\u2028|\u2029/g;
const SPACE = /\s/;

/** The non-blank lines of `input`, trimmed (JS `\s`: spaces, tabs, no-break spaces, BOM…). */
export function splitLines(input: string): Line[] {
  const lines: Line[] = [];
  let group = 0;
  let blankSeen = false;
  let from = 0;
  const bounds: Array<[number, number]> = [];
  for (const match of input.matchAll(LINE_BREAK)) {
    bounds.push([from, match.index]);
    from = match.index + match[0].length;
  }
  bounds.push([from, input.length]);
  for (let [start, end] of bounds) {
    while (start < end && SPACE.test(input[start]!)) start++;
    while (end > start && SPACE.test(input[end - 1]!)) end--;
    if (start === end) {
      blankSeen = true;
      continue;
    }
    if (blankSeen && lines.length) group++;
    blankSeen = false;
    lines.push({ index: lines.length, start, end, text: input.slice(start, end), group });
  }
  return lines;
}

/** True when a whitespace stretch is kept verbatim: one space, no-break space or other non-breaking-line space. */
export function keepsVerbatim(stretch: string): boolean {
  return stretch.length === 1 && !/[\t\n\r\f\v\u2028\u2029]/.test(stretch);
}

/** Collapses whitespace the way the reader does: a stretch other than one plain or typographic space becomes ' '. */
export function collapseSpaces(text: string): string {
  // Fast path: nothing to collapse (the common case for a line of a dump).
  if (!NEEDS_COLLAPSE.test(text)) return text.trim();
  return text.replace(/\s+/g, (stretch) => (keepsVerbatim(stretch) ? stretch : ' ')).trim();
}
const NEEDS_COLLAPSE = /\s\s|[\t\n\r\f\v\u2028\u2029]/;

/** The words of a collapsed text (split on any whitespace). */
export function words(text: string): string[] {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/) : [];
}

/** A section break: `***`, `* * *`, `---`, `———`, `___`… */
export const SEPARATOR_LINE = /^(?:[*•·⁂]\s*){3,}$|^⁂$|^(?:[-–—_=~]\s*){3,}$/u;
