/**
 * The HTML a PDF is printed from: the semantic HTML of the HTML writer in its print form, with the print
 * stylesheet (templates/pdf/print.css), the embedded fonts and this document's page rules (paper,
 * margins, running header, "Page N of M"), and the headings the PDF's bookmarks must repeat exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../../context.js';
import type { Article, Figure } from '../../model/schema.js';
import { htmlTemplatesDir } from '../html/environment.js';
import { labelsFor, textDirection } from '../html/locale.js';
import { renderHtmlView } from '../html/render.js';
import type { ArticleView, BlockView, ImageSource, InlineView } from '../html/view.js';
import { fontFaceCss } from './fonts.js';
import { canHyphenate, hyphenateArticle } from './hyphenate.js';
import type { PdfOptions } from './options.js';

/** A bookmark the PDF must have: the heading's level (1 = the title) and its text exactly. */
export interface OutlineHeading {
  level: number;
  text: string;
}

export interface PrintDocument {
  html: string;
  headings: OutlineHeading[];
  /** Text alternatives of the pictures, in document order (for figures the browser leaves without one). */
  imageAlts: string[];
  /** The article as printed (soft hyphens in its running text when hyphenating). */
  article: Article;
}

const PAPER = { a4: 'A4', letter: 'letter' } as const;
const SHORT_TITLE = 55;

let staticCss: string | undefined;
/** templates/pdf/print.css (read once), beside templates/html/. */
export function printStylesheet(): string {
  staticCss ??= readFileSync(join(htmlTemplatesDir(), '..', 'pdf', 'print.css'), 'utf8');
  return staticCss;
}

/**
 * A CSS string literal: quotes and backslashes escaped, line breaks as spaces, other control characters
 * dropped, `<` escaped (no `</style>`).
 */
export function cssString(text: string): string {
  const escaped = text
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[\n\r\f\t]+/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters removed
    .replace(/[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, '')
    .replace(/</g, '\\3c ');
  return `"${escaped}"`;
}

/** The title shortened at a word boundary for the running header. */
export function shortTitle(title: string, max = SHORT_TITLE): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.\-–—]+$/, '')}…`;
}

/** The page rules of one document: size, margins, running header (not on the first page), page numbers. */
function pageCss(article: Article, options: PdfOptions): string {
  const labels = labelsFor(article.lang);
  const rtl = textDirection(article.lang) === 'rtl';
  const [start, end] = rtl ? ['top-right', 'top-left'] : ['top-left', 'top-right'];
  const publication = article.source?.name.trim();
  const [page, of] = labels.pageOf;
  const m = options.margins;
  const rules = [
    `@page{size:${PAPER[options.paper]};margin:${m}mm ${m}mm ${m + 2}mm;` +
      `@${start}{content:${cssString(publication ?? '')}}` +
      `@${end}{content:${cssString(shortTitle(article.title))}}` +
      `@bottom-center{content:${cssString(page)} counter(page) ${cssString(of)} counter(pages)}}`,
    `@page:first{@${start}{content:none}@${end}{content:none}}`,
  ];
  if (options.hyphenate) {
    rules.push('article p,article li,blockquote{text-align:justify;hyphens:manual}');
  } else {
    rules.push('article p,article li,blockquote{text-align:start;hyphens:none}');
  }
  if (options.columns === 2) {
    rules.push(
      'article{column-count:2;column-gap:7mm;column-fill:auto}',
      'article>header,.speakers,.link-notes{column-span:all}',
      'figure img{max-height:70mm}',
    );
  }
  return rules.join('\n');
}

/** Pictures from the image store (print size), or a figure's own data: URI; nothing is ever fetched. */
function printImageSource(ctx: Ctx): ImageSource {
  const store = ctx.images;
  return (figure: Figure) => {
    if (store?.has(figure.id)) return store.dataUri(figure.id, 'print');
    const src = figure.src.trim();
    return /^data:image\//i.test(src) ? src : undefined;
  };
}

function inlineText(runs: readonly InlineView[]): string {
  let out = '';
  for (const run of runs) {
    if (run.type === 'text' || run.type === 'code') out += run.text;
    else if (run.type === 'break') out += ' ';
    else if (run.type === 'quote') out += run.open + inlineText(run.children) + run.close;
    else out += inlineText(run.children);
  }
  return out;
}

/** The headings of the view in the order the templates place them. */
export function viewHeadings(view: ArticleView): OutlineHeading[] {
  const out: OutlineHeading[] = [{ level: 1, text: view.title }];
  const visit = (blocks: readonly BlockView[]): void => {
    for (const b of blocks) {
      if (b.type === 'heading') out.push({ level: b.level, text: inlineText(b.children) });
      else if (b.type === 'blockquote') visit(b.children);
      else if (b.type === 'list') for (const item of b.items) visit(item);
    }
  };
  visit(view.blocks);
  if (view.speakers) out.push({ level: 2, text: view.speakers.heading.text });
  if (view.linkNotes) out.push({ level: 2, text: view.linkNotes.heading.text });
  return out.map((h) => ({ level: h.level, text: h.text.replace(/\s+/g, ' ').trim() }));
}

function imageAlts(view: ArticleView): string[] {
  const out: string[] = [];
  const visit = (blocks: readonly BlockView[]): void => {
    for (const b of blocks) {
      if (b.type === 'figure' && b.img && !b.img.decorative) out.push(b.img.alt);
      else if (b.type === 'blockquote') visit(b.children);
      else if (b.type === 'list') for (const item of b.items) visit(item);
    }
  };
  visit(view.blocks);
  return out;
}

/** Builds the print HTML of `article`. */
export function printDocument(article: Article, options: PdfOptions, ctx: Ctx): PrintDocument {
  const hyphenate = options.hyphenate && canHyphenate(article.lang);
  if (options.hyphenate && !hyphenate) {
    ctx.report.info('pdf:no-hyphenation', `No hyphenation patterns for "${article.lang}"; text set ragged.`);
  }
  const printed = hyphenate ? hyphenateArticle(article) : article;
  const labels = labelsFor(article.lang);
  // Characters the fonts must cover: the article and the words printed around it.
  const text = `${JSON.stringify(article)}${labels.links}${labels.quoted}${labels.pageOf.join('')}`;
  const css = [fontFaceCss(text), printStylesheet(), pageCss(article, { ...options, hyphenate })].join('\n');
  const { html, view } = renderHtmlView(printed, { print: { css } }, ctx.report, printImageSource(ctx));
  return { html, headings: viewHeadings(view), imageAlts: imageAlts(view), article: printed };
}
