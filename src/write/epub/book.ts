/**
 * Lays out a book from one or more articles: a cover page, a chapter per article (the HTML writer's
 * `<article>`, sanitised), pictures from the image store, a nested table of contents, landmarks and the
 * package metadata. Everything here is computed from the articles; nothing is fetched.
 */
import type { Ctx } from '../../context.js';
import type { ImageStore } from '../../enrich/images/store.js';
import type { Article, Figure } from '../../model/schema.js';
import { safeAbsoluteUrl } from '../../model/urls.js';
import { VERSION } from '../../version.js';
import { textDirection } from '../html/locale.js';
import { renderHtml } from '../html/render.js';
import { type CoverImage, generateCover } from './cover.js';
import { bookIdentifier, FIXED_EPOCH, modifiedDate, modifiedStamp, publicationDate } from './identifier.js';
import { type BookLabels, bookLabels } from './labels.js';
import {
  type AccessibilityMetadata,
  accessibilityMetadata,
  countImages,
  emptyImageFacts,
  type ImageFacts,
} from './metadata.js';
import { closeHeadingGaps } from './outline.js';
import type { MemoryFile, PackedDocument } from './package.js';
import { sanitizeChapter } from './sanitize.js';
import { nestHeadings, numberEntries, type TocEntry } from './toc.js';

/** One article of the book with the image store its pictures were put in. */
export interface BookPart {
  article: Article;
  images?: ImageStore | undefined;
}

export interface BookSettings {
  title: string;
  subtitle?: string | undefined;
  lang: string;
  /** Generate a cover picture. */
  cover: boolean;
  /** Which stored picture size to use. */
  images: 'epub' | 'print';
  /** Put the navigation document after the chapters (one article) or before them (an anthology). */
  navAfterContent: boolean;
}

/** A further manifest item (audio, media overlays…), added by a BookExtension. */
export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

/** A further `<meta property>` of the package metadata (e.g. `media:duration`), added by a BookExtension. */
export interface MetaProperty {
  property: string;
  value: string;
  /** `#id` of what the property is about. */
  refines?: string;
}

/** What the templates read as `book`. */
export interface BookView {
  id: string;
  title: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  languages: string[];
  creators: string[];
  translators: string[];
  publisher?: string;
  sourceUrl?: string;
  date?: string;
  description?: string;
  modified: string;
  generator: string;
  a11y: AccessibilityMetadata;
  cover?: { href: string; mediaType: string; alt: string };
  images: { id: string; href: string; mediaType: string }[];
  /** `mediaOverlay`: the manifest id of the document's media overlay (SMIL), when it has one. */
  documents: { id: string; filename: string; mediaOverlay?: string }[];
  /** Manifest items beyond the documents, pictures and the cover (empty unless an extension adds some). */
  extraItems: ManifestItem[];
  /** Package metadata beyond the built-in (empty unless an extension adds some). */
  extraMeta: MetaProperty[];
  spine: string[];
  toc: TocEntry[];
  tocDepth: number;
  landmarks: { type: string; href: string; text: string }[];
  labels: BookLabels;
}

export interface LaidOutBook {
  book: BookView;
  documents: PackedDocument[];
  files: MemoryFile[];
  /** The time for the zip entries (the modification date, not before 1980). */
  zipDate: Date;
  /** Style rules appended to the book's stylesheet (by an extension). */
  css?: string;
}

/**
 * Changes a laid-out book before it is packed (e.g. the read-aloud EPUB adds sentence markup, audio and
 * media overlays): may rewrite documents' content and add files, manifest items, metadata and style.
 */
export type BookExtension = (book: LaidOutBook) => LaidOutBook | Promise<LaidOutBook>;

/** Names in order of first appearance, each once. */
function unique(values: Iterable<string>): string[] {
  return [...new Set([...values].map((v) => v.trim()).filter(Boolean))];
}

interface Chapter {
  doc: PackedDocument;
  toc: TocEntry;
}

function langAttrs(lang: string | undefined, bookLang: string): Pick<TocEntry, 'lang' | 'dir'> {
  if (!lang || lang === bookLang) return {};
  const dir = textDirection(lang);
  return { lang, ...(dir !== textDirection(bookLang) ? { dir } : {}) };
}

function chapter(
  part: BookPart,
  index: number,
  settings: BookSettings,
  files: Map<string, MemoryFile & { mediaType: string }>,
  facts: ImageFacts,
  ctx: Ctx,
): Chapter {
  const { images: store } = part;
  const article = closeHeadingGaps(part.article);
  const filename = `chapter-${index + 1}.xhtml`;
  const pictures = new Set<string>();
  const pictureOf = (figure: Figure): string | undefined => {
    const variant = store?.variant(figure.id, settings.images);
    const path = store?.fileName(figure.id, settings.images);
    if (!variant || !path) return undefined;
    pictures.add(path);
    if (!files.has(path)) files.set(path, { path, bytes: variant.bytes, mediaType: variant.mediaType });
    return path;
  };
  const html = renderHtml(article, { standalone: false }, ctx.report, pictureOf);
  const baseUrl = article.url ? safeAbsoluteUrl(article.url) : undefined;
  const clean = sanitizeChapter(html, { images: pictures, ...(baseUrl ? { baseUrl } : {}) });
  if (clean.removed.length) {
    ctx.report.warn(
      'epub:sanitized',
      `Left out of chapter ${index + 1} ("${article.title.slice(0, 60)}"): ${clean.removed.join(', ')}.`,
    );
  }
  countImages(facts, article, (figure) => pictures.has(store?.fileName(figure.id, settings.images) ?? ''));
  const lang = langAttrs(article.lang, settings.lang);
  return {
    doc: {
      title: article.title,
      filename,
      content: clean.xhtml,
      id: `chapter-${index + 1}`,
      kind: 'chapter',
      lang: article.lang,
      dir: textDirection(article.lang),
    },
    toc: {
      href: filename,
      text: article.title,
      ...lang,
      children: nestHeadings(clean.headings, filename, (l) => langAttrs(l ?? article.lang, settings.lang)),
      order: 0,
    },
  };
}

