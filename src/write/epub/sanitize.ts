/**
 * Chapter markup reduced to an EPUB-safe XHTML subset. Whatever comes in (the HTML writer's `<article>`, or
 * any other HTML), what goes out is well-formed XHTML with: no script, style, iframe, object, embed, form or
 * form control (dropped with their content); no SVG or MathML (dropped: EPUB needs them namespaced and
 * declared, and nothing readout writes uses them); no event handlers, inline styles or unknown attributes;
 * links only to http(s)/mailto addresses or to ids of the same chapter; pictures only from the book's own
 * files. Unknown elements are unwrapped (their text stays).
 *
 * Markup is read by markup-tree.ts (a strict XHTML reader, else jsdom's HTML parser). Serialising is done
 * here, element by element from the allowlists below, so the output is well-formed by construction.
 */
import { classifyUrl } from '../../model/urls.js';
import { type MarkupNode, readMarkup, XHTML_NS } from './markup-tree.js';

type ElementNode = Extract<MarkupNode, { type: 'element' }>;

export interface SanitizeOptions {
  /** Book-relative picture paths that `<img src>` may name; any other picture is left out. */
  images: ReadonlySet<string>;
  /** The article's address: relative links are resolved against it (without it they become plain text). */
  baseUrl?: string;
}

export interface HeadingInfo {
  level: number;
  id: string;
  text: string;
  lang?: string;
}

export interface SanitizedXhtml {
  xhtml: string;
  /** Headings with an id, in document order (for the table of contents). */
  headings: HeadingInfo[];
  /** What was taken out, once each: `<script>`, `@onclick`, `<img src>`, `<a href>`… (for the report). */
  removed: string[];
}

/** Kept with their attributes (filtered). */
const KEEP = new Set([
  'a',
  'abbr',
  'article',
  'aside',
  'b',
  'bdi',
  'bdo',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'section',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
  'var',
  'wbr',
]);

/** Dropped together with everything inside them. */
const DROP = new Set([
  'applet',
  'area',
  'audio',
  'base',
  'button',
  'canvas',
  'datalist',
  'dialog',
  'embed',
  'fieldset',
  'form',
  'frame',
  'frameset',
  'head',
  'iframe',
  'input',
  'link',
  'map',
  'math',
  'meta',
  'meter',
  'noscript',
  'object',
  'optgroup',
  'option',
  'output',
  'param',
  'portal',
  'progress',
  'script',
  'select',
  'slot',
  'source',
  'style',
  'svg',
  'template',
  'textarea',
  'title',
  'track',
  'video',
]);

const VOID = new Set(['br', 'hr', 'img', 'wbr', 'col']);

/** ARIA roles kept (on any element): presentation for decorative pictures and the DPUB-ARIA roles. */
const ROLES = new Set([
  'presentation',
  'none',
  'note',
  ...[
    'abstract',
    'acknowledgments',
    'afterword',
    'appendix',
    'backlink',
    'biblioentry',
    'bibliography',
    'biblioref',
    'chapter',
    'colophon',
    'conclusion',
    'credit',
    'credits',
    'dedication',
    'endnote',
    'endnotes',
    'epigraph',
    'epilogue',
    'errata',
    'example',
    'footnote',
    'foreword',
    'glossary',
    'glossref',
    'index',
    'introduction',
    'noteref',
    'notice',
    'pagebreak',
    'part',
    'preface',
    'prologue',
    'pullquote',
    'qna',
    'subtitle',
    'tip',
  ].map((r) => `doc-${r}`),
]);

const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
/** A valid HTML id (non-empty, no white space): EPUB 3 content documents follow HTML, not xml:id rules. */
const HTML_ID = /^\S+$/;
const DATETIME = /^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;
const INTEGER = /^-?\d{1,6}$/;
const NATURAL = /^\d{1,5}$/;
const CLASS_TOKEN = /^\S+$/;

// Characters XML 1.0 forbids (and C1 controls). The HTML writer removes the same set from its output; this
// module also takes markup from elsewhere, so it cannot rely on that.
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters being removed
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Any character NOT_XML might remove: tested first, since the full expression (its look-arounds run at every
 * surrogate) is slow and almost no string has any of them.
 */
