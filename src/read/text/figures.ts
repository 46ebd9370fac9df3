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
import { SENTENCE_END } from './navigation.js';

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
  /^(.*\S)\s+\(?((?:photo|photos|photograph|photography|фото|image|images|picture|illustration|иллюстрация|foto|bild|credit|credits|photo credit|image credit)\s*[:：]\s*[^()]*\S|©\s*[^()]*\S)\)?$/iu;
/** "… Source: Supplied" after a caption sentence (a standalone "Source: X" line is the article's source). */
const TRAILING_SOURCE = /^(.*[.!?”"’)])\s+(?:source|quelle|источник)\s*:\s*(\p{Lu}[^.!?]{0,60})$/iu;
/** "… underground.Credit Jane Doe/Agency": a credit printed after the caption, often without a space. */
const TRAILING_CREDIT_WORD = /^(.*?[.!?”"’)])\s*(?:credit\s*)+:?\s*(\p{Lu}.*)$/iu;
/** "… election. (Jane Doe/AFP/Getty Images)", "… in 1989. (AP)". */
const TRAILING_BRACKETS = /^(.*[.!?”"’])\s*\(([^()]+)\)$/u;
/** "… on Sunday. Jane Doe/Getty Images": an agency credit after the last sentence. */
const TRAILING_AGENCY = /^(.*[.!?”"’])\s+([^.!?()]+)$/u;
/** "(Photo: X)", "[Credit: X]": a credit line in brackets. */
const BRACKETED = /^[([]\s*(.*\S)\s*[)\]]$/u;
/** "Image copyright Getty Images", "Photo copyright X". */
const COPYRIGHT_LABEL = /^(?:image|photo|picture)\s+copyright\s+(\S.*)$/iu;
/** "Media caption …", "Image caption …", "Caption: …": a caption line with its label. */
const CAPTION_LABEL = /^(?:(?:image|media|video|photo|picture)\s+caption\s+|caption\s*:\s*)(?=\S)/iu;
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
  const inner = BRACKETED.exec(text)?.[1];
  if (inner) {
    const credit = parseImageCredit(inner);
    return credit?.marked ? credit : undefined;
  }
  const label = COPYRIGHT_LABEL.exec(text);
  if (label) return { credit: label[1]!.trim(), marked: true, parts: 1 };
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

/** An agency or photographer credit: "AP", "Jane Doe/Reuters", "Kirsten Luce for The Example Times", "A — B Images". */
function isAgencyCredit(text: string): boolean {
  const parts = text.split(/\s*\/\s*|\s+[—–-]\s+|\s+(?:via|for|pour|für|для)\s+/u);
  return words(text).length <= 12 && parts.every(agencyLike);
}

/** Agency credits that announce themselves after a sentence: a slash, "via", or an "… Images" ending. */
function isStrongAgencyCredit(text: string): boolean {
  return isAgencyCredit(text) && (/\/|\svia\s/u.test(text) || /\b(?:Images|Photos|Pictures)$/u.test(text));
}

/** "… in Paris Jane Doe/Reuters": a photographer/agency pair ending a caption with no separator. */
function splitNameSlashAgency(line: string): { captionLength: number; credit: string } | undefined {
  if (SENTENCE_END.test(line)) return undefined;
  const ws = [...line.matchAll(/\S+/gu)];
  const slashAt = ws.findIndex((w) => /^\p{Lu}\p{Ll}[\p{L}'’.-]*\/\p{Lu}/u.test(w[0]));
  if (slashAt < 3) return undefined;
  const from = /^\p{Lu}\p{Ll}/u.test(ws[slashAt - 1]![0]) ? slashAt - 1 : slashAt;
  const credit = collapseSpaces(line.slice(ws[from]!.index));
  if (!isAgencyCredit(credit) || words(credit).length > 6) return undefined;
  const last = ws[from - 1]!;
  return from >= 3 ? { captionLength: last.index + last[0].length, credit } : undefined;
}

/**
 * "Caption text. Photo: X", "Caption. Photograph: A/Agency", "Caption.Credit A/Agency", "Caption. (A/Agency)",
 * "Caption. A/Getty Images", "Caption in Paris A/Agency" → the caption's length and the credit; undefined when
 * the line carries no trailing credit. The caption is a prefix of the (single-spaced) line.
 */
export function splitTrailingCredit(line: string): { captionLength: number; credit: string } | undefined {
  if (line.length > 1200) return undefined;
  // Cheap tests first: most lines of a dump are prose ending with a full stop and holding no credit marker.
  const colon = /[:：©]/u.test(line);
  const endsInSentence = SENTENCE_END.test(line);
  if (!colon && endsInSentence && !/credit/iu.test(line)) return undefined;
  const m = colon ? TRAILING.exec(line) : null;
  if (m && words(m[1]!).length >= 2) {
    const credit = parseImageCredit(m[2]!);
    if (credit?.marked) return { captionLength: m[1]!.length, credit: credit.credit };
  }
  const source = colon ? TRAILING_SOURCE.exec(line) : null;
  if (source && words(source[1]!).length >= 4) {
    return { captionLength: source[1]!.length, credit: source[2]!.trim() };
  }
  const word = TRAILING_CREDIT_WORD.exec(line);
  if (word && words(word[1]!).length >= 3 && isAgencyCredit(word[2]!.trim())) {
    return { captionLength: word[1]!.length, credit: word[2]!.trim() };
  }
  const brackets = line.endsWith(')') ? TRAILING_BRACKETS.exec(line) : null;
  if (brackets && words(brackets[1]!).length >= 4) {
    const inner = brackets[2]!.trim();
    const marked = parseImageCredit(inner);
    if (marked?.marked) return { captionLength: brackets[1]!.length, credit: marked.credit };
    if (isAgencyCredit(inner) && words(inner).length <= 8) {
      return { captionLength: brackets[1]!.length, credit: inner };
    }
  }
  const agency = endsInSentence ? null : TRAILING_AGENCY.exec(line);
  if (agency && words(agency[1]!).length >= 4 && isStrongAgencyCredit(agency[2]!.trim())) {
    return { captionLength: agency[1]!.length, credit: agency[2]!.trim() };
  }
  return line.includes('/') ? splitNameSlashAgency(line) : undefined;
}

/** Length of a caption label ("Media caption ", "Caption: ") that opens the line, or 0. */
export function captionLabelLength(line: string): number {
  const m = CAPTION_LABEL.exec(line);
  return m && words(line.slice(m[0].length)).length >= 2 ? m[0].length : 0;
}

/** True when a line is figure material on its own: a marked credit, a caption with its credit, a labelled caption. */
export function isFigureLine(line: string): boolean {
  // A marked or multi-part credit has a slash, a colon, © or "copyright" (a cheap test first).
  const credit = /[/:：©]|copyright/iu.test(line) ? parseImageCredit(line) : undefined;
  if (credit && (credit.marked || credit.parts >= 2)) return true;
  return captionLabelLength(line) > 0 || splitTrailingCredit(collapseSpaces(line)) !== undefined;
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

/**
 * Finds captioned figures in the (non-boilerplate) lines and the lines they consume; also drops repeated
 * lines. A line repeated only above `bodyStart` (a line index) keeps its last copy — the headline stated again
 * just above the article, after a copy in the page's top bar; otherwise the first copy is kept.
 */
export function findFigures(input: string, lines: readonly Line[], bodyStart = 0): FigureScan {
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
    const credit = parseImageCredit(line.text);
    // A marked credit ("Photo: X", "(Bild: X)") may stand after a blank line below its caption.
    const sameBlock = before !== undefined && (before.group === line.group || credit?.marked === true);
    const prev = before && sameBlock && !consumed.has(before.index) ? before : undefined;
    const prevKey = prev ? collapseSpaces(prev.text) : '';
    const prevRepeated =
      prev !== undefined && (byKey.get(prevKey)?.length ?? 0) >= 2 && words(prevKey).length >= 3;
    // A caption shown once may still carry an agency list, when it reads like a sentence.
    const prevCaption = prev !== undefined && captionable(prev, i - 1);
    const slashCaption =
      credit !== undefined &&
      credit.parts >= 2 &&
      prevCaption &&
      words(prevKey).length >= 6 &&
      words(prevKey).length <= 40;
    // "Jane Doe/Agency" alone between paragraphs: the credit of an image the dump shows no caption for.
    const creditOnly = credit !== undefined && credit.parts >= 2 && !slashCaption;
    // A repeated caption takes an unmarked credit only when it is a list ("A / B"), not a lone word.
    const repeatedCaption = prevRepeated && credit !== undefined && credit.parts >= 2;
    if (credit && (credit.marked || repeatedCaption || slashCaption || creditOnly)) {
      const caption = prev && (prevRepeated || (prevCaption && !creditOnly)) ? prev : undefined;
      consumed.add(line.index);
      if (caption) consumeCopies(prevKey);
      figures.push({
        index: line.index,
        ...(caption ? { caption: runsFromSpan(input, caption.start, caption.end) } : {}),
        credit: credit.credit,
      });
      return;
    }
    const label = captionLabelLength(line.text);
    if (label > 0) {
      consumed.add(line.index);
      figures.push({ index: line.index, caption: runsFromSpan(input, line.start + label, line.end) });
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
    const keep = kept.every((c) => c.index < bodyStart) ? kept[kept.length - 1] : kept[0];
    for (const copy of kept) if (copy !== keep) consumed.add(copy.index);
  }
  return { figures, consumed };
}
