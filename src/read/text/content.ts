/**
 * The main content of a full-page text dump ("select all, copy" of a whole web page): where the article's
 * header and body stand among navigation menus, link lists, share buttons, onward-reading blocks and
 * footers. The body is the densest run of prose (long lines with sentence punctuation), found as the
 * maximum-sum run of per-line scores (prose counts for, short menu and Title-Case lines count against, so
 * a heading, caption or quote between paragraphs is tolerated while a menu or link list ends the run).
 * The header window is the stretch just above the body; everything else is page chrome.
 * Hand-written: Readability and similar libraries score DOM nodes, and a text dump has no DOM.
 */
import { isRoleLine, parseCreditLine, parsePersonLine, parseSourceLine } from './byline.js';
import { isDateish } from './dates.js';
import { isFigureLine } from './figures.js';
import { collapseSpaces, type Line, SEPARATOR_LINE, words } from './lines.js';
import { isEndLabel, isMenuLike, isOnwardLabel, isTitleCase, SENTENCE_END } from './navigation.js';
import { buildUnits, isBodyLike, type Unit } from './structure.js';

/** What one unit of the dump is, for finding the body. */
type Kind = 'prose' | 'meta' | 'figure' | 'separator' | 'menu' | 'headline' | 'sentence';

const WEIGHT: Record<Exclude<Kind, 'prose'>, number> = {
  meta: 0,
  figure: 0,
  separator: 0,
  menu: -60,
  headline: -40,
  sentence: -10,
};
/** Characters a prose line must exceed to count for the body (short teasers barely count). */
const PROSE_BASE = 50;
const PROSE_CAP = 1000;
/** Units above the body searched for the header (rubric, title, subtitle, credits). */
const HEADER_WINDOW = 40;
/** Units after the body in which credit and date lines still belong to the article. */
const TRAILER_WINDOW = 12;

export interface ContentRegion {
  /** Line index (document order) where the header window starts; lines before it are page chrome. */
  headerFrom: number;
  /** Line index of the first line of the body (its first paragraph of running text). */
  bodyStart: number;
  /** Line index of the last line of the body. */
  bodyEnd: number;
  /** Line index (exclusive) up to which credit and date lines after the body still count. */
  trailerEnd: number;
  /** Lines inside the body that are page chrome: link lists and menus between paragraphs. */
  dropped: Set<number>;
}

/** A line that states a credit, source or date (the reader decides later which of them it keeps). */
function isMetaText(text: string): boolean {
  return (
    parseCreditLine(text) !== undefined ||
    parseSourceLine(text) !== undefined ||
    isDateish(text) ||
    isRoleLine(text) ||
    (parsePersonLine(text)?.form ?? 'bare') !== 'bare'
  );
}

/** A line of links set side by side: "Politics ▪ Society ▪ Culture", "Help | Contact | Terms". */
const LINK_ROW = /(?:\s[▪•·/]\s.*){2,}|(?:\|.*){2,}/u;

