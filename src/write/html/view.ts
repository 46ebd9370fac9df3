/**
 * The view model the HTML templates render: the Article with every decision already taken
 * (safe URLs, quotation marks, speaker names, unique ids, localised words), so the templates
 * only place data into markup and Nunjucks escapes all of it.
 */
import type { Article, Block, Figure, Inline, Person } from '../../model/schema.js';
import { classifyUrl, safeAbsoluteUrl, safeImageSrc, safeLinkHref } from '../../model/urls.js';
import { inlineText } from '../../model/walk.js';
import type { Report } from '../../report.js';
import { defaultQuoteMarks, type Labels, labelsFor, readableDate, textDirection } from './locale.js';

type Dir = 'rtl' | 'ltr';

export type InlineView =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'break' }
  | { type: 'emphasis' | 'strong' | 'plain'; children: InlineView[] }
  | {
      type: 'link';
      href: string;
      title?: string;
      children: InlineView[];
      /** Print: the number of the note that prints the link's address. */
      note?: number;
    }
  | {
      type: 'quote';
      kind: string;
      speakerId?: string;
      speakerName?: string;
      open: string;
      close: string;
      children: InlineView[];
    }
  | {
      type: 'lang';
      lang: string;
      dir?: Dir;
      children: InlineView[];
      /** Print: `group` makes Chromium tag the span, so its language reaches the PDF structure. */
      role?: 'group';
    }
  | { type: 'abbr'; title?: string; children: InlineView[] };

export interface ImageView {
  src: string;
  alt: string;
  decorative: boolean;
  width?: number;
  height?: number;
}

export type BlockView =
  | { type: 'heading'; id: string; level: number; children: InlineView[] }
  | { type: 'paragraph'; id: string; children: InlineView[] }
  | {
      type: 'figure';
      id: string;
      /** Print: `none`, so Chromium tags only the image (with its alt) as a Figure, not the wrapper. */
      role?: 'none';
      img?: ImageView;
      /** The image's description, shown when there is no image to show and no caption. */
      missingText?: string;
      caption?: InlineView[];
      credit?: string;
      longDescription?: string[];
    }
  | {
      type: 'blockquote';
      id: string;
      speakerId?: string;
      speakerName?: string;
      attribution?: string;
      children: BlockView[];
    }
  | { type: 'list'; id: string; ordered: boolean; start?: number; items: BlockView[][] }
  | { type: 'preformatted'; id: string; text: string; language?: string }
  | { type: 'separator'; id: string };

/** A byline piece: a name, or the words and punctuation between names. */
export type BylinePart =
  | { type: 'name'; name: string; href?: string }
  | { type: 'label'; text: string; lang?: string };

export interface ArticleView {
  id: string;
  lang: string;
  dir: Dir;
  title: string;
  subtitle?: string;
  rubric?: string;
  description?: string;
  authorNames?: string;
  canonical?: string;
  byline?: BylinePart[];
  translators?: BylinePart[];
  source?: { name: string; href?: string };
  published?: { datetime: string; text: string };
  imageDescription: { text: string; lang?: string };
  blocks: BlockView[];
  /** The people and organisations quoted (the speaker registry), after the text. */
  speakers?: {
    headingId: string;
    heading: { text: string; lang?: string };
    items: { id: string; speakerId: string; name: string; roles?: string }[];
  };
  /** True when some image is a relative path (the CSP must then allow same-origin images). */
  hasRelativeImages: boolean;
  /** Print: the addresses of the links in the text, numbered as their note marks. */
  linkNotes?: {
    headingId: string;
    heading: { text: string; lang?: string };
    items: { n: number; href: string; address: string }[];
  };
}

/** How the view is built: `print` adds what paper needs (link addresses as notes, PDF tagging hints). */
export interface ViewOptions {
  print?: boolean;
}

/** Hands out element ids: block ids are kept; a repeated id gets a suffix (and a warning). */
class IdAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly report: Report) {}

  claim(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.used.has(id); n++) id = `${wanted}-${n}`;
    if (id !== wanted)
      this.report.warn(
        'html:duplicate-id',
        `Element id "${wanted}" is used twice; renamed to "${id}".`,
        wanted,
      );
    this.used.add(id);
    return id;
  }
}

