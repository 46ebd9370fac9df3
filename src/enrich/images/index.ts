/**
 * The images transform: fetches every figure's picture (safely), normalises it into the context's
 * ImageStore, and gives every figure an alt text with its source recorded — never invented, always
 * explained. Problems become report warnings (`images:fetch-failed`, `images:unsupported`,
 * `images:too-many`, `images:missing-alt`…); a figure whose picture fails keeps its alt and caption.
 */
import type { Ctx } from '../../context.js';
import { errorMessage } from '../../errors.js';
import type { Article, Block, Figure } from '../../model/schema.js';
import { chooseAlt } from './choose-alt.js';
import { type Describer, describerFromConfig } from './describer.js';
import { readEmbeddedTexts } from './embedded.js';
import { fetchImage, MAX_IMAGE_BYTES } from './fetch-image.js';
import { type NormalisedImage, normaliseImage } from './normalise.js';
import { IMAGE_ORIGINS } from './origins.js';
import { ImageStore } from './store.js';

export { createChatDescriber, type Describer, describerFromConfig } from './describer.js';
export { fetchImage, MAX_IMAGE_BYTES } from './fetch-image.js';
export { clearNormaliseCache, normaliseImage } from './normalise.js';
export { IMAGE_ORIGINS } from './origins.js';
export { ImageStore, type ImageVariant, type StoredImage } from './store.js';

export const MAX_IMAGES_PER_ARTICLE = 50;

export interface ImagesOptions {
  /** The describer to use; `null` turns it off; by default the one configured (READOUT_DESCRIBER_*), if any. */
  describer?: Describer | null;
  /** Pictures fetched per article (default 50); further figures keep their text but get no picture. */
  maxImages?: number;
  /** Largest picture accepted, in bytes (default 15 MB). */
  maxImageBytes?: number;
  /** Pictures fetched and normalised at the same time (default 4). */
  concurrency?: number;
}

type Loaded = { image: NormalisedImage } | { origin: string; message: string };

function short(src: string): string {
  if (src.startsWith('data:')) return `${src.slice(0, 30)}… (${src.length} characters)`;
  return src.length > 120 ? `${src.slice(0, 117)}…` : src;
}

function figuresOf(blocks: Block[]): Figure[] {
  const out: Figure[] = [];
  const visit = (list: Block[]): void => {
    for (const block of list) {
      if (block.type === 'figure') out.push(block);
      else if (block.type === 'blockquote') visit(block.children);
      else if (block.type === 'list') for (const item of block.items) visit(item.children);
    }
  };
  visit(blocks);
  return out;
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function load(src: string, ctx: Ctx, maxBytes: number): Promise<Loaded> {
  let bytes: Uint8Array;
  try {
    bytes = (await fetchImage(src, ctx, { maxBytes, ...(ctx.signal ? { signal: ctx.signal } : {}) })).bytes;
  } catch (error) {
    return {
      origin: IMAGE_ORIGINS.fetchFailed,
      message: `The image ${short(src)} could not be fetched: ${errorMessage(error)}`,
    };
  }
  try {
    return { image: await normaliseImage(bytes) };
  } catch (error) {
    return {
      origin: IMAGE_ORIGINS.unsupported,
      message: `The image ${short(src)} cannot be used: ${errorMessage(error)}`,
    };
  }
}

/**
 * The transform itself: a new Article (the input is not changed) whose figures carry alt, altSource,
 * credit, longDescription, width, height and decorative; picture bytes go to `ctx.images` (created when
 * the context has none).
 */
export async function processImages(
  article: Article,
  ctx: Ctx,
  options: ImagesOptions = {},
): Promise<Article> {
  const out: Article = structuredClone(article);
  const figures = figuresOf(out.blocks);
  if (!figures.length) return out;
  ctx.images ??= new ImageStore();
  const store = ctx.images;
  const describer = options.describer === undefined ? describerFromConfig(ctx.config) : options.describer;
  const maxImages = options.maxImages ?? MAX_IMAGES_PER_ARTICLE;

  // Distinct addresses in document order; only the first `maxImages` are fetched.
  const sources = [...new Set(figures.map((f) => f.src.trim()).filter(Boolean))];
  const fetched = sources.slice(0, maxImages);
  if (sources.length > maxImages) {
    ctx.report.warn(
      IMAGE_ORIGINS.tooMany,
      `The article has ${sources.length} images; only the first ${maxImages} are included.`,
    );
  }
  const loaded = await pool(fetched, options.concurrency ?? 4, (src) =>
    load(src, ctx, options.maxImageBytes ?? MAX_IMAGE_BYTES),
  );
  const bySource = new Map(fetched.map((src, i) => [src, loaded[i]!]));

  for (const figure of figures) {
    const src = figure.src.trim();
    const result = src ? bySource.get(src) : undefined;
    const image = result && 'image' in result ? result.image : undefined;
    if (result && !image && 'origin' in result) ctx.report.warn(result.origin, result.message, figure.id);
    const embedded = image ? await readEmbeddedTexts(image.metadata, out.lang) : [];
    const outcome = await chooseAlt(figure, {
      title: out.title,
      lang: out.lang,
      embedded,
      ...(image
        ? {
            decoded: { width: image.sourceWidth, height: image.sourceHeight, sourceType: image.sourceType },
          }
        : {}),
      ...(image && describer
        ? {
            describe: () =>
              describer.describe({
                bytes: image.epub.bytes,
                mediaType: image.epub.mediaType,
                lang: out.lang,
              }),
          }
        : {}),
    });
    for (const note of outcome.notes) {
      if (note.severity === 'warning') ctx.report.warn(note.origin, note.message, figure.id);
      else ctx.report.info(note.origin, note.message, figure.id);
    }
    // Optional fields the outcome dropped (a caption that was only a credit) must go from the figure too.
    for (const key of ['caption', 'credit', 'longDescription', 'width', 'height'] as const)
      delete figure[key];
    Object.assign(figure, outcome.figure);
    if (image && !outcome.pixel) {
      store.set(figure.id, { print: image.print, epub: image.epub, sha256: image.sha256 });
      figure.width = image.print.width;
      figure.height = image.print.height;
    }
  }
  return out;
}

/** `(article, ctx) => Promise<Article>`: the images transform for the pipeline. */
export function imagesTransform(
  options: ImagesOptions = {},
): (article: Article, ctx: Ctx) => Promise<Article> {
  return (article, ctx) => processImages(article, ctx, options);
}
