/** The HTML writer: a standalone, accessible HTML5 document (or `<article>` fragment) from an Article. */
import type { Ctx } from '../../context.js';
import { ReadoutError, RenderError } from '../../errors.js';
import type { Article } from '../../model/schema.js';
import type { WriterOutput } from '../types.js';
import { type HtmlWriterOptions, renderHtml } from './render.js';

export type { HtmlWriterOptions } from './render.js';
export { renderHtml } from './render.js';

export async function writeHtml(
  article: Article,
  options: HtmlWriterOptions,
  ctx: Ctx,
): Promise<WriterOutput> {
  let html: string;
  try {
    html = renderHtml(article, options, ctx.report);
  } catch (error) {
    if (error instanceof ReadoutError) throw error;
    throw new RenderError('render/html', 'The HTML template failed to render.', [], { cause: error });
  }
  return { bytes: new TextEncoder().encode(html), mediaType: 'text/html; charset=utf-8', extension: 'html' };
}
