/**
 * Which URLs from article data may become `href` and `src` attributes. Article data is untrusted:
 * a `javascript:` link or an image from an unexpected scheme must never reach the output.
 */

export type UrlKind = 'relative' | 'http' | 'mailto' | 'data-image';

/**
 * Classifies a URL the way a browser would see its scheme: the URL standard removes tabs and
 * newlines anywhere and C0 controls and spaces at either end before looking for `scheme:`.
 * Returns undefined for any scheme other than http(s), mailto and (when allowed) data:image.
 */
export function classifyUrl(url: string): { url: string; kind: UrlKind } | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the URL standard strips exactly these characters
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (!cleaned) return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)?.[1]?.toLowerCase();
  if (scheme === undefined) return { url: cleaned, kind: 'relative' };
  if (scheme === 'http' || scheme === 'https') return { url: cleaned, kind: 'http' };
  if (scheme === 'mailto') return { url: cleaned, kind: 'mailto' };
  if (scheme === 'data' && /^data:image\/[a-z0-9.+-]+[;,]/i.test(cleaned))
    return { url: cleaned, kind: 'data-image' };
  return undefined;
}

/** A link target that is safe to follow: http(s), mailto, relative or a #fragment. */
export function safeLinkHref(href: string): string | undefined {
  const found = classifyUrl(href);
  return found && found.kind !== 'data-image' ? found.url : undefined;
}

/** An image source that is safe to load: http(s), a data:image URI or a relative path. */
export function safeImageSrc(src: string): { url: string; kind: UrlKind } | undefined {
  const found = classifyUrl(src);
  return found && found.kind !== 'mailto' ? found : undefined;
}

/** Absolute http(s) URLs only (canonical links, where a relative URL means nothing). */
export function safeAbsoluteUrl(url: string): string | undefined {
  const found = classifyUrl(url);
  return found?.kind === 'http' ? found.url : undefined;
}
