/**
 * Page metadata from JSON-LD (schema.org Article types, also inside `@graph`), OpenGraph and other meta
 * tags (author, description, Dublin Core, microdata `itemprop`), `<html lang>` and `<link rel=canonical>`.
 * Reads the document only; call it before Readability changes the DOM.
 */
import { normaliseLang } from '../language.js';
import { cleanText, collapseWhitespace, httpUrl, resolveUrl } from './dom.js';

/** An author as the page declares it, before cleaning. */
export interface RawAuthor {
  name: string;
  url?: string;
  /** Declared as an organisation (JSON-LD `Organization`), not a person. */
  organisation?: boolean;
}

export interface PageMetadata {
  /** The `<title>` element text. */
  documentTitle?: string;
  headline?: string;
  /** Authors from JSON-LD, in order. */
  jsonLdAuthors: RawAuthor[];
  /** Authors from meta tags and microdata (author, article:author, dc.creator, byl, itemprop=author…). */
  metaAuthors: string[];
  publisher?: string;
  publisherUrl?: string;
  siteName?: string;
  /** Other names of the site, in order of preference (dc.publisher, application-name). */
  otherSiteNames: string[];
  description?: string;
  lang?: string;
  url?: string;
  publishedAt?: string;
  modifiedAt?: string;
}

/** schema.org types whose JSON-LD describes the article itself. */
const ARTICLE_TYPE = /(?:Article|Posting|^Report)$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function types(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, ''));
}

function str(value: Json | undefined): string | undefined {
  if (typeof value === 'string') {
    const s = collapseWhitespace(value).trim();
    return s || undefined;
  }
  if (Array.isArray(value)) return str(value[0]);
  if (isObject(value)) return str(value['@value']);
  return undefined;
}

function asList(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every JSON object in the page's ld+json scripts, flattened out of arrays and `@graph`. */
function jsonLdNodes(doc: Document): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (value: Json | undefined): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (isObject(value)) {
      out.push(value);
      if (Array.isArray(value['@graph'])) visit(value['@graph']);
    }
  };
  for (const script of doc.getElementsByTagName('script')) {
    if (!/^\s*application\/ld\+json\s*$/i.test(script.getAttribute('type') ?? '')) continue;
    const text = (script.textContent ?? '').replace(/^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$/g, '');
    try {
      visit(JSON.parse(text) as Json);
    } catch {
      // Broken JSON-LD is common and harmless: the other metadata sources remain.
    }
  }
  return out;
}

function jsonLdAuthors(value: Json | undefined, byId: Map<string, JsonObject>): RawAuthor[] {
  const out: RawAuthor[] = [];
  for (let item of asList(value)) {
    if (typeof item === 'string') {
      const name = str(item);
      if (name) out.push({ name });
      continue;
    }
    if (!isObject(item)) continue;
    const ref = typeof item['@id'] === 'string' ? byId.get(item['@id']) : undefined;
    if (ref && item.name === undefined) item = ref;
    const name = str(item.name) ?? [str(item.givenName), str(item.familyName)].filter(Boolean).join(' ');
    if (!name) continue;
    const url = httpUrl(str(item.url))?.href;
    const organisation = types(item).some((t) => /Organization|Corporation|NewsMediaOrganization/.test(t));
    out.push({ name, ...(url ? { url } : {}), ...(organisation ? { organisation } : {}) });
  }
  return out;
}

/** Meta tag values by lowercase key (`name`, `property`, `itemprop` and `http-equiv` all count). */
function metaValues(doc: Document): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const meta of doc.querySelectorAll('meta[content]')) {
    const content = collapseWhitespace(meta.getAttribute('content') ?? '').trim();
    if (!content) continue;
    const keys = [meta.getAttribute('name'), meta.getAttribute('property'), meta.getAttribute('http-equiv')]
      .concat((meta.getAttribute('itemprop') ?? '').split(/\s+/).map((k) => `itemprop:${k}`))
      .flatMap((k) => (k ? k.toLowerCase().split(/\s+/) : []));
    for (const key of keys) {
      if (!key || key === 'itemprop:') continue;
      const list = map.get(key);
      if (list) list.push(content);
      else map.set(key, [content]);
    }
  }
  return map;
}

