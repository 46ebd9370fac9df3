/**
 * From lines to body blocks: hard-wrapped lines joined into one unit, then each unit classified as a
 * heading (a short line without final punctuation standing before a paragraph), a list item, a
 * separator or a paragraph. Hand-written: plain text has no markup for a parser to read.
 */
import type { Block, Paragraph } from '../../model/schema.js';
import { parseCreditLine, parseSourceLine } from './byline.js';
import { parseDateLine } from './dates.js';
import type { FoundFigure } from './figures.js';
import { runsFromSpan } from './inline-offsets.js';
import { collapseSpaces, type Line, SEPARATOR_LINE, words } from './lines.js';

/** One or more lines read as one piece of text (several lines only when the dump is hard-wrapped). */
export interface Unit {
  lines: Line[];
  start: number;
  end: number;
  /** The text with whitespace collapsed. */
  text: string;
  group: number;
  /** Index of the first line (document order). */
  index: number;
}

export type Item =
  | { kind: 'text'; unit: Unit; index: number }
  | { kind: 'figure'; figure: FoundFigure; index: number };

const BULLET = /^(?:[•●▪◦‣∙*]|-(?!-))\s+/u;
const NUMBERED = /^(\d{1,3})[.)]\s+/u;
const TERMINAL = /[.!?…:;,]["'”’»)\]]*$/u;

/** The width a hard-wrapped dump was wrapped at, or undefined when its lines are whole paragraphs. */
export function wrapWidth(lines: readonly Line[]): number | undefined {
  const lengths = lines.map((l) => l.text.length);
  const max = Math.max(0, ...lengths);
  if (max > 100 || max < 40) return undefined;
  const full = lengths.filter((n) => n >= max - 20).length;
  const multiLineGroups = new Set(lines.map((l) => l.group)).size < lines.length;
  return full >= 3 && multiLineGroups ? max : undefined;
}

function standsAlone(line: Line): boolean {
  return (
    BULLET.test(line.text) ||
    NUMBERED.test(line.text) ||
    SEPARATOR_LINE.test(line.text) ||
    parseCreditLine(line.text) !== undefined ||
    parseSourceLine(line.text) !== undefined ||
    parseDateLine(line.text) !== undefined
  );
}

function toUnit(lines: Line[], input: string): Unit {
  const first = lines[0]!;
  const last = lines[lines.length - 1]!;
  return {
    lines,
    start: first.start,
    end: last.end,
    text: collapseSpaces(input.slice(first.start, last.end)),
    group: first.group,
    index: first.index,
  };
}

/** A byline word printed on a line of its own, above the name ("By" / "Jane Doe"). */
const LONE_CREDIT_LEAD = /^(?:by|written by|story by|words by|text by|par|von|por|текст:?|автор:?)$/iu;

/**
 * Units from the kept lines (in document order). Lines are joined only in a hard-wrapped dump, when
 * they follow each other in one group and the earlier one is full (it was broken because it reached the
 * width), and after a byline word that stands alone on its line.
 */
export function buildUnits(input: string, lines: readonly Line[]): Unit[] {
  const width = wrapWidth(lines);
  const units: Unit[] = [];
  let current: Line[] = [];
  for (const line of lines) {
    const prev = current[current.length - 1];
    const afterLead =
      prev !== undefined &&
      prev.index + 1 === line.index &&
      current.length === 1 &&
      LONE_CREDIT_LEAD.test(prev.text);
    const joins =
      afterLead ||
      (width !== undefined &&
        prev !== undefined &&
        prev.group === line.group &&
        prev.index + 1 === line.index &&
        prev.text.length >= width - 25 &&
        !standsAlone(prev) &&
        !standsAlone(line));
    if (!joins && current.length) {
      units.push(toUnit(current, input));
      current = [];
    }
    current.push(line);
  }
  if (current.length) units.push(toUnit(current, input));
  return units;
}

/** Reads like running text: long, or a full sentence ending with a full stop, or several sentences. */
export function isBodyLike(text: string): boolean {
  const n = words(text).length;
  if (n >= 25) return true;
  if (n >= 8 && /[.…]["'”’»)\]]*$/u.test(text)) return true;
  return n >= 8 && /[.!?…]["'”’»)\]]*\s+["'“‘«(]?\p{Lu}/u.test(text);
}

/** A short line without final punctuation (a question mark is allowed from three words on). */
export function isHeadingLike(unit: Unit): boolean {
  const { text } = unit;
  const n = words(text).length;
  if (unit.lines.length > 1 || n > 12 || text.length > 100) return false;
  if (BULLET.test(text) || NUMBERED.test(text) || SEPARATOR_LINE.test(text)) return false;
  if (!/^["'“‘«(]?[\p{Lu}\p{N}]/u.test(text)) return false;
  if (/\?["'”’»)]*$/u.test(text)) return n >= 3;
  return !TERMINAL.test(text);
}

function paragraph(input: string, start: number, end: number): Paragraph {
  return { id: '', type: 'paragraph', children: runsFromSpan(input, start, end) };
}

function figureBlock(figure: FoundFigure): Block {
  return {
    id: '',
    type: 'figure',
    // A text dump carries no image address; writers see an empty src and rely on the caption.
    src: '',
    alt: '',
    altSource: 'missing',
    decorative: false,
    ...(figure.caption ? { caption: figure.caption } : {}),
    ...(figure.credit ? { credit: figure.credit } : {}),
  };
}

interface ListMark {
  ordered: boolean;
  number?: number;
}

function listMark(unit: Unit): ListMark | undefined {
  if (SEPARATOR_LINE.test(unit.text)) return undefined;
  if (BULLET.test(unit.text)) return { ordered: false };
  const numbered = NUMBERED.exec(unit.text);
  return numbered ? { ordered: true, number: Number(numbered[1]) } : undefined;
}

/** Offset in the input just after the marker (the unit's text starts verbatim at unit.start). */
function afterMarker(input: string, unit: Unit): number {
  let at = unit.start;
  while (at < unit.end && !/\s/.test(input[at]!)) at++;
  while (at < unit.end && /\s/.test(input[at]!)) at++;
  return at;
}

/** Body blocks from the items left after the header and metadata are taken out. */
export function buildBody(input: string, items: readonly Item[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'figure') {
      blocks.push(figureBlock(item.figure));
      continue;
    }
    const { unit } = item;
    if (SEPARATOR_LINE.test(unit.text)) {
      const last = blocks[blocks.length - 1];
      if (last && last.type !== 'separator') blocks.push({ id: '', type: 'separator' });
      continue;
    }
    const mark = listMark(unit);
    if (mark) {
      // Two or more consecutive items of the same kind make a list; a lone "1. …" stays a paragraph.
      let j = i;
      const units: Unit[] = [];
      while (j < items.length) {
        const next = items[j]!;
        const m = next.kind === 'text' ? listMark(next.unit) : undefined;
        if (!m || m.ordered !== mark.ordered || next.kind !== 'text') break;
        units.push(next.unit);
        j++;
      }
      if (units.length >= 2) {
        blocks.push({
          id: '',
          type: 'list',
          ordered: mark.ordered,
          ...(mark.ordered && mark.number !== undefined && mark.number !== 1 ? { start: mark.number } : {}),
          items: units.map((u) => ({ children: [paragraph(input, afterMarker(input, u), u.end)] })),
        });
        i = j - 1;
        continue;
      }
    }
    const next = items.slice(i + 1).find((it) => it.kind === 'text');
    // A short line right under another unpunctuated line of the same block is a list entry, not a heading.
    const prev = items[i - 1];
    const inList =
      prev?.kind === 'text' &&
      prev.unit.group === unit.group &&
      prev.index + prev.unit.lines.length === unit.index &&
      !TERMINAL.test(prev.unit.text);
    const beforeParagraph =
      !inList &&
      next !== undefined &&
      next.kind === 'text' &&
      !isHeadingLike(next.unit) &&
      !SEPARATOR_LINE.test(next.unit.text);
    if (beforeParagraph && isHeadingLike(unit)) {
      blocks.push({ id: '', type: 'heading', level: 2, children: runsFromSpan(input, unit.start, unit.end) });
    } else {
      blocks.push(paragraph(input, unit.start, unit.end));
    }
  }
  while (blocks[blocks.length - 1]?.type === 'separator') blocks.pop();
  return blocks;
}
