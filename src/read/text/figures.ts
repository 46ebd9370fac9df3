/**
 * Image captions in a page dump. A dump shows each image as its caption — often two or three times
 * (alt text, lightbox title, figcaption) — followed by a credit line ("A / B / C", "Photo: X", "Фото: X",
 * "© X"). Each such caption becomes ONE figure, placed where the credit stands, and every other copy
 * of the caption line is dropped so the caption occurs exactly once in the article.
 * Hand-written: this layout is specific to text dumps; no library recognises it.
 */
import type { TextRun } from '../../model/schema.js';
import { parseCreditLine, parseSourceLine } from './byline.js';
import { runsFromSpan } from './inline-offsets.js';
import { collapseSpaces, type Line, words } from './lines.js';

export interface FoundFigure {
  /** Index of the line where the figure stands (document order). */
  index: number;
  caption?: TextRun[];
  credit?: string;
}

export interface ImageCredit {
  credit: string;
  /** True when the line says it is a credit ("Photo:", "Фото:", "©"); false for a bare agency list. */
  marked: boolean;
  /** Number of slash-separated names ("A / B / C" → 3). */
  parts: number;
}

const MARKED =
  /^(?:(?:cover|lead|top|main|header|hero|title)\s+)?(?:photo|photos|photograph|photo credit|photo credits|image|images|picture|illustration|credit|credits|фото|фотография|иллюстрация|изображение|кадр|foto|fotos|bild|crédit photo|crédits photo)\s*[:：]\s*(\S.*)$/iu;
const COPYRIGHT = /^(?:©|\(c\)\s|copyright\s)\s*\S.*$/iu;
const TRAILING =
  /^(.*\S)\s+((?:photo|photos|фото|image|illustration|иллюстрация|foto)\s*[:：]\s*\S.*|©\s*\S.*)$/iu;
const CONNECTORS = new Set([
  'of',
  'for',
  'the',
  'and',
  'de',
  'du',
  'des',
  'la',
  'le',
  'der',
  'die',
  'für',
  'и',
  'в',
]);

/** A short capitalised name: "TASS", "Russian Foreign Ministry", "Максим Шеметов", "«Город»". */
function agencyLike(part: string): boolean {
  const ws = words(part);
  if (ws.length < 1 || ws.length > 6 || /[.!?,;:]$|:\s/.test(part)) return false;
  return ws.every((w, i) => /^["'“‘«(]?[\p{Lu}\p{N}]/u.test(w) || (i > 0 && CONNECTORS.has(w.toLowerCase())));
}

/** Parses a line that is an image credit; undefined for anything else. */
export function parseImageCredit(line: string): ImageCredit | undefined {
  const text = collapseSpaces(line);
  if (text.length > 160) return undefined;
  const marked = MARKED.exec(text);
  if (marked) return { credit: marked[1]!.trim(), marked: true, parts: 1 };
  if (COPYRIGHT.test(text)) return { credit: text, marked: true, parts: 1 };
  const parts = text.split(/\s+\/\s+|\s*\/\s*(?=\p{Lu})/u);
  const byline = parseCreditLine(text);
  if (byline && byline.authors.length + byline.translators.length > 0) return undefined;
  if (parts.every(agencyLike) && (parts.length >= 2 || words(text).length <= 4)) {
    return { credit: text, marked: false, parts: parts.length };
  }
  return undefined;
}

/** "Caption text. Photo: X" → the caption's length and the credit; undefined when the line has no trailing credit. */
export function splitTrailingCredit(line: string): { captionLength: number; credit: string } | undefined {
  const m = TRAILING.exec(line);
  if (!m || words(m[1]!).length < 2) return undefined;
  const credit = parseImageCredit(m[2]!);
  return credit?.marked ? { captionLength: m[1]!.length, credit: credit.credit } : undefined;
}

/** A line that may be a caption for a marked credit below it: not a byline or source line, not the very first line. */
function captionable(line: Line, position: number): boolean {
  return (
    position > 0 &&
    words(line.text).length <= 80 &&
    !parseCreditLine(line.text) &&
    !parseSourceLine(line.text)
  );
}

export interface FigureScan {
  figures: FoundFigure[];
  /** Indexes of the lines the figures used up (captions, every copy of them, credits) and duplicate lines. */
  consumed: Set<number>;
}

/** Finds captioned figures in the (non-boilerplate) lines and the lines they consume; also drops repeated lines. */
export function findFigures(input: string, lines: readonly Line[]): FigureScan {
  const byKey = new Map<string, Line[]>();
  for (const line of lines) {
    const key = collapseSpaces(line.text);
    byKey.set(key, [...(byKey.get(key) ?? []), line]);
  }
  const consumed = new Set<number>();
  const figures: FoundFigure[] = [];
  const consumeCopies = (key: string) => {
    for (const copy of byKey.get(key) ?? []) consumed.add(copy.index);
  };

  lines.forEach((line, i) => {
    if (consumed.has(line.index)) return;
    const before = lines[i - 1];
    const prev = before && before.group === line.group && !consumed.has(before.index) ? before : undefined;
    const prevKey = prev ? collapseSpaces(prev.text) : '';
    const prevRepeated =
      prev !== undefined && (byKey.get(prevKey)?.length ?? 0) >= 2 && words(prevKey).length >= 3;
    const credit = parseImageCredit(line.text);
    // A caption shown once may still carry an agency list, when it reads like a sentence.
    const prevCaption = prev !== undefined && captionable(prev, i - 1);
    const slashCaption =
      credit !== undefined && credit.parts >= 2 && prevCaption && words(prevKey).length >= 4;
    if (credit && (credit.marked || prevRepeated || slashCaption)) {
      const caption = prev && (prevRepeated || prevCaption) ? prev : undefined;
      consumed.add(line.index);
      if (caption) consumeCopies(prevKey);
      figures.push({
        index: line.index,
        ...(caption ? { caption: runsFromSpan(input, caption.start, caption.end) } : {}),
        credit: credit.credit,
      });
      return;
    }
    const trailing = splitTrailingCredit(line.text);
    if (trailing && i > 0) {
      consumed.add(line.index);
      consumeCopies(collapseSpaces(line.text.slice(0, trailing.captionLength)));
      figures.push({
        index: line.index,
        caption: runsFromSpan(input, line.start, line.start + trailing.captionLength),
        credit: trailing.credit,
      });
    }
  });

  // Any other line the page shows more than once (a repeated title, a caption without credit): keep the first copy.
  for (const [key, copies] of byKey) {
    if (copies.length < 2 || words(key).length < 4) continue;
    const kept = copies.filter((c) => !consumed.has(c.index));
    for (const copy of kept.slice(1)) consumed.add(copy.index);
  }
  return { figures, consumed };
}