/** Chooses the address of a figure's picture (e.g. a data: URI from the image store); undefined = no picture. */
export type ImageSource = (figure: Figure) => string | undefined;

interface State {
  report: Report;
  imageSource: ImageSource;
  ids: IdAllocator;
  speakers: Map<string, string>;
  lang: string;
  relativeImages: boolean;
  print: boolean;
  /** Print: note number by link address, in order of first use. */
  notes: Map<string, number>;
}

interface InlineScope {
  lang: string;
  quoteDepth: number;
  blockId: string;
}

function inlines(runs: readonly Inline[], scope: InlineScope, state: State): InlineView[] {
  return runs.map((run) => inline(run, scope, state));
}

function inline(run: Inline, scope: InlineScope, state: State): InlineView {
  switch (run.type) {
    case 'text':
    case 'code':
      return { type: run.type, text: run.text };
    case 'break':
      return { type: 'break' };
    case 'emphasis':
    case 'strong':
      return { type: run.type, children: inlines(run.children, scope, state) };
    case 'link': {
      const children = inlines(run.children, scope, state);
      const href = safeLinkHref(run.href);
      if (href === undefined) {
        state.report.warn(
          'html:unsafe-link',
          `Link to "${run.href.slice(0, 80)}" rendered as plain text.`,
          scope.blockId,
        );
        return { type: 'plain', children };
      }
      const note = state.print ? linkNote(href, children, state) : undefined;
      return {
        type: 'link',
        href,
        ...(run.title ? { title: run.title } : {}),
        children,
        ...(note ? { note } : {}),
      };
    }
    case 'quote': {
      const [open, close] = run.marks ?? defaultQuoteMarks(scope.lang, scope.quoteDepth);
      const speakerName = run.speakerId ? state.speakers.get(run.speakerId) : undefined;
      return {
        type: 'quote',
        kind: run.kind,
        ...(run.speakerId ? { speakerId: run.speakerId } : {}),
        ...(speakerName ? { speakerName } : {}),
        open,
        close,
        children: inlines(run.children, { ...scope, quoteDepth: scope.quoteDepth + 1 }, state),
      };
    }
    case 'lang': {
      const dir = textDirection(run.lang);
      return {
        type: 'lang',
        lang: run.lang,
        ...(dir !== textDirection(scope.lang) ? { dir } : {}),
        children: inlines(run.children, { ...scope, lang: run.lang }, state),
        ...(state.print ? { role: 'group' as const } : {}),
      };
    }
    case 'abbr':
      return {
        type: 'abbr',
        ...(run.title ? { title: run.title } : {}),
        children: inlines(run.children, scope, state),
      };
  }
}

/** Text as read: soft hyphens (e.g. from print hyphenation) are only break points. */
const withoutSoftHyphens = (text: string) => text.replace(/\u00AD/g, '');

function figure(block: Figure, id: string, state: State): BlockView {
  const scope = { lang: state.lang, quoteDepth: 0, blockId: block.id };
  const caption =
    block.caption && inlineText(block.caption).trim() ? inlines(block.caption, scope, state) : undefined;
  const credit = block.credit?.trim() || undefined;
  const longDescription = block.longDescription
    ?.split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  let img: ImageView | undefined;
  const chosen = state.imageSource(block);
  if (chosen) {
    const src = safeImageSrc(chosen);
    if (src) {
      if (src.kind === 'relative') state.relativeImages = true;
      if (!block.decorative && !block.alt.trim()) {
        state.report.warn('html:missing-alt', 'Image has no text alternative.', block.id);
      }
      img = {
        src: src.url,
        alt: block.decorative ? '' : block.alt,
        decorative: block.decorative,
        ...(block.width ? { width: block.width } : {}),
        ...(block.height ? { height: block.height } : {}),
      };
    } else {
      state.report.warn(
        'html:unsafe-image',
        `Image source "${chosen.slice(0, 80)}" is not allowed; image left out.`,
        block.id,
      );
    }
  }
  // Without a picture, the alt text stands in for it (unless the caption already says the same).
  const alt = block.alt.trim();
  const missingText =
    !img && !block.decorative && alt && alt !== withoutSoftHyphens(inlineText(block.caption ?? [])).trim()
      ? alt
      : undefined;
  return {
    type: 'figure',
    id,
    ...(state.print ? { role: 'none' as const } : {}),
    ...(img ? { img } : {}),
    ...(missingText ? { missingText } : {}),
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
    ...(longDescription?.length ? { longDescription } : {}),
  };
}

