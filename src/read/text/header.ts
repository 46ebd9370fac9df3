/**
 * The header of a page dump: rubric (section label), title and subtitle, found among the text before
 * the first paragraph of running text. Hand-written heuristics (capitalisation, length, position), each general.
 */
import { isDateish } from './dates.js';
import { collapseSpaces, words } from './lines.js';
import { isMenuLike, SENTENCE_END } from './navigation.js';
import { type Item, isBodyLike } from './structure.js';
import { isLabelLike, splitTitleLine } from './title.js';

type TextItem = Extract<Item, { kind: 'text' }>;

const SITE_SUFFIX = /^\s*(?:[|›»·]|::|\s[-—–:])\s*(\S.*)$/u;
const CRUMB_PREFIX = /^(.*\S)\s*(?:[|>›»/·]|::|\s[-—–])\s*$/u;

/** A site or publication name: up to five capitalised words ("BBC News", "The Washington Post", "Le Monde"). */
function isSiteName(text: string): boolean {
  const ws = words(text);
  return (
    ws.length <= 5 &&
    ws.every(
      (w, i) => /^[\p{Lu}\p{N}&]/u.test(w) || (i > 0 && /^(?:of|the|and|de|du|la|le|der|die)$/u.test(w)),
    )
  );
}

/**
 * A title the page states twice: once alone (the headline) and once inside a longer line with a
 * separator — the document title "Title - Site" or a breadcrumb "World > Africa > Title", which
 * dumps often include. Returns the position of the headline among the items, or -1.
 */
export function findPairedTitle(items: readonly Item[], allLines: readonly string[]): number {
  // `allLines` are the non-blank lines of the input, so an item's `index` is its position in them.
  const texts = allLines.map(collapseSpaces);
  return items.findIndex((it) => {
    if (it.kind !== 'text' || it.unit.lines.length > 1 || words(it.unit.text).length < 3) return false;
    const title = it.unit.text;
    // The document title and breadcrumbs stand above the headline.
    return texts.slice(0, it.index).some((line) => {
      if (line.length === title.length) return false;
      if (line.startsWith(title)) {
        const site = SITE_SUFFIX.exec(line.slice(title.length))?.[1];
        return site !== undefined && isSiteName(site);
      }
      if (line.endsWith(title)) {
        const crumbs = CRUMB_PREFIX.exec(line.slice(0, line.length - title.length))?.[1];
        return crumbs !== undefined && words(crumbs).length <= 12;
      }
      return false;
    });
  });
}

export interface Header {
  rubric?: string;
  title?: string;
  subtitle?: string;
  /** Items the header used up or found to be page chrome (dropped from the body). */
  used: Set<Item>;
}

export interface HeaderInput {
  items: readonly Item[];
  /** Position of the first item of the body, or -1 when the dump has no running text. */
  firstBody: number;
  isMeta: (item: Item) => boolean;
  /** Every line of the input, for the "title stated twice" evidence. */
  allLines: readonly string[];
  /** Names of the authors found, so a name line is not taken for a rubric. */
  people: ReadonlySet<string>;
}

/** Words a headline does not end on ("Supported by", "More from the"). */
const TRAILING_FUNCTION_WORD =
  /\s(?:a|an|the|and|or|of|to|in|on|at|by|for|from|with|about|и|в|на|по|от|de|la|le|du|des|et|der|die|das|und|von|mit)$/iu;

/** A final full stop that belongs to an abbreviation ("… in N.Y.C.", "… Inc.") rather than ending a sentence. */
const ABBREVIATION_END =
  /(?:^|\s)(?:(?:\p{Lu}\.){2,}|(?:Inc|Ltd|Co|Corp|Jr|Sr|St|Dr|Mr|Mrs|Ms|Gov|Sen|Rep|etc)\.)$/u;

