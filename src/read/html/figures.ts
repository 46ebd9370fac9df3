/**
 * Figures, collected from the original DOM before Readability (which drops many pictures and their
 * captions): image address (lazy-loading and srcset aware), alt text, caption, credit, size.
 *
 * `scanDocument` walks the page once, records every paragraph and picture in document order and marks
 * them with data attributes that survive Readability. After Readability, `placeFigures` keeps the
 * pictures that belong to the article (kept by Readability, or sitting in the article's region or lead)
 * and inserts placeholders for the ones Readability dropped, so the body converter meets every figure
 * at its place.
 */
import type { Figure, Inline, Person } from '../../model/schema.js';
import { inlineText } from '../../model/walk.js';
import { cleanCredit, findTrailingCredit, isCreditElement } from './credits.js';
import { ancestors, collapseWhitespace, hintTokens, intAttribute, resolveUrl, tagOf } from './dom.js';
import {
  hasImageFurnitureWords,
  isFurnitureElement,
  isFurnitureImageUrl,
  isFurnitureRegion,
  markFurniture,
} from './furniture.js';
import { imageSource } from './image-source.js';
import {
  convertInlines,
  dropTrailingText,
  hasText,
  type InlineOptions,
  isScreenReaderOnly,
  normaliseInlines,
} from './inlines.js';

/** Marks written on the DOM (they survive Readability's moves and re-parses). */
export const FIG_ATTR = 'data-readout-fig';
export const FIGBOX_ATTR = 'data-readout-figbox';
export const CAPTION_ATTR = 'data-readout-caption';
export const PARA_ATTR = 'data-readout-p';
/** The value of FIG_ATTR on images that are never figures (pixels, icons…). */
export const SKIP = 'skip';

export interface FigureCandidate {
  index: number;
  /** Position in document order, shared with paragraphs. */
  order: number;
  img: Element;
  /** The `<figure>` or caption-holding wrapper, or the image itself. */
  container: Element;
  /** Ancestors of the container in the original page, nearest first. */
  ancestors: Element[];
  figure: Figure;
  /** Tracking pixel, icon, logo, avatar, ad… whatever its place. */
  furniture: boolean;
  /** Inside a link to another page (a teaser), not to the picture itself. */
  linkedAway: boolean;
}

interface ParagraphMark {
  order: number;
  /** Ancestors in the original page, nearest first. */
  ancestors: Element[];
}

export interface DocumentScan {
  figures: FigureCandidate[];
  paragraphs: ParagraphMark[];
  /** Document-order positions of `<h1>` elements (the lead area starts at the headline). */
  headlines: number[];
}

export interface FigureOptions {
  base: string | undefined;
  articleLang: string | undefined;
}

