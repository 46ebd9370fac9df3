/**
 * The header of a page dump: rubric (section label), title and subtitle, found among the text before
 * the first paragraph of running text. Hand-written heuristics (capitalisation, length, position), each general.
 */
import { collapseSpaces, words } from './lines.js';
import type { Item } from './structure.js';
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
  /** Items the header used up (dropped from the body). */
  used: Set<Item>;
}

export interface HeaderInput {
  items: readonly Item[];
  /** Where the header starts: a paired title's position, or 0. */
  start: number;
  /** Position of the first paragraph of running text, or -1. */
  firstBody: number;
  /** True when items[start] is a title the page states twice (see findPairedTitle). */
  paired: boolean;
  isMeta: (item: Item) => boolean;
  /** Every line of the input, for the "title repeated elsewhere" evidence. */
  allLines: readonly string[];
}

/** The candidates after the last run of three or more section labels (a navigation menu) before the body. */
function afterMenus(candidates: TextItem[]): TextItem[] {
  let from = 0;
  let run = 0;
  candidates.forEach((c, i) => {
    run = isLabelLike(c.unit.text) ? run + 1 : 0;
    if (run >= 3) from = i + 1;
  });
  return from < candidates.length ? candidates.slice(from) : candidates.slice(-1);
}

/** Rubric, title and subtitle from the text items between `start` and the first paragraph of running text. */
export function readHeader({ items, start, firstBody, paired, isMeta, allLines }: HeaderInput): Header {
  const used = new Set<Item>();
  const before = firstBody < 0 ? items.length : firstBody;
  const all = items.slice(start, before).filter((it): it is TextItem => it.kind === 'text' && !isMeta(it));
  if (!all.length) return { used };
  const candidates = paired ? all : afterMenus(all);

  let t = paired ? 0 : candidates.findIndex((c) => !isLabelLike(c.unit.text));
  if (t < 0) t = candidates.length - 1;
  const titleItem = candidates[t]!;
  const rubricItem = t > 0 && isLabelLike(candidates[t - 1]!.unit.text) ? candidates[t - 1] : undefined;
  // Lines before the rubric or title are page chrome the phrase list does not know (site name, menu).
  for (const c of all.slice(0, all.indexOf(titleItem))) used.add(c);
  used.add(titleItem);

  const header: Header = {
    title: titleItem.unit.text,
    used,
    ...(rubricItem ? { rubric: rubricItem.unit.text } : {}),
  };
  const subtitleItem = findSubtitle(items, items.indexOf(titleItem), before, isMeta);
  if (subtitleItem) {
    header.subtitle = subtitleItem.unit.text;
    used.add(subtitleItem);
    return header;
  }
  const titleText = titleItem.unit.text;
  const split = splitTitleLine(
    titleText,
    allLines.filter((l) => collapseSpaces(l) !== titleText),
  );
  if (split) {
    header.title = split.title;
    header.subtitle = split.subtitle;
  }
  return header;
}

/**
 * The subtitle is the next text item after the title when it is still header text (not running text),
 * or when a byline/date/source line separates it from the body, or when no blank line separates it
 * from the title in a dump that does separate its paragraphs by blank lines.
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
  if (at < firstBody || firstBody < 0) return isLabelLike(text) ? undefined : next;
  const moreText = items.slice(at + 1).some((it) => it.kind === 'text' && !isMeta(it));
  if (!moreText) return undefined;
  const following = items[at + 1];
  if (following && isMeta(following)) return next;
  const title = items[titleAt] as TextItem;
  const groups = new Set(items.filter((it): it is TextItem => it.kind === 'text').map((it) => it.unit.group));
  return next.unit.group === title.unit.group && groups.size > 2 ? next : undefined;
}
