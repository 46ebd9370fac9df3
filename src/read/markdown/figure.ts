/** A figure block from a Markdown image (`![alt](src "title")`) or an HTML `<img>`. */
import type { Figure } from '../../model/schema.js';

export interface ImageSource {
  src: string;
  alt?: string | null | undefined;
  title?: string | null | undefined;
  width?: number | undefined;
  height?: number | undefined;
}

/** The alt text is the author's when present; the Markdown title, when present, becomes the caption. */
export function figureFromImage(image: ImageSource): Figure {
  const alt = (image.alt ?? '').replace(/\s+/g, ' ').trim();
  const title = (image.title ?? '').replace(/\s+/g, ' ').trim();
  return {
    id: '',
    type: 'figure',
    src: image.src,
    alt,
    altSource: alt ? 'author' : 'missing',
    decorative: false,
    ...(title ? { caption: [{ type: 'text' as const, text: title }] } : {}),
    ...(image.width ? { width: image.width } : {}),
    ...(image.height ? { height: image.height } : {}),
  };
}
