/**
 * Parsing HTML into a DOM that can never run a script or load a resource, plus small DOM helpers
 * shared by the html reader's modules.
 *
 * Pages are parsed by parse5 into a linkedom document (parse.ts): neither has a script engine or a
 * resource loader, so scripts are inert, stylesheets are not parsed and nothing is fetched (and
 * `<noscript>` content is parsed as markup, which is what a reader without scripts sees).
 */
import { parseDocument } from './parse.js';

/**
 * Parses a full HTML page. Scripts never run and no resource is requested (see parse.ts). Nothing keeps a
 * reference to the document: it is garbage once the caller drops it.
 */
export function parseHtml(html: string): Document {
  return parseDocument(stripInertMarkup(html));
}

/**
 * Comments, and scripts and styles other than JSON-LD: removed from the markup before parsing, since
 * they never reach the article and tokenising them is a large share of the parse on script-heavy
 * pages. Comments go too because Readability splits text at them (React pages put `<!-- -->` between
 * text pieces). A script or style ends at its first closing tag, as in the HTML parser; an unclosed one
 * is left to the parser.
 */
const INERT_MARKUP = /<!--(?:-?>|[\s\S]*?-->)|<(script|style)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi;

export function stripInertMarkup(html: string): string {
  return html.replace(INERT_MARKUP, (match, tag: string | undefined, attrs: string | undefined) =>
    tag?.toLowerCase() === 'script' && /application\/ld\+json/i.test(attrs ?? '') ? match : '',
  );
}

/** Parses an absolute http(s) URL, or undefined. */
export function httpUrl(value: string | null | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves a (possibly relative or protocol-relative) URL against a base. Returns undefined when it
 * cannot be made absolute (no base) or is not a URL at all.
 */
export function resolveUrl(value: string | null | undefined, base: string | undefined): string | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  try {
    return new URL(raw, base).href;
  } catch {
    return undefined;
  }
}

/**
 * The base for relative URLs: `<base href>` (itself resolved against the page URL), else the page URL,
 * else the page's own canonical or og:url address (saved pages keep those).
 */
export function documentBase(
  doc: Document,
  pageUrl: string | undefined,
  fallback?: string,
): string | undefined {
  const page = httpUrl(pageUrl)?.href ?? httpUrl(fallback)?.href;
  const baseHref = doc.getElementsByTagName('base')[0]?.getAttribute('href');
  if (baseHref) {
    const resolved = resolveUrl(baseHref, page);
    if (resolved && httpUrl(resolved)) return resolved;
  }
  return page;
}

/** Browser-like whitespace collapsing of text from the DOM (non-breaking spaces are kept). */
export function collapseWhitespace(text: string): string {
  return stripInvisible(text).replace(/[ \t\n\r\f]+/g, ' ');
}

/** Removes characters that render as nothing (soft hyphen, zero-width space, BOM). */
export function stripInvisible(text: string): string {
  return text.replace(/[\u00ad\u200b\ufeff]/g, '');
}

/** The visible-ish text of a node, whitespace collapsed and trimmed. */
export function cleanText(node: Node | null | undefined): string {
  return node ? collapseWhitespace(node.textContent ?? '').trim() : '';
}

/**
 * Lowercase word tokens of an element's class and id (`c-related-content__img` → related, content, img;
 * `shareButton` → share, button), used to recognise page furniture by name.
 */
export function hintTokens(el: Element): string[] {
  const raw = `${el.getAttribute('class') ?? ''} ${el.id ?? ''}`;
  if (!raw.trim()) return [];
  return raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The element's lowercase tag name. */
export function tagOf(el: Element): string {
  return el.localName.toLowerCase();
}

/** Element ancestors from the parent up to (not including) `stop`, or to the root. */
export function ancestors(el: Element, stop?: Element | null): Element[] {
  const out: Element[] = [];
  for (let e = el.parentElement; e && e !== stop; e = e.parentElement) out.push(e);
  return out;
}

/** A positive integer attribute (`width="600"`, `height="400px"`), or undefined. */
export function intAttribute(el: Element, name: string): number | undefined {
  const value = el.getAttribute(name);
  if (!value) return undefined;
  const m = /^\s*(\d+)(?:\.\d+)?\s*(?:px)?\s*$/i.exec(value);
  return m ? Number(m[1]) : undefined;
}
