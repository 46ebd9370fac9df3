/**
 * Raw HTML inside Markdown never reaches the model: tags are dropped, their text kept (entities decoded by a
 * real HTML parser), the content of script-like elements dropped entirely, and `<img>` lifted to figures.
 */
import type { Block, Figure, Inline } from '../../model/schema.js';
import { figureFromImage, type ImageSource } from './figure.js';
import { safeImageSrc } from './urls.js';

export interface HtmlParser {
  /** Parses an HTML fragment without running scripts or loading anything. */
  fragment(html: string): DocumentFragment;
}

/** jsdom is loaded only for documents that contain raw HTML (it takes a moment to load). */
export async function loadHtmlParser(): Promise<HtmlParser> {
  const { JSDOM } = await import('jsdom');
  return { fragment: (html) => JSDOM.fragment(html) };
}

/** Elements whose content is code, markup or a fallback, never text for a reader. */
const HIDDEN = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'svg',
  'math',
  'canvas',
  'head',
  'title',
  'select',
]);

/** Elements that start a new paragraph when an HTML block is turned into text. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

export type InlineTag =
  | { kind: 'open'; name: string; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'other' };

/** Classifies one inline HTML node: CommonMark hands over each tag, comment or declaration on its own. */
export function classifyTag(value: string): InlineTag {
  const match = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(value.trim());
  if (!match) return { kind: 'other' };
  const name = match[2]!.toLowerCase();
  if (match[1]) return { kind: 'close', name };
  return { kind: 'open', name, selfClosing: /\/\s*>$/.test(value.trim()) };
}

/**
 * The element whose content must be skipped after this opening tag, if any. `/>` does not close an HTML
 * element (`<script/>` still swallows what follows), only the foreign ones (svg, math).
 */
export function hiddenElementOpened(tag: InlineTag): string | undefined {
  if (tag.kind !== 'open' || !HIDDEN.has(tag.name)) return undefined;
  if (tag.selfClosing && (tag.name === 'svg' || tag.name === 'math')) return undefined;
  return tag.name;
}

function positiveInt(value: string | null): number | undefined {
  if (!value || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number.parseInt(value, 10);
  return n > 0 ? n : undefined;
}

function imageOf(element: Element): ImageSource | undefined {
  const src = element.getAttribute('src');
  if (!src) return undefined;
  return {
    src,
    alt: element.getAttribute('alt'),
    title: element.getAttribute('title'),
    width: positiveInt(element.getAttribute('width')),
    height: positiveInt(element.getAttribute('height')),
  };
}

/** The image of an inline `<img …>` tag. */
export function imageFromTag(value: string, parser: HtmlParser): ImageSource | undefined {
  const img = parser.fragment(value).querySelector('img');
  return img ? imageOf(img) : undefined;
}

/** Collects text into paragraphs (whitespace collapsed as a browser would) and images into figures. */
class TextCollector {
  readonly blocks: Block[] = [];
  private lines: string[] = [''];
  private figures: Figure[] = [];

  constructor(private readonly keepImage: (image: ImageSource) => Figure | undefined) {}

  text(value: string): void {
    this.lines[this.lines.length - 1] += value;
  }

  lineBreak(): void {
    this.lines.push('');
  }

  image(image: ImageSource): void {
    const figure = this.keepImage(image);
    if (figure) this.figures.push(figure);
  }

  flush(): void {
    const lines = this.lines.map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (lines.length) {
      const children: Inline[] = [];
      lines.forEach((line, i) => {
        if (i > 0) children.push({ type: 'break' });
        children.push({ type: 'text', text: line });
      });
      this.blocks.push({ id: '', type: 'paragraph', children });
    }
    this.blocks.push(...this.figures);
    this.lines = [''];
    this.figures = [];
  }
}

function collect(node: Node, out: TextCollector): void {
  for (const child of node.childNodes) {
    if (child.nodeType === child.TEXT_NODE) {
      out.text(child.nodeValue ?? '');
      continue;
    }
    if (child.nodeType !== child.ELEMENT_NODE) continue; // comments, processing instructions
    const element = child as Element;
    const name = element.localName;
    if (HIDDEN.has(name)) continue;
    if (name === 'br') {
      out.lineBreak();
      continue;
    }
    if (name === 'img') {
      const image = imageOf(element);
      if (image) out.image(image);
      continue;
    }
    const block = BLOCKS.has(name);
    if (block) out.flush();
    collect(element, out);
    if (block) out.flush();
  }
}

export interface HtmlBlockOptions {
  parser: HtmlParser;
  baseUrl?: string | undefined;
  /** Called for an `<img>` whose source is not allowed (javascript:, file:…). */
  onUnsafeImage?: (src: string) => void;
}

/** An HTML block as plain paragraphs (one per block element, `<br>` kept as a line break) and figures. */
export function htmlBlockToBlocks(html: string, options: HtmlBlockOptions): Block[] {
  const out = new TextCollector((image) => {
    const src = safeImageSrc(image.src, options.baseUrl);
    if (src) return figureFromImage({ ...image, src });
    options.onUnsafeImage?.(image.src);
    return undefined;
  });
  collect(options.parser.fragment(html), out);
  out.flush();
  return out.blocks;
}
