/**
 * Normalisation with sharp: every picture becomes JPEG, PNG or GIF (formats every output supports), turned
 * upright by its EXIF orientation, scaled to at most 2000 px (print) and 1600 px (EPUB) on its longest side,
 * with all metadata stripped after it has been read. The same bytes in give the same bytes out; results are
 * cached by the SHA-256 of the input.
 */
import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp } from '../../engines/sharp.js';
import { InputError, UnsupportedError } from '../../errors.js';
import { DECODABLE, type ImageType, mediaTypeOf, sniffImageType } from './sniff.js';
import type { ImageVariant } from './store.js';

export const PRINT_MAX_PX = 2000;
export const EPUB_MAX_PX = 1600;
/** Larger pictures are refused before decoding (decompression bombs): 100 megapixels. */
export const MAX_INPUT_PIXELS = 100_000_000;
/** Bumped whenever the output of `normaliseImage` changes for the same input (part of the cache key). */
const PIPELINE_VERSION = 1;

/** What the file said about itself, read before the metadata is stripped. */
export interface SourceMetadata {
  exif?: Uint8Array;
  xmp?: Uint8Array;
  iptc?: Uint8Array;
}

export interface NormalisedImage {
  print: ImageVariant;
  epub: ImageVariant;
  /** SHA-256 (hex) of the print variant. */
  sha256: string;
  /** SHA-256 (hex) of the input bytes (the cache key). */
  inputSha256: string;
  sourceType: ImageType;
  /** Size of the upright source picture, in pixels (for SVG: at its intrinsic size). */
  sourceWidth: number;
  sourceHeight: number;
  animated: boolean;
  metadata: SourceMetadata;
}

type OutputFormat = 'jpeg' | 'png' | 'gif';

/** JPEG and PNG stay; animated GIF stays GIF; a still GIF becomes PNG (lossless, and far cheaper to encode). */
async function outputFormat(
  type: ImageType,
  animated: boolean,
  hasAlpha: () => Promise<boolean>,
): Promise<OutputFormat> {
  if (type === 'jpeg') return 'jpeg';
  if (type === 'gif') return animated ? 'gif' : 'png';
  // Drawings stay lossless (JPEG would smear their edges).
  if (type === 'png' || type === 'svg') return 'png';
  // WebP, AVIF, TIFF: converted, keeping transparency when there is any.
  return (await hasAlpha()) ? 'png' : 'jpeg';
}

function encode(pipeline: Sharp, format: OutputFormat): Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 85, chromaSubsampling: '4:2:0', progressive: false, mozjpeg: false });
    case 'png':
      return pipeline.png({ compressionLevel: 6, adaptiveFiltering: false });
    case 'gif':
      return pipeline.gif();
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function describeSharpError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}

function bytesOf(buffer: Buffer | undefined): Uint8Array | undefined {
  return buffer && buffer.length > 0 ? new Uint8Array(buffer) : undefined;
}

async function render(
  bytes: Uint8Array,
  options: { density?: number; animated: boolean },
  maxSide: number,
  format: OutputFormat,
): Promise<ImageVariant> {
  const pipeline = sharp(bytes, {
    limitInputPixels: MAX_INPUT_PIXELS,
    failOn: 'error',
    autoOrient: true,
    ...(options.animated ? { animated: true } : {}),
    ...(options.density ? { density: options.density } : {}),
  }).resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await encode(pipeline, format).toBuffer({ resolveWithObject: true });
  const height = options.animated && info.pageHeight ? info.pageHeight : info.height;
  return { bytes: new Uint8Array(data), mediaType: `image/${format}`, width: info.width, height };
}

/**
 * True when an alpha channel is fully opaque (encoders often add one that is never used). Checked on a
 * thumbnail: scaling averages alpha, so any transparent pixel still pulls its cell below opaque.
 */
async function isOpaque(bytes: Uint8Array): Promise<boolean> {
  try {
    const thumbnail = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).resize({
      width: 512,
      height: 512,
      fit: 'inside',
      withoutEnlargement: true,
      kernel: 'linear',
    });
    return (await sharp(await thumbnail.png({ compressionLevel: 0 }).toBuffer()).stats()).isOpaque;
  } catch {
    return false;
  }
}