const CAPTION_WORDS = new Set(['caption', 'captions', 'figcaption', 'legend']);
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:$|[?#])/i;

/** Figcaptions and elements named or marked up as captions. */
export function isCaptionElement(el: Element): boolean {
  if (tagOf(el) === 'figcaption') return true;
  if ((el.getAttribute('itemprop') ?? '').toLowerCase().split(/\s+/).includes('caption')) return true;
  return hintTokens(el).some((t) => CAPTION_WORDS.has(t));
}

function imagesIn(el: Element): Element[] {
  return [...el.getElementsByTagName('img')].filter((img) => !img.closest('noscript'));
}

/** The element that holds the picture with its caption: `<figure>`, or a close wrapper with a caption. */
function findContainer(img: Element): Element {
  const figure = img.closest('figure');
  if (figure) return figure;
  let el: Element | null = img.parentElement;
  for (let depth = 0; el && depth < 3; depth++, el = el.parentElement) {
    const tag = tagOf(el);
    if (tag === 'body' || tag === 'article' || tag === 'main') break;
    if (imagesIn(el).length > 1) break;
    for (const child of el.querySelectorAll('*')) {
      if (!child.contains(img) && isCaptionElement(child)) return el;
    }
  }
  const parent = img.parentElement;
  return parent && tagOf(parent) === 'picture' ? parent : img;
}

function findCaption(container: Element, img: Element): Element | undefined {
  if (container === img) return undefined;
  for (const el of container.querySelectorAll('*')) {
    if (el.contains(img) || el.closest('noscript')) continue;
    if (isCaptionElement(el)) return el;
  }
  return undefined;
}

/** The element holding the credit: named as one, and not a wrapper around the caption text too. */
function findCredit(container: Element, img: Element): Element | undefined {
  if (container === img) return undefined;
  for (const el of container.querySelectorAll('*')) {
    if (el.contains(img) || el.closest('noscript') || !isCreditElement(el)) continue;
    if (!collapseWhitespace(el.textContent ?? '').trim()) continue;
    if ([...el.querySelectorAll('*')].some((d) => isCaptionElement(d) && !isCreditElement(d))) continue;
    return el;
  }
  return undefined;
}

function styleSize(img: Element, prop: 'width' | 'height'): number | undefined {
  const style = img.getAttribute('style');
  const m = style ? new RegExp(`(?:^|;)\\s*${prop}\\s*:\\s*(\\d+(?:\\.\\d+)?)px`, 'i').exec(style) : null;
  return m ? Number(m[1]) : undefined;
}

/** Tiny images: tracking pixels (≤ 2 px) and icons (both sides under 64 px). */
function isTiny(img: Element): boolean {
  const w = intAttribute(img, 'width') ?? styleSize(img, 'width');
  const h = intAttribute(img, 'height') ?? styleSize(img, 'height');
  if ((w !== undefined && w <= 2) || (h !== undefined && h <= 2)) return true;
  return (w !== undefined || h !== undefined) && (w ?? 0) < 64 && (h ?? 0) < 64;
}

function isLinkedAway(img: Element, base: string | undefined, src: string): boolean {
  const link = img.closest('a[href]');
  if (!link) return false;
  const href = resolveUrl(link.getAttribute('href'), base);
  if (!href || !/^https?:/i.test(href)) return false;
  return !IMAGE_FILE.test(href) && href !== src;
}

function captionInlines(el: Element, opts: FigureOptions, credit: Element | undefined): Inline[] {
  const inlineOpts: InlineOptions = {
    base: opts.base,
    articleLang: opts.articleLang,
    flattenBlocks: true,
    skip: (e) => e === credit || isCreditElement(e) || isScreenReaderOnly(e) || tagOf(e) === 'noscript',
  };
  return normaliseInlines(convertInlines(el.childNodes, inlineOpts));
}

/** Splits a credit line off the end of a caption when the page did not mark it up separately. */
function splitCredit(caption: Inline[]): { caption: Inline[]; credit?: string } {
  const text = inlineText(caption);
  const found = findTrailingCredit(text);
  if (!found) return { caption };
  const rest = dropTrailingText(caption, text.length - found.start);
  return { caption: rest, credit: found.credit };
}

export interface BuiltFigure {
  figure: Figure;
  container: Element;
  /** Tracking pixel, icon, logo, avatar, ad… whatever its place. */
  furniture: boolean;
  linkedAway: boolean;
}

/** Furniture by the image element alone: tiny, or named logo/icon/avatar/share/ad… */
function isFurnitureImage(img: Element): boolean {
  return isTiny(img) || hasImageFurnitureWords(img);
}

/** Builds the model figure for an image; with an index, marks its container, caption and credit. */
export function buildFigure(img: Element, opts: FigureOptions, index?: number): BuiltFigure | undefined {
  const src = imageSource(img, opts.base);
  if (!src) return undefined;
  const container = findContainer(img);
  const captionEl = findCaption(container, img);
  const creditEl = findCredit(container, img);
  const alt = collapseWhitespace(img.getAttribute('alt') ?? '').trim();

  let caption: Inline[] = captionEl ? captionInlines(captionEl, opts, creditEl) : [];
  if (!hasText(caption)) {
    const data = collapseWhitespace(img.getAttribute('data-caption') ?? '').trim();
    caption = data ? [{ type: 'text', text: data }] : [];
  }
  let credit = creditEl ? cleanCredit(creditEl.textContent ?? '') : undefined;
  if (!credit && caption.length) {
    const split = splitCredit(caption);
    caption = split.caption;
    credit = split.credit;
  }

  const role = (img.getAttribute('role') ?? '').toLowerCase();
  const decorative =
    role === 'presentation' ||
    role === 'none' ||
    (img.getAttribute('alt') === '' && img.getAttribute('aria-hidden') === 'true');
  const width = intAttribute(img, 'width');
  const height = intAttribute(img, 'height');
  const figure: Figure = {
    id: '',
    type: 'figure',
    src,
    alt,
    altSource: alt ? 'author' : 'missing',
    decorative,
    ...(hasText(caption) ? { caption } : {}),
    ...(credit ? { credit } : {}),
    ...(width && height && width > 2 && height > 2 ? { width, height } : {}),
  };

  // The image's own wrappers (a link, a picture, the figure): up to the container, or two levels.
  const closeWrappers = [
    img,
    ...(container === img ? ancestors(img).slice(0, 2) : ancestors(img, container.parentElement).slice(0, 4)),
  ];
  const furniture =
    isFurnitureImage(img) ||
    isFurnitureImageUrl(src) ||
    closeWrappers.some((el) => hasImageFurnitureWords(el));

  if (index !== undefined) {
    if (container !== img && imagesIn(container).length <= 1)
      container.setAttribute(FIGBOX_ATTR, String(index));
    captionEl?.setAttribute(CAPTION_ATTR, String(index));
    creditEl?.setAttribute(CAPTION_ATTR, String(index));
  }
  return { figure, container, furniture, linkedAway: isLinkedAway(img, opts.base, src) };
}

/** The picture a `<noscript>` fallback stands for: the script-loaded image beside it, by index. */
function noscriptTwin(img: Element, indexOf: Map<Element, number>): number | undefined {
  const parent = img.closest('noscript')?.parentElement;
  if (!parent) return undefined;
  for (const other of parent.getElementsByTagName('img')) {
    if (other === img || other.closest('noscript')) continue;
    const known = indexOf.get(other);
    if (known !== undefined) return known;
  }
  return undefined;
}

/**
 * Walks the page once (before Readability): numbers paragraphs and pictures in document order, builds a
 * figure for every picture and marks the DOM so they can be found again in Readability's output.
 */
export function scanDocument(doc: Document, opts: FigureOptions): DocumentScan {
  const scan: DocumentScan = { figures: [], paragraphs: [], headlines: [] };
  /** Index of every image met so far (script-loaded images and their `<noscript>` fallbacks share one). */
  const indexOf = new Map<Element, number>();
  const byIndex = new Map<number, FigureCandidate>();
  /** Images without a usable address yet, by index (a `<noscript>` fallback may provide one). */
  const pending = new Map<number, Element>();
  let order = 0;
  const stack: Element[] = [];

  const addCandidate = (img: Element, index: number, built: BuiltFigure): void => {
    img.setAttribute(FIG_ATTR, String(index));
    const candidate: FigureCandidate = {
      index,
      order: order++,
      img,
      container: built.container,
      ancestors: ancestors(built.container),
      figure: built.figure,
      furniture: built.furniture,
      linkedAway: built.linkedAway,
    };
    scan.figures.push(candidate);
    byIndex.set(index, candidate);
  };

  const visitImage = (img: Element): void => {
    const twin = img.closest('noscript') ? noscriptTwin(img, indexOf) : undefined;
    if (twin !== undefined) {
      indexOf.set(img, twin);
      img.setAttribute(FIG_ATTR, String(twin));
      const candidate = byIndex.get(twin);
      if (candidate) {
        const alt = collapseWhitespace(img.getAttribute('alt') ?? '').trim();
        if (!candidate.figure.alt && alt) {
          candidate.figure.alt = alt;
          candidate.figure.altSource = 'author';
        }
        return;
      }
      const script = pending.get(twin);
      const built = buildFigure(img, opts, twin);
      if (script && built) {
        // The script-loaded image had no address: its fallback is the picture.
        pending.delete(twin);
        built.furniture ||= isFurnitureImage(script);
        addCandidate(script, twin, built);
      } else if (!script) img.setAttribute(FIG_ATTR, SKIP);
      return;
    }
    const index = indexOf.size;
    indexOf.set(img, index);
    const built = buildFigure(img, opts, index);
    if (built) addCandidate(img, index, built);
    else {
      pending.set(index, img);
      img.setAttribute(FIG_ATTR, SKIP);
    }
  };

  const visit = (el: Element): void => {
    const tag = tagOf(el);
    if (tag === 'script' || tag === 'style' || tag === 'svg' || tag === 'template') return;
    if (tag === 'img') {
      visitImage(el);
      return;
    }
    markFurniture(el);
    if (tag === 'p') {
      el.setAttribute(PARA_ATTR, String(scan.paragraphs.length));
      scan.paragraphs.push({ order: order++, ancestors: stack.slice().reverse() });
    } else if (tag === 'h1') {
      scan.headlines.push(order++);
    }
    stack.push(el);
    for (const child of el.children) visit(child);
    stack.pop();
  };

  if (doc.body) visit(doc.body);
  return scan;
}

/** The lowest common ancestor of several ancestor chains (nearest first), or undefined. */
function commonAncestor(chains: Element[][]): Element | undefined {
  if (!chains.length) return undefined;
  const first = chains[0]!;
  const others = chains.slice(1).map((c) => new Set(c));
  return first.find((el) => others.every((s) => s.has(el)));
}

function normName(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}]+/gu, '');
}