/** The plain text of inline views, as printed (quotation marks included). */
function viewText(runs: readonly InlineView[]): string {
  let out = '';
  for (const run of runs) {
    if (run.type === 'text' || run.type === 'code') out += run.text;
    else if (run.type === 'break') out += ' ';
    else if (run.type === 'quote') out += run.open + viewText(run.children) + run.close;
    else out += viewText(run.children);
  }
  return out;
}

/** What is printed for an address: mail addresses without `mailto:`, web addresses as they are. */
function printedAddress(href: string): string | undefined {
  const kind = classifyUrl(href)?.kind;
  if (kind === 'http') return href;
  if (kind === 'mailto') {
    const address = href.replace(/^mailto:/i, '').split('?')[0] ?? '';
    try {
      return decodeURIComponent(address);
    } catch {
      return address; // a malformed %-escape: printed as written
    }
  }
  return undefined; // relative and #fragment links have no address worth printing
}

const bareAddress = (s: string) =>
  withoutSoftHyphens(s)
    .trim()
    .toLowerCase()
    .replace(/^(?:https?:\/\/|mailto:)/, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '');

/** Print: the note number for a link, or undefined when its text already is its address. */
function linkNote(href: string, children: InlineView[], state: State): number | undefined {
  const address = printedAddress(href);
  if (!address || bareAddress(viewText(children)) === bareAddress(address)) return undefined;
  let n = state.notes.get(href);
  if (n === undefined) {
    n = state.notes.size + 1;
    state.notes.set(href, n);
  }
  return n;
}

function blocks(list: readonly Block[], state: State): BlockView[] {
  return list.map((block) => blockView(block, state));
}

