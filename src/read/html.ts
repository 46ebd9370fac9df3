/**
 * The html reader: a full web page → Article.
 *
 * One parse (parse5 into a linkedom document: no script runs, nothing is fetched). In order, on the same document:
 * metadata (JSON-LD, OpenGraph, meta tags), then the figures scan (before Readability drops pictures and
 * captions), then Readability for the article body, then the body converter.
 */
import { Readability } from '@mozilla/readability';
import { InputError } from '../errors.js';
import type { Article, Block } from '../model/schema.js';
import { blockText, walkBlocks } from '../model/walk.js';
import { type ArticleDraft, finalizeArticle } from './finalize.js';
import { chooseAuthors } from './html/byline.js';
import { collapseWhitespace, documentBase, httpUrl, parseHtml } from './html/dom.js';
import { placeFigures, scanDocument } from './html/figures.js';
import { chooseSiteName, extractMetadata, normaliseDate } from './html/metadata.js';
import { contentToBlocks } from './html/to-blocks.js';
import { dropTrailingFurniture } from './html/trailing.js';
import { detectLanguage, normaliseLang } from './language.js';
import type { Reader } from './types.js';

function hasBodyText(blocks: Block[]): boolean {
  for (const block of walkBlocks(blocks)) {
    if (block.type !== 'figure' && blockText(block).trim()) return true;
  }
  return false;
}

/** The first text in the blocks (inside lists and block quotes too; captions last), for an untitled page. */
function firstText(blocks: Block[]): string {
  let caption = '';
  for (const block of walkBlocks(blocks)) {
    const text = collapseWhitespace(blockText(block)).trim();
    if (!text) continue;
    if (block.type !== 'figure') return text;
    caption ||= text;
  }
  return caption;
}

function describe(name: string | undefined): string {
  return name ? ` (${name})` : '';
}

export const readHtml: Reader = async (input) => {
  return readDocument(parseHtml(input.text), input);
};

/** Everything from the parsed page to the article. */
function readDocument(doc: Document, input: Parameters<Reader>[0]): Article {
  const pageBase = documentBase(doc, input.baseUrl);
  const meta = extractMetadata(doc, pageBase);
  const base = documentBase(doc, input.baseUrl, meta.url);
  const scan = scanDocument(doc, { base, articleLang: meta.lang });

  let parsed: ReturnType<Readability<Element>['parse']>;
  try {
    // Readability changes the document it reads; nothing reads the original DOM after this point.
    parsed = new Readability<Element>(doc, {
      keepClasses: true,
      serializer: (node) => node as Element,
    }).parse();
  } catch (error) {
    throw new InputError(
      'input/unreadable-html',
      `The HTML page${describe(input.name)} could not be read.`,
      [],
      {
        cause: error,
      },
    );
  }
  const content = parsed?.content;
  if (!parsed || !content) {
    throw new InputError(
      'input/no-article-text',
      `No article text found in the HTML page${describe(input.name)}.`,
    );
  }

  const title =
    (parsed.title ?? '').trim() ||
    meta.headline ||
    meta.documentTitle ||
    collapseWhitespace(doc.querySelector('h1')?.textContent ?? '').trim();
  const declaredLang = meta.lang ?? normaliseLang(parsed.lang);
  const lang = declaredLang ?? detectLanguage(`${title}\n${parsed.textContent ?? ''}`) ?? undefined;
  const siteName = chooseSiteName(meta, title, parsed.siteName);
  const authors = chooseAuthors({
    jsonLd: meta.jsonLdAuthors,
    readabilityByline: parsed.byline,
    meta: meta.metaAuthors,
    siteNames: [
      siteName,
      meta.publisher,
      meta.siteName,
      parsed.siteName ?? undefined,
      ...meta.otherSiteNames,
    ].filter((s): s is string => !!s),
  });

  const figures = placeFigures(scan, content, authors);
  const blocks = dropTrailingFurniture(
    contentToBlocks(content, { base, articleLang: lang ?? 'und', figures, title }),
    authors.map((a) => a.name),
  );
  if (!hasBodyText(blocks)) {
    throw new InputError(
      'input/no-article-text',
      `No article text found in the HTML page${describe(input.name)}.`,
    );
  }

  const url = meta.url ?? httpUrl(input.baseUrl)?.href;
  const siteUrl = meta.publisherUrl ?? (url ? `${new URL(url).origin}/` : undefined);
  const publishedAt = meta.publishedAt ?? normaliseDate(parsed.publishedTime ?? undefined);
  const draft: ArticleDraft = {
    title: title || firstText(blocks).slice(0, 120),
    authors,
    translators: [],
    ...(siteName ? { source: { name: siteName, ...(siteUrl ? { url: siteUrl } : {}) } } : {}),
    ...(publishedAt ? { publishedAt } : {}),
    ...(meta.modifiedAt ? { modifiedAt: meta.modifiedAt } : {}),
    ...(url ? { url } : {}),
    ...(meta.description ? { description: meta.description } : {}),
    ...(lang ? { lang } : {}),
    ...(lang && !declaredLang ? { langSource: 'detected' as const } : {}),
    blocks,
  };
  return finalizeArticle(draft);
}
