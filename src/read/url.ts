/**
 * The url reader: fetches a page through `ctx.fetcher` (the SSRF-guarded fetcher in production),
 * decodes it with the charset it declares (HTTP Content-Type, BOM or `<meta>`), and hands the text
 * to the reader for its media type, with the final URL (after redirects) as the base URL.
 */
import { MIMEType } from 'node:util';
import { UnsupportedError } from '../errors.js';
import type { FetchedResource } from '../net/fetcher.js';
import { decodeInput } from './decode.js';
import { formatFromContent, formatFromName } from './detect.js';
import { readHtml } from './html.js';
import { readJson } from './json.js';
import { readMarkdown } from './markdown.js';
import { readText } from './text.js';
import type { Reader } from './types.js';

/** What we ask servers for: article formats we can read, best first. */
export const URL_ACCEPT =
  'text/html,application/xhtml+xml,application/json;q=0.9,text/markdown;q=0.8,text/plain;q=0.7';

type PageFormat = 'html' | 'markdown' | 'json' | 'text';

const PAGE_READERS: Record<PageFormat, Reader> = {
  html: readHtml,
  markdown: readMarkdown,
  json: readJson,
  text: readText,
};

const BY_ESSENCE: Record<string, PageFormat> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'application/json': 'json',
  'text/json': 'json',
  'text/plain': 'text',
};

/** Types that say nothing about the content: the format is then guessed from the text. */
const UNTYPED = new Set(['application/octet-stream', 'binary/octet-stream', 'application/unknown']);

interface MediaType {
  essence: string | undefined;
  charset: string | undefined;
}

function parseMediaType(header: string | undefined): MediaType {
  if (!header?.trim()) return { essence: undefined, charset: undefined };
  try {
    const mime = new MIMEType(header);
    return { essence: mime.essence, charset: mime.params.get('charset') ?? undefined };
  } catch {
    // A malformed header is treated like a missing one (the content decides).
    return { essence: undefined, charset: undefined };
  }
}

/** The reader format for a response, or undefined when only the content can tell. */
function formatForMedia(essence: string | undefined, resource: FetchedResource): PageFormat | undefined {
  if (essence === undefined || UNTYPED.has(essence)) return undefined;
  const known = BY_ESSENCE[essence];
  if (known === 'text') {
    // Markdown files are often served as text/plain (raw file hosts): trust a .md extension.
    const fromName = formatFromName(new URL(resource.url).pathname);
    return fromName === 'markdown' ? 'markdown' : 'text';
  }
  if (known) return known;
  if (essence.endsWith('+json')) return 'json';
  throw new UnsupportedError(
    'input/url-content-type',
    `${resource.url} is ${essence}, not an article: expected HTML, Markdown, JSON or plain text.`,
  );
}

export const readUrl: Reader = async (input, ctx) => {
  const url = input.text.trim();
  const resource = await ctx.fetcher.fetch(url, {
    accept: URL_ACCEPT,
    maxBytes: ctx.config.fetchMaxBytes,
    timeoutMs: ctx.config.fetchTimeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const media = parseMediaType(resource.contentType);
  const declared = formatForMedia(media.essence, resource);
  const text = decodeInput(resource.body, {
    maxBytes: ctx.config.fetchMaxBytes,
    label: `The page at ${resource.url}`,
    charset: media.charset,
  });
  const guessed = formatFromContent(text);
  const format: PageFormat = declared ?? (guessed === 'url' ? 'text' : guessed);
  const article = await PAGE_READERS[format]({ text, baseUrl: resource.url, name: url }, ctx);
  return article.url ? article : { ...article, url: resource.url };
};