/** ISO 8601 form of a declared date, or undefined when it is not a date. */
export function normaliseDate(value: string | undefined): string | undefined {
  const s = value?.trim();
  if (!s) return undefined;
  const iso =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (iso) return `${iso[1]}${iso[2] ? `T${iso[2]}${iso[3] ?? ''}` : ''}`;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Microdata authors outside meta tags: `<span itemprop="author">…<span itemprop="name">X</span></span>`. */
function microdataAuthors(doc: Document): string[] {
  const out: string[] = [];
  for (const el of doc.querySelectorAll('[itemprop]')) {
    if (
      el.localName === 'meta' ||
      !/(?:^|\s)(?:author|creator)(?:\s|$)/i.test(el.getAttribute('itemprop') ?? '')
    )
      continue;
    const name = el.querySelector('[itemprop~="name" i]');
    const text =
      (name?.getAttribute('content') ?? (name ? cleanText(name) : '')) ||
      (el.children.length === 0 || el.localName === 'a' ? cleanText(el) : '');
    if (text && text.length < 120) out.push(text);
  }
  return out;
}

export function extractMetadata(doc: Document, base: string | undefined): PageMetadata {
  const nodes = jsonLdNodes(doc);
  const byId = new Map<string, JsonObject>();
  for (const node of nodes) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const article = nodes.find((n) => types(n).some((t) => ARTICLE_TYPE.test(t)));
  const meta = metaValues(doc);
  const first = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const v = meta.get(key)?.[0];
      if (v) return v;
    }
    return undefined;
  };

  let publisher: JsonObject | undefined;
  if (article) {
    const p = asList(article.publisher)[0];
    if (isObject(p))
      publisher = typeof p['@id'] === 'string' && p.name === undefined ? byId.get(p['@id']) : p;
  }

  const metaAuthors = [
    ...[
      'author',
      'article:author',
      'og:article:author',
      'dc.creator',
      'dcterms.creator',
      'byl',
      'parsely-author',
      'sailthru.author',
      'itemprop:author',
    ].flatMap((key) => meta.get(key) ?? []),
    ...microdataAuthors(doc),
  ];

  const canonical = doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href');
  const url =
    httpUrl(resolveUrl(canonical, base))?.href ??
    httpUrl(resolveUrl(first('og:url'), base))?.href ??
    httpUrl(resolveUrl(article ? str(article.url) : undefined, base))?.href;

  const lang =
    normaliseLang(doc.documentElement.getAttribute('lang')) ??
    normaliseLang(doc.documentElement.getAttribute('xml:lang')) ??
    normaliseLang(article ? str(article.inLanguage) : undefined) ??
    normaliseLang(first('itemprop:inlanguage', 'content-language', 'dc.language', 'language')) ??
    normaliseLang(first('og:locale'));

  const documentTitle = cleanText(doc.querySelector('title'));
  const published = normaliseDate(
    (article ? str(article.datePublished) : undefined) ??
      first(
        'article:published_time',
        'article:published',
        'itemprop:datepublished',
        'dc.date.issued',
        'dcterms.issued',
        'dc.date',
        'pubdate',
        'publishdate',
        'parsely-pub-date',
        'article:publicationdate',
      ) ??
      doc
        .querySelector('time[datetime][pubdate], time[itemprop~="datePublished" i][datetime]')
        ?.getAttribute('datetime') ??
      undefined,
  );
  const modified = normaliseDate(
    (article ? str(article.dateModified) : undefined) ??
      first(
        'article:modified_time',
        'article:modified',
        'itemprop:datemodified',
        'dcterms.modified',
        'og:updated_time',
      ),
  );

  const publisherName = publisher ? str(publisher.name) : undefined;
  const publisherUrl = publisher ? httpUrl(str(publisher.url))?.href : undefined;
  const description =
    (article ? str(article.description) : undefined) ??
    first('description', 'og:description', 'dc.description');
  const headline = article ? (str(article.headline) ?? str(article.name)) : undefined;
  const siteName = first('og:site_name');
  return {
    ...(documentTitle ? { documentTitle } : {}),
    ...(headline ? { headline } : {}),
    jsonLdAuthors: article ? jsonLdAuthors(article.author ?? article.creator, byId) : [],
    metaAuthors,
    ...(publisherName ? { publisher: publisherName } : {}),
    ...(publisherUrl ? { publisherUrl } : {}),
    ...(siteName ? { siteName } : {}),
    otherSiteNames: ['dc.publisher', 'application-name', 'itemprop:publisher'].flatMap(
      (k) => meta.get(k) ?? [],
    ),
    ...(description ? { description } : {}),
    ...(lang ? { lang } : {}),
    ...(url ? { url } : {}),
    ...(published ? { publishedAt: published } : {}),
    ...(modified ? { modifiedAt: modified } : {}),
  };
}

/** The site name suffix of a `<title>` like "Headline - The Site" (given the article title), or undefined. */
export function titleSuffix(documentTitle: string | undefined, title: string): string | undefined {
  if (!documentTitle) return undefined;
  const norm = (s: string) => collapseWhitespace(s).trim().toLowerCase();
  const full = collapseWhitespace(documentTitle).trim();
  const head = norm(title);
  if (!head || !norm(full).startsWith(head)) return undefined;
  const rest = full.slice(head.length).trim();
  const m = /^[-–—|:·•»]\s*(.+)$/.exec(rest);
  if (!m) return undefined;
  // "Headline - Section | Site": the site is the last part.
  const parts = m[1]!.split(/\s+[-–—|·•»]\s+/);
  const site = parts[parts.length - 1]!.trim();
  return site && site.split(/\s+/).length <= 6 ? site : undefined;
}

/** True for names that are really host names ("Le Monde.fr", "example.com"). */
function looksLikeHost(name: string): boolean {
  return /\.[a-z]{2,6}$/i.test(name.trim());
}

/** The best human-readable name of the site from every source, in order of trust. */
export function chooseSiteName(
  meta: PageMetadata,
  title: string,
  readabilitySite?: string | null,
): string | undefined {
  const candidates = [
    meta.publisher,
    titleSuffix(meta.documentTitle, title),
    meta.siteName,
    ...meta.otherSiteNames,
    readabilitySite ?? undefined,
  ].filter((s): s is string => !!s && s.length <= 80 && !/^https?:/i.test(s));
  return candidates.find((c) => !looksLikeHost(c)) ?? candidates[0];
}
