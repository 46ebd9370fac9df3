/**
 * The PDF writer: the article's semantic HTML in print form (print stylesheet, embedded fonts, soft
 * hyphens) printed by a pooled, locked-down Chromium to a tagged PDF, then post-processed toward PDF/UA-1
 * (metadata, artifacts, figure alternatives, exact bookmarks).
 */
import type { Ctx } from '../../context.js';
import { ReadoutError, RenderError } from '../../errors.js';
import type { Article } from '../../model/schema.js';
import { VERSION } from '../../version.js';
import type { WriterOutput } from '../types.js';
import { getPdfPool, type PdfPool } from './browser.js';
import { PdfOptions, type PdfOptionsInput } from './options.js';
import { postprocessPdf } from './postprocess.js';
import { printDocument } from './print-document.js';

export { closePdfPool, getPdfPool, PdfPool, type PdfPoolOptions } from './browser.js';
export { PdfOptions } from './options.js';

export interface PdfWriterDeps {
  /** The browser pool (default: the process-wide one from getPdfPool). */
  pool?: PdfPool;
}

function metadataOf(article: Article, ctx: Ctx) {
  const authors = article.authors.map((p) => p.name.trim()).filter(Boolean);
  return {
    title: article.title.replace(/\s+/g, ' ').trim(),
    lang: article.lang,
    authors,
    subject: (article.description ?? article.subtitle)?.trim() || undefined,
    keywords: article.rubric?.trim() ? [article.rubric.trim()] : [],
    publisher: article.source?.name.trim() || undefined,
    date: article.publishedAt,
    producer: `readout ${VERSION} (Chromium, pdf-lib)`,
    creator: `readout ${VERSION}`,
    created: ctx.now(),
  };
}

export async function writePdf(
  article: Article,
  options: PdfOptions | PdfOptionsInput,
  ctx: Ctx,
  deps: PdfWriterDeps = {},
): Promise<WriterOutput> {
  const opts = PdfOptions.parse(options);
  let doc: ReturnType<typeof printDocument>;
  try {
    doc = printDocument(article, opts, ctx);
  } catch (error) {
    if (error instanceof ReadoutError) throw error;
    throw new RenderError('render/html', 'The print HTML could not be rendered.', [], { cause: error });
  }
  const pool = deps.pool ?? getPdfPool(ctx.config);
  const printed = await pool.render(doc.html, {
    timeoutMs: opts.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  for (const url of printed.blocked) {
    ctx.report.warn('pdf:blocked-request', `The renderer refused to load ${url}.`);
  }
  const result = await postprocessPdf(printed.pdf, {
    metadata: metadataOf(article, ctx),
    headings: doc.headings,
    imageAlts: doc.imageAlts,
  });
  if (result.structure.figuresWithoutAlt > 0) {
    ctx.report.warn(
      'pdf:figure-without-alt',
      `${result.structure.figuresWithoutAlt} figure(s) in the PDF have no text alternative.`,
    );
  }
  if (result.unmatchedHeadings > 0) {
    ctx.report.warn(
      'pdf:bookmark-missing',
      `${result.unmatchedHeadings} heading(s) had no place in the PDF outline; their bookmarks point near them.`,
    );
  }
  return { bytes: result.bytes, mediaType: 'application/pdf', extension: 'pdf' };
}