/**
 * Chooses the article's figures and puts placeholders for the ones Readability dropped into its content
 * (after the last paragraph that preceded them on the page, or before the first paragraph for lead
 * pictures). Returns the figures by index; images not in the map are not figures.
 */
export function placeFigures(scan: DocumentScan, content: Element, authors: Person[]): Map<number, Figure> {
  const chosen = new Map<number, Figure>();
  const keptParagraphs = new Map<number, Element>();
  for (const p of content.querySelectorAll(`[${PARA_ATTR}]`)) {
    const i = Number(p.getAttribute(PARA_ATTR));
    if (scan.paragraphs[i] && !keptParagraphs.has(i)) keptParagraphs.set(i, p);
  }
  const keptFigures = new Set<number>();
  for (const img of content.querySelectorAll(`[${FIG_ATTR}]`)) {
    const value = img.getAttribute(FIG_ATTR);
    if (value && value !== SKIP) keptFigures.add(Number(value));
  }

  const keptMarks = [...keptParagraphs.keys()].map((i) => scan.paragraphs[i]!);
  const lca = commonAncestor(keptMarks.map((m) => m.ancestors));
  const lcaTag = lca ? tagOf(lca) : undefined;
  const region = lca && lcaTag !== 'body' && lcaTag !== 'html' ? (lca.closest('article') ?? lca) : undefined;
  const firstOrder = keptMarks.length ? Math.min(...keptMarks.map((m) => m.order)) : Number.POSITIVE_INFINITY;
  const leadStart = Math.max(-1, ...scan.headlines.filter((h) => h < firstOrder));
  const authorNames = new Set(authors.map((a) => normName(a.name)));
  const seen = new Set<string>();
  const orphans: FigureCandidate[] = [];

  for (const candidate of scan.figures) {
    if (candidate.furniture) continue;
    if (candidate.figure.alt && authorNames.has(normName(candidate.figure.alt))) continue;
    const kept = keptFigures.has(candidate.index);
    if (!kept) {
      const inRegion = region ? candidate.ancestors.includes(region) : false;
      const inLead = leadStart >= 0 && candidate.order > leadStart && candidate.order < firstOrder;
      if (!inRegion && !inLead) continue;
      if (candidate.linkedAway) continue;
      const stop = inRegion ? region : undefined;
      const path = stop
        ? candidate.ancestors.slice(0, candidate.ancestors.indexOf(stop))
        : candidate.ancestors;
      if (path.some((el) => isFurnitureRegion(el))) continue;
    } else if (candidate.ancestors.slice(0, 4).some((el) => isFurnitureElement(el) && el !== region)) {
      continue;
    }
    if (seen.has(candidate.figure.src)) continue;
    seen.add(candidate.figure.src);
    chosen.set(candidate.index, candidate.figure);
    if (!kept) orphans.push(candidate);
  }

  // Placeholders for dropped figures, at their place relative to the paragraphs Readability kept.
  const anchors = [...keptParagraphs.entries()]
    .map(([i, el]) => ({ order: scan.paragraphs[i]!.order, el }))
    .sort((a, b) => a.order - b.order);
  const doc = content.ownerDocument;
  for (const candidate of orphans) {
    const placeholder = doc.createElement('img');
    placeholder.setAttribute(FIG_ATTR, String(candidate.index));
    const before = anchors.filter((a) => a.order < candidate.order).pop();
    if (before) {
      // After the paragraph and after any figures already placed behind it.
      let at: Element = before.el;
      while (
        at.nextElementSibling?.getAttribute(FIG_ATTR) &&
        !at.nextElementSibling.hasAttribute(PARA_ATTR)
      ) {
        const next = at.nextElementSibling;
        if (!next.hasAttribute('data-readout-placed')) break;
        at = next;
      }
      at.after(placeholder);
    } else if (anchors[0]) anchors[0].el.before(placeholder);
    else content.prepend(placeholder);
    placeholder.setAttribute('data-readout-placed', '');
  }
  return chosen;
}