/** A line that can be a headline: 2–30 words, capitalised start, no final full stop or comma, not a date or menu row. */
export function isHeadlineLike(text: string): boolean {
  const n = words(text).length;
  if (n < 2 || n > 30 || text.length > 250) return false;
  if (!/^["'“‘«(¿¡]?[\p{Lu}\p{N}]/u.test(text)) return false;
  if (/[.,;:]["'”’»)\]]*$/u.test(text) && !/\.\.\.$|…$/u.test(text) && !ABBREVIATION_END.test(text))
    return false;
  if (TRAILING_FUNCTION_WORD.test(text) || /(?:\s[|▪•·]\s.*){2,}/u.test(text)) return false;
  return !isDateish(text);
}

/** A standfirst: a sentence (or sentences) of 4–80 words. */
function isSentenceLike(text: string): boolean {
  const n = words(text).length;
  return n >= 4 && n <= 80 && (SENTENCE_END.test(text) || isBodyLike(text));
}

/** A rubric: a short label (≤ 3 words) with no final punctuation, not a name, not ending on a function word. */
function isRubricLike(text: string, people: ReadonlySet<string>): boolean {
  if (isLabelLike(text)) return !people.has(text);
  const n = words(text).length;
  return (
    n <= 3 &&
    text.length <= 40 &&
    /^\p{L}/u.test(text) &&
    !/[.!?…:;,]$/u.test(text) &&
    !TRAILING_FUNCTION_WORD.test(text) &&
    !isDateish(text) &&
    !people.has(text)
  );
}

interface Choice {
  at: number;
  sub?: number;
  score: number;
}

/**
 * Rubric, title and subtitle from the items above the body. Every headline-like line there is a candidate;
 * the title is the one that stands where a title stands: just above the credits or date (or the body),
 * possibly with a standfirst between, under a lone section label; a headline the page also states as
 * "Title | Site" or at the end of a breadcrumb wins outright. Everything above the title (but a lead
 * image) and the short chrome between the title and the body (share counts, "Image", menus) is dropped.
 */
export function readHeader({ items, firstBody, isMeta, allLines, people }: HeaderInput): Header {
  const used = new Set<Item>();
  const before = firstBody < 0 ? items.length : firstBody;
  const textAt = (p: number): TextItem | undefined => {
    const it = items[p];
    return it?.kind === 'text' && !isMeta(it) ? it : undefined;
  };
  const wordsAt = (p: number) => words(textAt(p)?.unit.text ?? '').length;
  const nextNonFigure = (p: number) => {
    let q = p + 1;
    while (q < before && items[q]!.kind === 'figure') q++;
    return q;
  };
  const paired = findPairedTitle(items.slice(0, before), allLines);

  const choices: Choice[] = [];
  for (let p = 0; p < before; p++) {
    const item = textAt(p);
    if (!item || !isHeadlineLike(item.unit.text)) continue;
    const n = wordsAt(p);
    let sub: number | undefined;
    const q = nextNonFigure(p);
    const next = textAt(q);
    if (q < before && next) {
      const text = next.unit.text;
      const longerHeadline =
        n >= 3 && isHeadlineLike(text) && words(text).length > n && words(text).length >= 6;
      if ((isSentenceLike(text) || longerHeadline) && !isLabelLike(text)) sub = q;
    }
    // What stands below the title (and subtitle), past figures and short chrome: credits, or the body.
    let r = nextNonFigure(sub ?? p);
    let skipped = 0;
    for (; r < before && skipped < 8; skipped++) {
      const t = textAt(r);
      if (!t || words(t.unit.text).length > 3 || SENTENCE_END.test(t.unit.text)) break;
      r = nextNonFigure(r);
    }
    let score = 0;
    if (p === paired) score += 6;
    if (sub !== undefined && isSentenceLike(textAt(sub)!.unit.text)) score += 1;
    // Directly above the credits (or the body) counts most; across a few short chrome lines, less.
    if (r >= before) score += skipped ? 1 : 2;
    else if (items[r]!.kind === 'text' && isMeta(items[r]!)) score += skipped ? 2 : 3;
    const above = textAt(p - 1);
    if (above && isRubricLike(above.unit.text, people) && loneLabel(items, p - 1, isMeta)) score += 1;
    if (n >= 4) score += 1;
    if (n === 2) score -= 1;
    choices.push({ at: p, ...(sub !== undefined ? { sub } : {}), score });
  }
  // A headline-like line that is another (three words or longer) candidate's subtitle is no title itself.
  // (A line with a standfirst of its own is no one's subtitle.)
  for (const c of choices) {
    if (c.sub === undefined && choices.some((o) => o.sub === c.at && wordsAt(o.at) >= 3)) c.score -= 2;
  }
  let best = choices.reduce<Choice | undefined>((a, c) => (!a || c.score >= a.score ? c : a), undefined);
  if (!best) {
    // No headline-like line: the first text line above the body that is not a label.
    const first = items.findIndex(
      (it, p) => p < before && textAt(p) && !isLabelLike(it.kind === 'text' ? it.unit.text : ''),
    );
    if (first < 0) return { used };
    best = { at: first, score: 0 };
  }
  const titleItem = items[best.at] as TextItem;
  const rubricAt = best.at - 1;
  const rubricItem = textAt(rubricAt);
  const rubric =
    rubricItem && isRubricLike(rubricItem.unit.text, people) && loneLabel(items, rubricAt, isMeta)
      ? rubricItem
      : undefined;
  const top = rubric ? rubricAt : best.at;
  // Lines above the title are page chrome, except a lead image right above it.
  let lead = top;
  while (lead > 0 && items[lead - 1]!.kind === 'figure') lead--;
  for (const it of items.slice(0, lead)) used.add(it);
  if (rubric) used.add(rubric);
  used.add(titleItem);

  const header: Header = {
    title: titleItem.unit.text,
    used,
    ...(rubric ? { rubric: rubric.unit.text } : {}),
  };
  const subtitleItem =
    best.sub !== undefined ? textAt(best.sub) : findSubtitle(items, best.at, before, isMeta);
  if (subtitleItem) {
    header.subtitle = subtitleItem.unit.text;
    used.add(subtitleItem);
  }
  // Short chrome between the title block and the body (share counts, "Image", widget lines).
  for (let p = best.at + 1; p < before; p++) {
    const t = textAt(p);
    if (t && t !== subtitleItem && !isSentenceLike(t.unit.text)) used.add(t);
  }
  if (subtitleItem) return header;
  const split = splitTitleLine(
    titleItem.unit.text,
    allLines.filter((l) => collapseSpaces(l) !== titleItem.unit.text),
  );
  if (split) {
    header.title = split.title;
    header.subtitle = split.subtitle;
  }
  return header;
}

/** A label that stands alone: the text line above it is not another menu item of the same block. */
function loneLabel(items: readonly Item[], at: number, isMeta: (item: Item) => boolean): boolean {
  const label = items[at];
  const above = items[at - 1];
  if (label?.kind !== 'text') return false;
  if (above?.kind !== 'text' || isMeta(above)) return true;
  return above.unit.group !== label.unit.group || !isMenuLike(above.unit.text);
}

/**
 * The subtitle when none stands between the title and the body: the first paragraph, when a
 * byline/date/source line separates it from the rest, or when no blank line separates it from the
 * title in a dump that does separate its paragraphs by blank lines.
 */
function findSubtitle(
  items: readonly Item[],
  titleAt: number,
  firstBody: number,
  isMeta: (item: Item) => boolean,
): TextItem | undefined {
  const rest = items.slice(titleAt + 1);
  const next = rest.find((it): it is TextItem => it.kind === 'text' && !isMeta(it));
  if (!next) return undefined;
  const at = items.indexOf(next);
  const text = next.unit.text;
  if (words(text).length < 3 || words(text).length > 60) return undefined;
  if (at < firstBody) return undefined;
  const moreText = items.slice(at + 1).some((it) => it.kind === 'text' && !isMeta(it));
  if (!moreText) return undefined;
  const following = items[at + 1];
  if (following && isMeta(following)) return next;
  const title = items[titleAt] as TextItem;
  const groups = new Set(items.filter((it): it is TextItem => it.kind === 'text').map((it) => it.unit.group));
  return next.unit.group === title.unit.group && groups.size > 2 ? next : undefined;
}
