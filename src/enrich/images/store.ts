/**
 * Normalised image bytes for one export, by figure id. Writers read images from here (in memory); nothing
 * is fetched at render time. The same picture used by two figures is stored once (by content hash).
 */

export interface ImageVariant {
  bytes: Uint8Array;
  /** `image/jpeg`, `image/png` or `image/gif`. */
  mediaType: string;
  width: number;
  height: number;
}

export interface StoredImage {
  /** At most 2000 px on the longest side. */
  print: ImageVariant;
  /** At most 1600 px on the longest side (the same object as `print` when the picture is that small). */
  epub: ImageVariant;
  /** SHA-256 (hex) of the print variant's bytes: a stable name for output files. */
  sha256: string;
}

export type ImageUse = 'print' | 'epub';

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' };

/** The file extension for a stored media type (`jpg`, `png`, `gif`). */
export function extensionOf(mediaType: string): string {
  return EXTENSIONS[mediaType] ?? 'bin';
}

export class ImageStore {
  readonly #byFigure = new Map<string, StoredImage>();

  set(figureId: string, image: StoredImage): void {
    this.#byFigure.set(figureId, image);
  }

  get(figureId: string): StoredImage | undefined {
    return this.#byFigure.get(figureId);
  }

  has(figureId: string): boolean {
    return this.#byFigure.has(figureId);
  }

  /** The variant a writer needs, or undefined when the figure has no usable image. */
  variant(figureId: string, use: ImageUse): ImageVariant | undefined {
    return this.#byFigure.get(figureId)?.[use];
  }

  /** A `data:` URI of a variant (for standalone HTML), or undefined. */
  dataUri(figureId: string, use: ImageUse): string | undefined {
    const v = this.variant(figureId, use);
    return v ? `data:${v.mediaType};base64,${Buffer.from(v.bytes).toString('base64')}` : undefined;
  }

  /** A content-addressed file name for a variant (`images/3f2a…c1.jpg`), for EPUB and other packaged outputs. */
  fileName(figureId: string, use: ImageUse, folder = 'images'): string | undefined {
    const stored = this.#byFigure.get(figureId);
    if (!stored) return undefined;
    const v = stored[use];
    const suffix = use === 'epub' && v !== stored.print ? '-e' : '';
    return `${folder}/${stored.sha256.slice(0, 16)}${suffix}.${extensionOf(v.mediaType)}`;
  }

  get size(): number {
    return this.#byFigure.size;
  }

  entries(): IterableIterator<[string, StoredImage]> {
    return this.#byFigure.entries();
  }
}