const MAYBE_NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters of NOT_XML, and all surrogates
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** `text` without the characters XML forbids. */
export function xmlChars(text: string): string {
  return MAYBE_NOT_XML.test(text) ? text.replace(NOT_XML, '') : text;
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Characters RFC 3986 allows in a URI; the WHATWG serialisation leaves a few others (`|`, `{`, `^`…) as they are. */
function strictUri(href: string): string {
  return href.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/g, (c) =>
    encodeURIComponent(c),
  );
}

/** An absolute http(s) or mailto address for a link, or undefined. */
function externalHref(href: string, baseUrl: string | undefined): string | undefined {
  const found = classifyUrl(href);
  if (!found || found.kind === 'data-image') return undefined;
  try {
    const url =
      found.kind === 'relative' ? (baseUrl ? new URL(found.url, baseUrl) : undefined) : new URL(found.url);
    if (!url || !/^(https?|mailto):$/.test(url.protocol)) return undefined;
    return strictUri(url.href);
  } catch {
    return undefined;
  }
}

type Fate = 'keep' | 'drop' | 'unwrap';

function fate(el: ElementNode): Fate {
  if (el.namespace !== XHTML_NS) return 'drop';
  if (KEEP.has(el.name)) return 'keep';
  return DROP.has(el.name) ? 'drop' : 'unwrap';
}

function attr(el: ElementNode, name: string): string | undefined {
  return el.attrs.find(([n]) => n === name)?.[1];
}

/**
 * A figure's caption must be its first or last child (HTML content model; EPUBCheck refuses anything else):
 * one found in between (e.g. before a long description) moves to the end.
 */
function captionLast(children: readonly MarkupNode[]): readonly MarkupNode[] {
  const elements = children.filter((c) => c.type === 'element');
  const caption = elements.find((c) => c.name === 'figcaption');
  if (!caption || caption === elements[0] || caption === elements[elements.length - 1]) return children;
  return [...children.filter((c) => c !== caption), caption];
}

class Sanitizer {
  readonly out: string[] = [];
  readonly headings: HeadingInfo[] = [];
  readonly removed = new Set<string>();
  /** Ids that will be written (valid, first of their kind, on kept elements). */
  readonly ids = new Set<string>();
  readonly #written = new Set<string>();

  constructor(private readonly options: SanitizeOptions) {}

  collectIds(nodes: readonly MarkupNode[]): void {
    for (const el of nodes) {
      if (el.type !== 'element') continue;
      const f = fate(el);
      if (f === 'drop') continue;
      const id = attr(el, 'id');
      const pictureLeftOut = el.name === 'img' && !this.options.images.has(attr(el, 'src') ?? '');
      if (f === 'keep' && id && HTML_ID.test(id) && !pictureLeftOut) this.ids.add(id);
      this.collectIds(el.children);
    }
  }

  children(nodes: readonly MarkupNode[]): void {
    for (const child of nodes) {
      if (child.type === 'text') this.out.push(escapeText(xmlChars(child.text)));
      else this.element(child);
    }
  }

  element(el: ElementNode): void {
    const f = fate(el);
    const tag = el.name;
    if (f === 'drop') {
      this.removed.add(`<${el.namespace === XHTML_NS ? tag : `${tag} (${el.namespace ?? 'no namespace'})`}>`);
      return;
    }
    if (f === 'unwrap') {
      this.removed.add(`<${tag}> (kept its text)`);
      this.children(el.children);
      return;
    }
    const attrs = this.attributes(el, tag);
    if (attrs === undefined) {
      // A link that leads nowhere in the book, or a picture that is not the book's: its text stays.
      this.removed.add(tag === 'img' ? '<img src>' : '<a href>');
      if (tag !== 'img') this.children(el.children);
      return;
    }
    this.out.push('<', tag);
    for (const [name, value] of attrs) this.out.push(' ', name, '="', escapeAttr(value), '"');
    if (VOID.has(tag)) {
      this.out.push('/>');
      return;
    }
    this.out.push('>');
    const start = this.out.length;
    this.children(tag === 'figure' ? captionLast(el.children) : el.children);
    if (/^h[1-6]$/.test(tag)) this.heading(tag, attrs, this.out.slice(start).join(''));
    this.out.push('</', tag, '>');
  }

