/**
 * The EPUB writer: a valid, accessible EPUB 3 from one article (`writeEpub`) or from several
 * (`writeAnthology`: a chapter per article, a nested table of contents, each chapter in its own language).
 * Pictures come from the image store only; nothing is fetched. The same input gives the same bytes.
 */
import type { Ctx } from '../../context.js';
import type { ImageStore } from '../../enrich/images/store.js';
import { InputError, ReadoutError, RenderError } from '../../errors.js';
import type { Article } from '../../model/schema.js';
import type { WriterOutput } from '../types.js';
import { type BookExtension, type BookPart, type BookSettings, layOutBook } from './book.js';
import { bookLabels } from './labels.js';
import type { AnthologyOptions, EpubOptions } from './options.js';
import { packEpub } from './package.js';
import { epubTemplates } from './templates.js';

export type { BookExtension, LaidOutBook, ManifestItem, MetaProperty } from './book.js';
export { CONFORMS_TO } from './metadata.js';
export { AnthologyOptions, EpubOptions } from './options.js';

export const EPUB_MEDIA_TYPE = 'application/epub+zip';

/** An article of an anthology, with the image store its pictures were put in (each article has its own). */
export interface AnthologyPart {
  article: Article;
  images?: ImageStore;
}

async function writeBook(
  parts: readonly BookPart[],
  settings: BookSettings,
  ctx: Ctx,
  extension?: BookExtension,
): Promise<Uint8Array> {
  try {
    const plain = await layOutBook(parts, settings, ctx);
    const laidOut = extension ? await extension(plain) : plain;
    const templates = epubTemplates();
    return await packEpub({
      id: laidOut.book.id,
      title: laidOut.book.title,
      lang: laidOut.book.lang,
      book: laidOut.book,
      documents: laidOut.documents,
      files: laidOut.files,
      date: laidOut.zipDate,
      templates: laidOut.css ? { ...templates, css: `${templates.css}\n${laidOut.css}` } : templates,
    });
  } catch (error) {
    if (error instanceof ReadoutError) throw error;
    throw new RenderError('render/epub', `The EPUB could not be built: ${String(error)}`, [], {
      cause: error,
    });
  }
}

function output(bytes: Uint8Array): WriterOutput {
  return { bytes, mediaType: EPUB_MEDIA_TYPE, extension: 'epub' };
}

/**
 * One article as a book: cover, the article as a chapter, then the table of contents. An `extension` may
 * change the laid-out book before it is packed (the read-aloud EPUB adds its audio and media overlays).
 */
export async function writeEpub(
  article: Article,
  options: EpubOptions,
  ctx: Ctx,
  extension?: BookExtension,
): Promise<WriterOutput> {
  const settings: BookSettings = {
    title: article.title,
    subtitle: article.subtitle?.trim() || undefined,
    lang: article.lang,
    cover: options.cover !== 'none',
    images: options.images ?? 'epub',
    navAfterContent: true,
  };
  return output(await writeBook([{ article, images: ctx.images }], settings, ctx, extension));
}

/** The language most of the articles are in (the first one's on a tie). */
function mainLanguage(articles: readonly Article[]): string {
  const counts = new Map<string, number>();
  for (const a of articles) counts.set(a.lang, (counts.get(a.lang) ?? 0) + 1);
  let best = articles[0]!.lang;
  for (const [lang, n] of counts) if (n > (counts.get(best) ?? 0)) best = lang;
  return best;
}

/**
 * Several articles as one book: cover, table of contents, then a chapter per article in the given order.
 * A plain Article takes its pictures from `ctx.images`; give each article its own store (`{ article,
 * images }`) when there are several, since figure ids (b1, b2…) repeat from one article to the next.
 */
export async function writeAnthology(
  articles: readonly (Article | AnthologyPart)[],
  options: AnthologyOptions,
  ctx: Ctx,
): Promise<WriterOutput> {
  if (articles.length === 0) {
    throw new InputError('input/anthology-empty', 'An anthology needs at least one article.');
  }
  const parts: BookPart[] = articles.map((a) =>
    'article' in a ? { article: a.article, images: a.images } : { article: a, images: ctx.images },
  );
  const lang = options.lang ?? mainLanguage(parts.map((p) => p.article));
  const settings: BookSettings = {
    title: options.title ?? bookLabels(lang).anthology,
    subtitle: options.subtitle,
    lang,
    cover: options.cover !== 'none',
    images: options.images ?? 'epub',
    navAfterContent: false,
  };
  return output(await writeBook(parts, settings, ctx));
}