function coverText(parts: readonly BookPart[], settings: BookSettings) {
  const sources = unique(parts.map((p) => p.article.source?.name ?? ''));
  const source = sources.length > 3 ? `${sources.slice(0, 3).join(' · ')} …` : sources.join(' · ');
  return {
    title: settings.title,
    ...(settings.subtitle ? { subtitle: settings.subtitle } : {}),
    ...(source ? { source } : {}),
    lang: settings.lang,
  };
}

export async function layOutBook(
  parts: readonly BookPart[],
  settings: BookSettings,
  ctx: Ctx,
): Promise<LaidOutBook> {
  const articles = parts.map((p) => p.article);
  const files = new Map<string, MemoryFile & { mediaType: string }>();
  const facts = emptyImageFacts();
  // The cover is rasterised (on sharp's threads) while the chapters are laid out.
  const coverJob: Promise<CoverImage | undefined> = settings.cover
    ? generateCover(coverText(parts, settings)).catch((error: unknown) => {
        ctx.report.warn(
          'epub:cover-failed',
          `The cover picture could not be made: ${String(error)}; no cover.`,
        );
        return undefined;
      })
    : Promise.resolve(undefined);
  const chapters = parts.map((part, i) => chapter(part, i, settings, files, facts, ctx));
  const cover = await coverJob;

  const labels = bookLabels(settings.lang);
  const dir = textDirection(settings.lang);
  const documents: PackedDocument[] = [];
  if (cover) {
    documents.push({
      title: settings.title,
      filename: 'cover.xhtml',
      content: '',
      id: 'cover-page',
      kind: 'cover',
      lang: settings.lang,
      dir,
      cover: { href: `cover.${cover.extension}`, alt: cover.alt },
    });
  }
  documents.push(...chapters.map((c) => c.doc));

  const toc = chapters.map((c) => c.toc);
  const tocDepth = numberEntries(toc);
  const headings = toc.reduce((n, e) => n + countEntries(e.children), 0);
  const contentIds = chapters.map((c) => String(c.doc.id));
  const spine = [
    ...(cover ? ['cover-page'] : []),
    ...(settings.navAfterContent ? [...contentIds, 'nav'] : ['nav', ...contentIds]),
  ];

  const single = articles.length === 1 ? articles[0] : undefined;
  const sources = unique(articles.map((a) => a.source?.name ?? ''));
  const modified = modifiedDate(articles);
  const dates = articles.map((a) => publicationDate(a.publishedAt)).filter((d): d is string => Boolean(d));
  const sourceUrl = single?.url ? safeAbsoluteUrl(single.url) : undefined;
  const description = single ? (single.description ?? single.subtitle)?.trim() : settings.subtitle;

  const book: BookView = {
    id: bookIdentifier(articles.map((a) => a.id)),
    title: settings.title,
    lang: settings.lang,
    dir,
    languages: unique([settings.lang, ...articles.map((a) => a.lang)]),
    creators: unique(articles.flatMap((a) => a.authors.map((p) => p.name))),
    translators: unique(articles.flatMap((a) => a.translators.map((p) => p.name))),
    ...(sources.length === 1 ? { publisher: sources[0]! } : {}),
    ...(sourceUrl ? { sourceUrl } : {}),
    ...(dates.length ? { date: dates.sort().at(-1)! } : {}),
    ...(description ? { description } : {}),
    modified: modifiedStamp(modified),
    generator: `readout ${VERSION}`,
    a11y: accessibilityMetadata({
      images: facts,
      cover: Boolean(cover),
      chapterLanguages: articles.map((a) => a.lang),
      headings,
    }),
    ...(cover
      ? { cover: { href: `cover.${cover.extension}`, mediaType: cover.mediaType, alt: cover.alt } }
      : {}),
    images: [...files.values()].map((f) => ({
      id: `img-${f.path.replace(/^.*\//, '').replace(/\.[a-z]+$/, '')}`,
      href: f.path,
      mediaType: f.mediaType,
    })),
    documents: documents.map((d) => ({ id: String(d.id), filename: d.filename })),
    extraItems: [],
    extraMeta: [],
    spine,
    toc,
    tocDepth,
    landmarks: [
      ...(cover ? [{ type: 'cover', href: 'cover.xhtml', text: labels.cover }] : []),
      { type: 'toc', href: 'toc.xhtml#toc', text: labels.contents },
      { type: 'bodymatter', href: chapters[0]!.doc.filename, text: labels.start },
    ],
    labels,
  };
  for (const failed of book.a11y.failedChecks) {
    ctx.report.info('epub:not-conformant', `No EPUB Accessibility conformance claimed: ${failed}.`);
  }
  return {
    book,
    documents,
    files: [
      ...(cover ? [{ path: `cover.${cover.extension}`, bytes: cover.bytes }] : []),
      ...[...files.values()].map(({ path, bytes }) => ({ path, bytes })),
    ],
    zipDate: new Date(Math.max(modified.getTime(), FIXED_EPOCH.getTime())),
  };
}

function countEntries(list: readonly TocEntry[]): number {
  return list.reduce((n, e) => n + 1 + countEntries(e.children), 0);
}
