/** Which link targets and image sources a Markdown document may carry into the model. */
import { classifyUrl } from '../../model/urls.js';

function resolveRelative(url: string, baseUrl: string | undefined): string {
  if (!baseUrl) return url;
  try {
    return new URL(url, baseUrl).href;
  } catch {
    return url;
  }
}

/**
 * A link target safe to keep: absolute http(s) and mailto URLs, or a relative reference (kept as written,
 * or resolved against `baseUrl` when one is given). Anything else (javascript:, data:, file:…) → undefined.
 */
export function safeLinkHref(url: string, baseUrl?: string): string | undefined {
  const found = classifyUrl(url);
  if (!found || found.kind === 'data-image') return undefined;
  return found.kind === 'relative' ? resolveRelative(found.url, baseUrl) : found.url;
}

/** An image source safe to keep: absolute http(s), a `data:image/…` URI, or a relative path (see safeLinkHref). */
export function safeImageSrc(url: string, baseUrl?: string): string | undefined {
  const found = classifyUrl(url);
  if (!found || found.kind === 'mailto') return undefined;
  return found.kind === 'relative' ? resolveRelative(found.url, baseUrl) : found.url;
}
