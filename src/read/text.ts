/**
 * The plain-text reader: a text dump of a web page (what "select all, copy" or `lynx -dump` gives) →
 * Article. Page chrome is dropped, the header (rubric, title, subtitle), credits (authors, translators,
 * source, date) and captioned figures are recovered with general rules, and every text run keeps its
 * offsets in the input (see text/inline-offsets.ts).
 */
import { InputError } from '../errors.js';
import type { Person } from '../model/schema.js';
import { type ArticleDraft, finalizeArticle } from './finalize.js';
import { isBoilerplate } from './text/boilerplate.js';
import { parseCreditLine, parseSourceLine } from './text/byline.js';
import { parseDateLine } from './text/dates.js';
import { findFigures } from './text/figures.js';
import { findPairedTitle, readHeader } from './text/header.js';
import { collapseSpaces, splitLines } from './text/lines.js';
import { buildBody, buildUnits, type Item, isBodyLike, type Unit } from './text/structure.js';
import type { Reader } from './types.js';

interface Meta {
  authors: Person[];
  translators: Person[];
  source?: { name: string; url?: string };
  publishedAt?: string;
  modifiedAt?: string;
  url?: string;
}

/** Reads a header or trailer line as metadata; returns false when the line is not metadata. */
function readMeta(text: string, meta: Meta): boolean {
  const source = parseSourceLine(text);
  if (source) {
    meta.source ??= source;
    return true;
  }
  const credit = parseCreditLine(text);
  if (credit) {
    meta.authors.push(...credit.authors);
    meta.translators.push(...credit.translators);
    if (credit.date) meta.publishedAt ??= credit.date;
    return true;
  }
  const date = parseDateLine(text);
  if (date) {
    if (date.modified) meta.modifiedAt ??= date.iso;
    else meta.publishedAt ??= date.iso;
    return true;
  }
  if (/^https?:\/\/\S+$/i.test(text)) {
    meta.url ??= text;
    return true;
  }
  return false;
}

function uniquePeople(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => !seen.has(p.name) && seen.add(p.name));
}

function shorten(text: string, max = 120): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))}…`;
}

export const readText: Reader = async (input, ctx) => {
  const source = input.text;
  const label = input.name ? `"${input.name}"` : 'The text input';
  const all = splitLines(source);
  if (!all.length) throw new InputError('input/empty', `${label} is empty: there is no text to read.`);
  const lines = all.filter((l) => !isBoilerplate(l.text));
  if (!lines.length) {
    throw new InputError(
      'input/no-article-text',
      `${label} holds only page boilerplate (navigation, sharing, advertising or cookie lines), no article text.`,
    );
  }

  const { figures, consumed } = findFigures(source, lines);
  const units: Unit[] = buildUnits(
    source,
    lines.filter((l) => !consumed.has(l.index)),
  );
  const items: Item[] = [
    ...units.map((unit): Item => ({ kind: 'text', unit, index: unit.index })),
    ...figures.map((figure): Item => ({ kind: 'figure', figure, index: figure.index })),
  ].sort((a, b) => a.index - b.index);

  // A headline the page also states as "Title - Site" starts the article; text before it is page chrome.
  const allLines = all.map((l) => l.text);
  const paired = findPairedTitle(items, allLines);
  const start = Math.max(paired, 0);

  // Header and trailer: everything before the first and after the last paragraph of running text.
  const looksMeta = (it: Item) =>
    it.kind === 'text' &&
    it.unit.lines.length === 1 &&
    readMeta(it.unit.text, { authors: [], translators: [] });
  const bodyLike = items.map(
    (it, i) => i >= start && it.kind === 'text' && isBodyLike(it.unit.text) && !looksMeta(it),
  );
  const firstBody = bodyLike.indexOf(true);
  const lastBody = bodyLike.lastIndexOf(true);
  // Metadata may follow a one-paragraph standfirst ("Subtitle.\nBy X\nMay 4, 2022"): the metadata lines
  // (and figures) right after the first body-like unit still belong to the header.
  let headerEnd = firstBody;
  for (let j = firstBody + 1; firstBody >= 0 && j < items.length; j++) {
    const it = items[j]!;
    if (it.kind === 'text' && !looksMeta(it)) break;
    if (it.kind === 'text') headerEnd = j + 1;
  }
  const meta: Meta = { authors: [], translators: [] };
  const metaItems = new Set<Item>();
  items.forEach((it, i) => {
    const inZone = firstBody < 0 || i < firstBody || (i > firstBody && i < headerEnd) || i > lastBody;
    if (inZone && it.kind === 'text' && it.unit.lines.length === 1 && readMeta(it.unit.text, meta))
      metaItems.add(it);
  });
  const isMeta = (it: Item) => metaItems.has(it);

  const header = readHeader({ items, start, firstBody, paired: paired >= 0, isMeta, allLines });
  const chrome = items.slice(0, start).filter((it) => it.kind === 'text' && !isMeta(it));
  for (const it of chrome) header.used.add(it);
  if (chrome.length) {
    ctx.report.info(
      'read:text:chrome-dropped',
      `Dropped ${chrome.length} lines of page chrome before the title.`,
    );
  }
  let body = items.filter((it) => !isMeta(it) && !header.used.has(it));
  if (!body.some((it) => it.kind === 'text')) {
    // Nothing but a header (a one-line note): keep its text as the body too.
    body = items.filter((it) => !isMeta(it));
  }

  let title = header.title;
  if (!title) {
    const first =
      items.find((it): it is Extract<Item, { kind: 'text' }> => it.kind === 'text')?.unit.text ??
      collapseSpaces(lines[0]!.text);
    title = shorten(first);
    ctx.report.warn(
      'read:text:no-title',
      `No title line found in ${label}; using the first line as the title.`,
    );
  }

  const draft: ArticleDraft = {
    title,
    ...(header.subtitle ? { subtitle: header.subtitle } : {}),
    ...(header.rubric ? { rubric: header.rubric } : {}),
    authors: uniquePeople(meta.authors),
    translators: uniquePeople(meta.translators),
    ...(meta.source ? { source: meta.source } : {}),
    ...(meta.publishedAt ? { publishedAt: meta.publishedAt } : {}),
    ...(meta.modifiedAt ? { modifiedAt: meta.modifiedAt } : {}),
    ...(meta.url ? { url: meta.url } : {}),
    blocks: buildBody(source, body),
  };
  return finalizeArticle(draft);
};