/** Running text for the body finder: body-like, or a longer sentence-case line with a full stop inside ("… voraus. (abc)"). */
function isProse(text: string): boolean {
  if (isBodyLike(text)) return true;
  return words(text).length >= 15 && /[.!?…]["'”’»)\]]*\s/u.test(text) && !isTitleCase(text);
}

function classify(text: string): Kind {
  if (SEPARATOR_LINE.test(text)) return 'separator';
  if (isFigureLine(text)) return 'figure';
  if (text.length <= 200 && isMetaText(text)) return 'meta';
  if (LINK_ROW.test(text)) return 'menu';
  if (isProse(text)) return 'prose';
  if (isMenuLike(text)) return 'menu';
  if (!SENTENCE_END.test(text) && isTitleCase(text)) return 'headline';
  return 'sentence';
}

/** A short line between two prose units (a subheading) costs little; in a cluster of its kind, the full weight. */
const ISOLATED_SHORT_LINE = -15;

function weights(units: readonly Unit[], kinds: readonly Kind[]): number[] {
  const short = (k: Kind | undefined) => k === 'menu' || k === 'headline';
  return units.map((unit, i) => {
    const kind = kinds[i]!;
    if (kind === 'prose') return Math.min(unit.text.length, PROSE_CAP) - PROSE_BASE;
    if (short(kind) && kinds[i - 1] === 'prose' && kinds[i + 1] === 'prose') return ISOLATED_SHORT_LINE;
    return WEIGHT[kind];
  });
}

/**
 * The maximum-sum run [from, to] of the weights (Kadane), or undefined when no weight is positive. A
 * prefix that sums to exactly zero does not restart the run, so paragraphs, a link list as heavy as
 * them, and more paragraphs stay one run.
 */
function densestRun(weights: readonly number[]): [number, number] | undefined {
  let best: [number, number] | undefined;
  let bestSum = 0;
  let sum = 0;
  let from = 0;
  weights.forEach((w, i) => {
    if (sum < 0 || (sum === 0 && weights[from]! <= 0)) {
      sum = 0;
      from = i;
    }
    sum += w;
    if (sum > bestSum) {
      bestSum = sum;
      best = [from, i];
    }
  });
  return best;
}

/**
 * Ends the run before an onward-reading label ("Most viewed", "More from …") when what follows the label
 * inside the run is a small part of its prose (teasers of other articles, not the rest of this one), and
 * before a comments or author-box label once most of the prose stands above it (comments can be long).
 */
function cutAtOnwardLabel(
  units: readonly Unit[],
  kinds: readonly Kind[],
  labels: readonly number[],
  ends: ReadonlySet<number>,
  run: [number, number],
): [number, number] {
  const [from, to] = run;
  const prose = (a: number, b: number) =>
    units.slice(a, b + 1).reduce((n, u, k) => n + (kinds[a + k] === 'prose' ? u.text.length : 0), 0);
  const total = prose(from, to);
  for (const label of labels) {
    if (label < units[from]!.index) continue;
    const at = units.findIndex((u, i) => i > from && i <= to && u.index > label);
    if (at < 0) continue;
    const after = prose(at, to);
    if (after < total * 0.35 || (ends.has(label) && after <= total * 0.6)) {
      let end = at - 1;
      while (end > from && kinds[end] !== 'prose') end--;
      return [from, end];
    }
  }
  return run;
}

/** How far above the densest run a lone lead paragraph (cut off by a widget) is still looked for. */
const LEAD_WINDOW = 30;
const LEAD_MIN_CHARS = 200;

/**
 * Takes in a lead paragraph that a widget (a product box, a score card, a gallery) separates from the rest
 * of the body: the nearest substantial prose unit above the run, with no other prose and no onward label between.
 */
function extendToLead(
  units: readonly Unit[],
  kinds: readonly Kind[],
  labels: readonly number[],
  run: [number, number],
): [number, number] {
  const [from, to] = run;
  for (let i = from - 1; i >= Math.max(0, from - LEAD_WINDOW); i--) {
    if (kinds[i] !== 'prose') continue;
    const unit = units[i]!;
    const labelBetween = labels.some((l) => l > unit.index && l < units[from]!.index);
    return unit.text.length >= LEAD_MIN_CHARS && !labelBetween ? [i, to] : run;
  }
  return run;
}

/**
 * Moves the body start past a standfirst and the credits under it: when the run opens with at most two
 * prose units followed (past figures) by a credit or date line, those belong to the header.
 */
function skipLeadingHeader(units: readonly Unit[], kinds: readonly Kind[], run: [number, number]): number {
  const [from, to] = run;
  let start = from;
  let prose = 0;
  for (let i = from; i <= Math.min(to, from + 6); i++) {
    const kind = kinds[i];
    if (kind === 'prose') {
      if (++prose > 2 || words(units[i]!.text).length > 60 || start > from) break;
    } else if (kind === 'meta' && !parseSourceLine(units[i]!.text)) {
      start = i + 1;
    } else if (kind !== 'figure') {
      break;
    }
  }
  while (start < to && kinds[start] !== 'prose') start++;
  return start <= to ? start : from;
}

/**
 * Link lists and menus inside the body ("Recommended" blocks between paragraphs): three or more
 * consecutive non-prose units, at most a third of them sentence-like (so an article's own bulleted
 * points, written as sentences, stay).
 */
function innerChrome(
  units: readonly Unit[],
  kinds: readonly Kind[],
  labels: ReadonlySet<number>,
  from: number,
  to: number,
): Set<number> {
  const dropped = new Set<number>();
  const drop = (unit: Unit) => {
    for (const line of unit.lines) dropped.add(line.index);
  };
  // An onward-reading label inside the body ("Most read in Business") and the link list under it, up to the next prose.
  for (const label of labels) {
    if (label < units[from]!.index) continue;
    const at = units.findIndex((u, i) => i > from && i <= to && u.index > label);
    if (at < 0) continue;
    dropped.add(label);
    for (let i = at; i <= to && kinds[i] !== 'prose'; i++) drop(units[i]!);
  }
  let i = from;
  while (i <= to) {
    if (!['menu', 'headline', 'sentence', 'meta'].includes(kinds[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j <= to && ['menu', 'headline', 'sentence', 'meta'].includes(kinds[j]!)) j++;
    const run = units.slice(i, j);
    const sentences = kinds.slice(i, j).filter((k) => k === 'sentence').length;
    const bullets = run.filter((u) => /^(?:[•●▪◦‣∙*]|-(?!-)|\d{1,3}[.)])\s/u.test(u.text)).length;
    if (run.length >= 3 && sentences * 3 <= run.length && bullets < run.length) run.forEach(drop);
    i = j;
  }
  return dropped;
}

/** Where the trailer that still belongs to the article ends: at an onward label, a menu cluster, or after a few units. */
function trailerEnd(
  units: readonly Unit[],
  kinds: readonly Kind[],
  labels: readonly number[],
  end: number,
): number {
  const firstLabel = labels.find((l) => l > units[end]!.index) ?? Number.POSITIVE_INFINITY;
  let menus = 0;
  for (let i = end + 1; i < units.length && i <= end + TRAILER_WINDOW; i++) {
    const unit = units[i]!;
    if (unit.index > firstLabel) return firstLabel;
    menus = kinds[i] === 'menu' || kinds[i] === 'headline' ? menus + 1 : 0;
    if (menus >= 3) return units[i - 2]!.index;
  }
  const next = units[end + TRAILER_WINDOW + 1]?.index ?? Number.POSITIVE_INFINITY;
  return Math.min(next, firstLabel);
}

/**
 * Finds the article in a page dump. `all` are every non-blank line, `lines` those that are not
 * boilerplate. Returns undefined when the dump has no prose at all (a note, a list): then all of it is content.
 */
export function findContent(
  input: string,
  all: readonly Line[],
  lines: readonly Line[],
): ContentRegion | undefined {
  const units = buildUnits(input, lines);
  const counts = new Map<string, number>();
  for (const unit of units) counts.set(unit.text, (counts.get(unit.text) ?? 0) + 1);
  // A line shown twice or more (a caption with its alt text, a headline in the top bar) weighs nothing;
  // menus repeat too (top and bottom of the page), so each distinct text is classified once.
  const known = new Map<string, Kind>();
  const kinds = units.map((u) => {
    const repeated = (counts.get(u.text) ?? 0) >= 2 && words(u.text).length >= 4;
    if (repeated) return 'figure';
    const cached = known.get(u.text);
    if (cached) return cached;
    const kind = classify(u.text);
    known.set(u.text, kind);
    return kind;
  });
  const run = densestRun(weights(units, kinds));
  if (!run) return undefined;

  const labelLines = all.filter((l) => isOnwardLabel(l.text) && !isBodyLike(collapseSpaces(l.text)));
  const labels = labelLines.map((l) => l.index);
  const ends = new Set(labelLines.filter((l) => isEndLabel(l.text)).map((l) => l.index));
  const cut = cutAtOnwardLabel(units, kinds, labels, ends, run);
  const [from, to] = extendToLead(units, kinds, labels, cut);
  const start = skipLeadingHeader(units, kinds, [from, to]);
  const last = units[to]!;
  return {
    headerFrom: units[Math.max(0, start - HEADER_WINDOW)]!.index,
    bodyStart: units[start]!.index,
    bodyEnd: last.lines[last.lines.length - 1]!.index,
    trailerEnd: trailerEnd(units, kinds, labels, to),
    dropped: innerChrome(units, kinds, new Set(labels), start, to),
  };
}
