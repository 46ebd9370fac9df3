/**
 * The plain-text reader: a text dump of a web page (what "select all, copy" or `lynx -dump` gives) →
 * Article. The article is first found among the page chrome (text/content.ts: the densest run of prose,
 * the header window above it; menus, link lists, onward-reading blocks and footers around it are
 * dropped), then the header (rubric, title, subtitle, text/header.ts), credits (authors, translators,
 * source, dates, text/meta.ts) and captioned figures are recovered with general rules, and every text
 * run keeps its offsets in the input (see text/inline-offsets.ts).
 */
import { InputError } from '../errors.js';
import type { Person } from '../model/schema.js';
import { type ArticleDraft, finalizeArticle } from './finalize.js';
import { isBoilerplate } from './text/boilerplate.js';
import { type ContentRegion, findContent } from './text/content.js';
import { findFigures } from './text/figures.js';
import { readHeader } from './text/header.js';
import { collapseSpaces, type Line, splitLines } from './text/lines.js';
import { isMetaLine, type Meta, type MetaZone, readMeta } from './text/meta.js';
import { buildBody, buildUnits, type Item, isBodyLike, type Unit } from './text/structure.js';
import type { Reader } from './types.js';

/** Where a line stands relative to the article found in the dump. */
function zoneOf(region: ContentRegion | undefined, index: number): MetaZone | 'body' {
  if (!region) return 'header';
  if (index < region.headerFrom) return 'far';
  if (index < region.bodyStart) return 'header';
  if (index <= region.bodyEnd) return 'body';
  return index < region.trailerEnd ? 'trailer' : 'far';
}

/** The lines the article is read from: the header window and the body, plus credit lines outside them. */
function keptLines(lines: readonly Line[], region: ContentRegion | undefined): Line[] {
  if (!region) return [...lines];
  return lines.filter((line) => {
    const zone = zoneOf(region, line.index);
    if (zone === 'body') return !region.dropped.has(line.index);
    if (zone === 'header') return true;
    return isMetaLine(collapseSpaces(line.text), zone);
  });
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

  // The article among the page chrome (menus, link lists, onward-reading blocks, footers).
  const region = findContent(source, all, lines);
  const kept = keptLines(lines, region);
  const { figures, consumed } = findFigures(source, kept, region?.bodyStart);
  const units: Unit[] = buildUnits(
    source,
    kept.filter((l) => !consumed.has(l.index)),
  );
  const items: Item[] = [
    ...units.map((unit): Item => ({ kind: 'text', unit, index: unit.index })),
    ...figures.map((figure): Item => ({ kind: 'figure', figure, index: figure.index })),
  ].sort((a, b) => a.index - b.index);

  const textOf = (it: Item | undefined) => (it?.kind === 'text' ? it.unit.text : undefined);
  const metaCandidate = (it: Item) => it.kind === 'text' && it.unit.text.length <= 200;
  const bodyLike = items.map((it) => it.kind === 'text' && isBodyLike(it.unit.text));
  let firstBody = region
    ? items.findIndex((it) => it.index >= region.bodyStart)
    : bodyLike.findIndex(
        (b, i) => b && !(metaCandidate(items[i]!) && isMetaLine(textOf(items[i])!, 'header')),
      );
  if (firstBody >= 0 && !region) {
    // Metadata may follow a one-paragraph standfirst ("Subtitle.\nBy X\nMay 4, 2022").
    let j = firstBody + 1;
    while (j < items.length && items[j]!.kind === 'text' && isMetaLine(textOf(items[j])!, 'header')) j++;
    if (j > firstBody + 1 && j < items.length) firstBody = j;
  }
  const lastBody = bodyLike.lastIndexOf(true);

  // Metadata: every form in the header, labelled credits and dates after the body, translators and sources further away.
  const meta: Meta = { authors: [], translators: [] };
  const metaItems = new Set<Item>();
  items.forEach((it, i) => {
    if (!metaCandidate(it)) return;
    const zone = zoneOf(region, it.index);
    let where: MetaZone;
    if (firstBody < 0 || i < firstBody) where = 'header';
    else if (region) where = zone === 'header' ? 'body' : zone;
    else where = i > lastBody ? 'trailer' : 'body';
    const around = { prev: textOf(items[i - 1]), next: textOf(items[i + 1]) };
    if (readMeta(textOf(it)!, meta, where, around)) metaItems.add(it);
  });
  const isMeta = (it: Item) => metaItems.has(it);

  const header = readHeader({
    items,
    firstBody,
    isMeta,
    allLines: all.map((l) => l.text),
    people: new Set(meta.authors.map((p) => p.name)),
  });
  const chrome = lines.length - kept.length;
  if (chrome) {
    ctx.report.info('read:text:chrome-dropped', `Dropped ${chrome} lines of page chrome around the article.`);
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