function blockView(block: Block, state: State): BlockView {
  const id = state.ids.claim(block.id);
  const scope = { lang: state.lang, quoteDepth: 0, blockId: block.id };
  switch (block.type) {
    case 'heading':
      return { type: 'heading', id, level: block.level, children: inlines(block.children, scope, state) };
    case 'paragraph':
      return { type: 'paragraph', id, children: inlines(block.children, scope, state) };
    case 'figure':
      return figure(block, id, state);
    case 'blockquote': {
      const speakerName = block.speakerId ? state.speakers.get(block.speakerId) : undefined;
      const attribution = block.attribution?.trim();
      return {
        type: 'blockquote',
        id,
        ...(block.speakerId ? { speakerId: block.speakerId } : {}),
        ...(speakerName ? { speakerName } : {}),
        ...(attribution ? { attribution } : {}),
        children: blocks(block.children, state),
      };
    }
    case 'list':
      return {
        type: 'list',
        id,
        ordered: block.ordered,
        ...(block.ordered && block.start !== undefined && block.start !== 1 ? { start: block.start } : {}),
        items: block.items.map((item) => blocks(item.children, state)),
      };
    case 'preformatted': {
      // A class token: keep it to name characters so `c++ (gnu)` cannot add other classes.
      const language = block.language?.replace(/[^A-Za-z0-9_+#.-]+/g, '-').replace(/^-+|-+$/g, '');
      return { type: 'preformatted', id, text: block.text, ...(language ? { language } : {}) };
    }
    case 'separator':
      return { type: 'separator', id };
  }
}

/** "By A, B and C": names with the localised words between them. */
function nameList(
  people: readonly Person[],
  lead: string,
  labels: Labels,
  articleLang: string,
): BylinePart[] {
  const foreign = labels.lang !== articleLang ? labels.lang : undefined;
  const label = (text: string): BylinePart => ({
    type: 'label',
    text,
    ...(foreign && /\p{L}/u.test(text) ? { lang: foreign } : {}),
  });
  const parts: BylinePart[] = [label(lead), label(' ')];
  people.forEach((person, i) => {
    if (i > 0) parts.push(label(i === people.length - 1 ? ` ${labels.and(person.name)} ` : ', '));
    const href = person.url ? safeLinkHref(person.url) : undefined;
    parts.push({ type: 'name', name: person.name, ...(href ? { href } : {}) });
  });
  return parts;
}

/** Builds the view of `article`; problems that do not stop rendering are reported to `report`. */
/** By default a figure's own `src`: used when no image store is at hand (the model alone). */
const ownSource: ImageSource = (figure) => figure.src.trim() || undefined;

export function articleView(
  article: Article,
  report: Report,
  imageSource: ImageSource = ownSource,
  options: ViewOptions = {},
): ArticleView {
  const state: State = {
    report,
    imageSource,
    ids: new IdAllocator(report),
    speakers: new Map(article.speakers.map((s) => [s.id, s.name])),
    lang: article.lang,
    relativeImages: false,
    print: options.print === true,
    notes: new Map(),
  };
  const blockViews = blocks(article.blocks, state);
  const labels = labelsFor(article.lang);
  const authors = article.authors.filter((p) => p.name.trim());
  const translators = article.translators.filter((p) => p.name.trim());
  const published = article.publishedAt ? readableDate(article.publishedAt, article.lang) : undefined;
  if (article.publishedAt && !published) {
    report.warn(
      'html:bad-date',
      `Publication date "${article.publishedAt.slice(0, 40)}" is not an ISO 8601 date.`,
    );
  }
  const sourceHref = article.source?.url ? safeLinkHref(article.source.url) : undefined;
  const canonical = article.url ? safeAbsoluteUrl(article.url) : undefined;
  const description = (article.description ?? article.subtitle)?.trim();
  const optional = <K extends string, V>(key: K, value: V | undefined | '') =>
    (value ? { [key]: value } : {}) as Partial<Record<K, V>>;
  return {
    // Claimed last so that a block keeps its id (shared with every other format) if the two collide.
    id: state.ids.claim(article.id),
    lang: article.lang,
    dir: textDirection(article.lang),
    title: article.title,
    ...optional('subtitle', article.subtitle?.trim()),
    ...optional('rubric', article.rubric?.trim()),
    ...optional('description', description),
    ...optional('authorNames', authors.map((p) => p.name).join(', ')),
    ...optional('canonical', canonical),
    ...optional(
      'byline',
      authors.length ? nameList(authors, labels.by(authors.length), labels, article.lang) : undefined,
    ),
    ...optional(
      'translators',
      translators.length
        ? nameList(translators, labels.translatedBy(translators.length), labels, article.lang)
        : undefined,
    ),
    ...optional(
      'source',
      article.source ? { name: article.source.name, ...(sourceHref ? { href: sourceHref } : {}) } : undefined,
    ),
    ...optional('published', published),
    imageDescription: {
      text: labels.imageDescription,
      ...(labels.lang !== article.lang ? { lang: labels.lang } : {}),
    },
    blocks: blockViews,
    ...optional('speakers', speakerList(article, labels, state)),
    hasRelativeImages: state.relativeImages,
    ...optional('linkNotes', linkNoteList(article, labels, state)),
  };
}

/** Print: the numbered link addresses, after the text. */
function linkNoteList(article: Article, labels: Labels, state: State): ArticleView['linkNotes'] {
  if (state.notes.size === 0) return undefined;
  return {
    headingId: state.ids.claim(`${article.id}-links`),
    heading: { text: labels.links, ...(labels.lang !== article.lang ? { lang: labels.lang } : {}) },
    items: [...state.notes].map(([href, n]) => ({ n, href, address: printedAddress(href) ?? href })),
  };
}

/** The quoted people and organisations, each with an id (`speaker-s1`) that quote spans' data-speaker names. */
function speakerList(article: Article, labels: Labels, state: State): ArticleView['speakers'] {
  const named = article.speakers.filter((s) => s.name.trim());
  if (named.length === 0) return undefined;
  return {
    headingId: state.ids.claim(`${article.id}-speakers`),
    heading: { text: labels.quoted, ...(labels.lang !== article.lang ? { lang: labels.lang } : {}) },
    items: named.map((s) => ({
      id: state.ids.claim(`speaker-${s.id}`),
      speakerId: s.id,
      name: s.name,
      ...(s.roles?.length ? { roles: s.roles.join(', ') } : {}),
    })),
  };
}