  /** Records a heading with the text actually written (markup removed, entities decoded). */
  heading(tag: string, attrs: [string, string][], inner: string): void {
    const id = attrs.find(([n]) => n === 'id')?.[1];
    const text = inner
      .replace(/<[^>]*>/g, '')
      .replace(/&(amp|lt|gt);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>'))
      .replace(/\s+/g, ' ')
      .trim();
    if (!id || !text) return;
    const lang = attrs.find(([n]) => n === 'lang')?.[1];
    this.headings.push({ level: Number(tag.slice(1)), id, text, ...(lang ? { lang } : {}) });
  }

  /** The attributes to write, in a fixed order; undefined when the element itself must go (see element()). */
  attributes(el: ElementNode, tag: string): [string, string][] | undefined {
    const out: [string, string][] = [];
    let lang: string | undefined;
    for (const [name, raw] of el.attrs) {
      const value = xmlChars(raw);
      const kept = this.attribute(tag, name, value);
      if (kept === undefined) {
        this.removed.add(`@${name}`);
      } else if (name === 'lang' || name === 'xml:lang') {
        lang ??= kept;
      } else {
        out.push([name, kept]);
      }
    }
    if (lang) out.push(['lang', lang], ['xml:lang', lang]);
    if (tag === 'img') {
      const src = out.find(([n]) => n === 'src')?.[1];
      if (!src || !this.options.images.has(src)) return undefined;
      if (!out.some(([n]) => n === 'alt')) out.push(['alt', '']);
    }
    if (tag === 'a' && attr(el, 'href') !== undefined && !out.some(([n]) => n === 'href')) return undefined;
    return out;
  }

  /** The value to keep for one attribute, or undefined to drop it. */
  attribute(tag: string, name: string, value: string): string | undefined {
    switch (name) {
      case 'id': {
        if (!this.ids.has(value) || this.#written.has(value)) return undefined;
        this.#written.add(value);
        return value;
      }
      case 'lang':
      case 'xml:lang':
        return LANG.test(value) ? value : undefined;
      case 'dir':
        return /^(ltr|rtl|auto)$/.test(value) ? value : undefined;
      case 'title':
        return value;
      case 'class': {
        const tokens = value.split(/\s+/).filter((t) => CLASS_TOKEN.test(t));
        return tokens.length ? tokens.join(' ') : undefined;
      }
      case 'role': {
        const roles = value.split(/\s+/).filter((r) => ROLES.has(r));
        return roles.length ? roles.join(' ') : undefined;
      }
      case 'aria-label':
        return value.trim() ? value : undefined;
      case 'aria-labelledby':
      case 'aria-describedby': {
        const refs = value.split(/\s+/).filter((r) => this.ids.has(r));
        return refs.length ? refs.join(' ') : undefined;
      }
      case 'aria-hidden':
        return value === 'true' || value === 'false' ? value : undefined;
    }
    if (/^data-[a-z0-9._-]+$/.test(name)) return value;
    switch (`${tag}@${name}`) {
      case 'a@href':
        if (value.startsWith('#')) return this.ids.has(value.slice(1)) ? value : undefined;
        return externalHref(value, this.options.baseUrl);
      case 'a@hreflang':
        return LANG.test(value) ? value : undefined;
      case 'img@src':
        return value;
      case 'img@alt':
        return value;
      case 'img@width':
      case 'img@height':
      case 'td@colspan':
      case 'td@rowspan':
      case 'th@colspan':
      case 'th@rowspan':
      case 'col@span':
      case 'colgroup@span':
        return NATURAL.test(value) && Number(value) > 0 ? value : undefined;
      case 'ol@start':
      case 'li@value':
        return INTEGER.test(value) ? value : undefined;
      case 'ol@reversed':
        return 'reversed';
      case 'details@open':
        return 'open';
      case 'th@scope':
        return /^(row|col|rowgroup|colgroup)$/.test(value) ? value : undefined;
      case 'time@datetime':
      case 'del@datetime':
      case 'ins@datetime':
        return DATETIME.test(value) ? value : undefined;
      default:
        return undefined;
    }
  }
}

/** `html` reduced to the EPUB-safe subset (see the module comment), with its headings and what was removed. */
export function sanitizeChapter(html: string, options: SanitizeOptions): SanitizedXhtml {
  const root = readMarkup(xmlChars(html));
  const s = new Sanitizer(options);
  s.collectIds(root);
  s.children(root);
  return { xhtml: s.out.join(''), headings: s.headings, removed: [...s.removed] };
}
