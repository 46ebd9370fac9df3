/** The HTML writer: a standalone, accessible HTML5 document (or `<article>` fragment) from an Article. */
import type { Ctx } from '../../context.js';
import { ReadoutError, RenderError } from '../../errors.js';
import type { Article } from '../../model/schema.js';
import type { WriterOutput } from '../types.js';
import { type HtmlWriterOptions, renderHtml } from './render.js';
import type { ImageSource } from './view.js';

export type { HtmlWriterOptions } from './render.js';
export { renderHtml } from './render.js';

/**
 * With an image store (the images transform ran), pictures come from it as data: URIs, so the page is
 * self-contained and nothing is fetched when it is shown; a figure whose picture could not be had gets
 * no <img> at all (its alt text stands in). Without a store, a figure's own `src` is used.
 */
function storeImageSource(ctx: Ctx, use: 'print' | 'epub'): ImageSource | undefined {
  const store = ctx.images;
  if (!store) return undefined;
  return (figure) => (store.has(figure.id) ? store.dataUri(figure.id, use) : undefined);
}

export async function writeHtml(
  article: Article,
  options: HtmlWriterOptions,
  ctx: Ctx,
): Promise<WriterOutput> {
  let html: string;
  try {
    html = renderHtml(article, options, ctx.report, storeImageSource(ctx, options.images ?? 'epub'));
  } catch (error) {
    if (error instanceof ReadoutError) throw error;
    throw new RenderError('render/html', 'The HTML template failed to render.', [], { cause: error });
  }
  return { bytes: new TextEncoder().encode(html), mediaType: 'text/html; charset=utf-8', extension: 'html' };
}