async function normaliseUncached(bytes: Uint8Array, inputSha256: string): Promise<NormalisedImage> {
  const type = sniffImageType(bytes);
  if (!type) {
    throw new UnsupportedError('input/image-unknown', 'The file is not an image in a known format.');
  }
  if (!DECODABLE.has(type)) {
    throw new UnsupportedError(
      'input/image-unsupported',
      `${mediaTypeOf(type)} images are not supported; convert the picture to JPEG, PNG or WebP.`,
    );
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).metadata();
  } catch (error) {
    throw new InputError(
      'input/image-broken',
      `The image could not be read (${describeSharpError(error)}).`,
      [],
      {
        cause: error,
      },
    );
  }
  const animated = type === 'gif' && (meta.pages ?? 1) > 1;
  const upright = meta.autoOrient ?? { width: meta.width, height: meta.height };
  const sourceWidth = upright.width;
  const sourceHeight = animated && meta.pageHeight ? meta.pageHeight : upright.height;
  if (!sourceWidth || !sourceHeight) {
    throw new InputError('input/image-broken', 'The image has no size.');
  }
  // SVG is rasterised by librsvg (scripts never run there; external files and URLs are not loaded for
  // in-memory input) at up to twice its intrinsic size, so small drawings stay sharp in print.
  const density =
    type === 'svg'
      ? Math.max(1, Math.round(72 * Math.min(2, PRINT_MAX_PX / Math.max(sourceWidth, sourceHeight))))
      : undefined;
  const format = await outputFormat(type, animated, async () => meta.hasAlpha && !(await isOpaque(bytes)));
  const renderOptions = { animated, ...(density ? { density } : {}) };
  let print: ImageVariant;
  let epub: ImageVariant;
  try {
    print = await render(bytes, renderOptions, PRINT_MAX_PX, format);
    epub =
      Math.max(print.width, print.height) <= EPUB_MAX_PX
        ? print
        : await render(bytes, renderOptions, EPUB_MAX_PX, format);
  } catch (error) {
    throw new InputError(
      'input/image-broken',
      `The image could not be decoded (${describeSharpError(error)}).`,
      [],
      {
        cause: error,
      },
    );
  }
  const metadata: SourceMetadata = {};
  const exif = bytesOf(meta.exif);
  const xmp = bytesOf(meta.xmp);
  const iptc = bytesOf(meta.iptc);
  if (exif) metadata.exif = exif;
  if (xmp) metadata.xmp = xmp;
  if (iptc) metadata.iptc = iptc;
  return {
    print,
    epub,
    sha256: sha256(print.bytes),
    inputSha256,
    sourceType: type,
    sourceWidth,
    sourceHeight,
    animated,
    metadata,
  };
}

/** A small LRU of finished normalisations, bounded by entries and by bytes held. */
class NormaliseCache {
  readonly #entries = new Map<string, Promise<NormalisedImage>>();
  readonly #sizes = new Map<string, number>();
  #bytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get(key: string): Promise<NormalisedImage> | undefined {
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: Promise<NormalisedImage>): void {
    this.#entries.set(key, value);
    value.then(
      (image) => {
        if (this.#entries.get(key) !== value) return;
        const size = image.print.bytes.length + (image.epub === image.print ? 0 : image.epub.bytes.length);
        this.#sizes.set(key, size);
        this.#bytes += size;
        this.#evict();
      },
      () => this.delete(key),
    );
    this.#evict();
  }

  delete(key: string): void {
    this.#entries.delete(key);
    this.#bytes -= this.#sizes.get(key) ?? 0;
    this.#sizes.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#sizes.clear();
    this.#bytes = 0;
  }

  #evict(): void {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.delete(key);
    }
  }
}

/**
 * 128 pictures or 64 MB, whichever comes first: enough for the pictures of the articles in flight and for a
 * site's recurring ones, while a batch of thousands of articles (each with pictures of its own) keeps its
 * memory well inside the 1 GB a batch is meant to need.
 */
const cache = new NormaliseCache(128, 64 * 1024 * 1024);

/** Empties the process-wide cache (tests and benchmarks). */
export function clearNormaliseCache(): void {
  cache.clear();
}

/**
 * Normalises one picture (see the module comment). Throws UnsupportedError for formats no output can use and
 * InputError for broken files.
 */
export function normaliseImage(bytes: Uint8Array): Promise<NormalisedImage> {
  const inputSha256 = sha256(bytes);
  const key = `${PIPELINE_VERSION}:${inputSha256}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const job = normaliseUncached(bytes, inputSha256);
  cache.set(key, job);
  return job;
}
