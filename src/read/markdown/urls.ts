/** Which link targets and image sources a Markdown document may carry into the model. */

/**
 * Removes what a browser's URL parser ignores (ASCII tab and newlines anywhere, C0 controls and spaces at the
 * ends), so `java\tscript:` cannot pass the scheme check below and then run in an HTML output.
 */
function cleanUrl(url: string): string {
  let out = '';
  for (const ch of url) if (ch !== '\t' && ch !== '\n' && ch !== '\r') out += ch;
  let start = 0;
  let end = out.length;
  while (start < end && out.charCodeAt(start) <= 0x20) start++;
  while (end > start && out.charCodeAt(end - 1) <= 0x20) end--;
  return out.slice(start, end);
}

function schemeOf(url: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
}

function resolveRelative(url: string, baseUrl: string | undefined): string {
  if (!baseUrl) return url;
  try {
    return new URL(url, baseUrl).href;
  } catch {
    return url;
  }
}

/**
 * A link target safe to keep: absolute http(s), mailto and tel URLs, or a relative reference (kept as written,
 * or resolved against `baseUrl` when one is given). Anything else (javascript:, data:, file:…) → undefined.
 */
export function safeLinkHref(url: string, baseUrl?: string): string | undefined {
  const clean = cleanUrl(url);
  if (!clean) return undefined;
  const scheme = schemeOf(clean);
  if (scheme === undefined) return resolveRelative(clean, baseUrl);
  return ['http', 'https', 'mailto', 'tel'].includes(scheme) ? clean : undefined;
}

/** An image source safe to keep: absolute http(s), a `data:image/…` URI, or a relative path (see safeLinkHref). */
export function safeImageSrc(url: string, baseUrl?: string): string | undefined {
  const clean = cleanUrl(url);
  if (!clean) return undefined;
  const scheme = schemeOf(clean);
  if (scheme === undefined) return resolveRelative(clean, baseUrl);
  if (scheme === 'http' || scheme === 'https') return clean;
  return /^data:image\/[a-z0-9.+-]+[;,]/i.test(clean) ? clean : undefined;
}
