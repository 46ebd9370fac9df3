/**
 * Readability's article content (a DOM element) → the model's Block[]: paragraphs, headings (levels
 * 2–6), figures, block quotes, lists, preformatted text, separators; tables become paragraphs of their
 * cell text. Loose text in containers becomes paragraphs; images inside paragraphs become figures
 * beside them. Page furniture that Readability let through is left out.
 */
import type { Block, Figure, Inline, ListItem } from '../../model/schema.js';
import { blockText, inlineText } from '../../model/walk.js';
import { normaliseLang } from '../language.js';
import { collapseWhitespace, stripInvisible, tagOf } from './dom.js';
import { buildFigure, CAPTION_ATTR, FIG_ATTR, FIGBOX_ATTR, isCaptionElement, SKIP } from './figures.js';
import { FURNITURE_ATTR, isFurnitureElement, isFurnitureLine } from './furniture.js';
import {
  convertInlines,
  hasText,
  type InlineOptions,
  isHidden,
  NEVER_TEXT,
  normaliseInlines,
} from './inlines.js';

export interface BlockOptions {
  base: string | undefined;
  /** The article's language: paragraphs in another language are wrapped in `lang` spans. */
  articleLang: string;
  /** The article's figures by index (from `placeFigures`); marked images not in it are left out. */
  figures: Map<number, Figure>;
  /** The article title: a leading heading repeating it is dropped. */
  title: string;
}

const HEADING = /^h([1-6])$/;
/** Elements that start a new block when met among phrasing content. */
// biome-ignore format: a word list reads better packed
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'address', 'details', 'summary', 'center',
  'hgroup', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'dl', 'dt', 'dd', 'li', 'pre', 'hr',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'figure', 'figcaption', 'fieldset', 'legend',
]);
const BLOCK_SELECTOR = [...BLOCK_TAGS].join(',');
const TABLE_CELL_JOIN = ' – ';

function primary(lang: string): string {
  return lang.split('-')[0]!.toLowerCase();
}

/** Paragraph-building state of one container: pending inline runs and figures met among them. */
class Flow {
  readonly blocks: Block[] = [];
  private inlines: Inline[] = [];
  private before: Figure[] = [];
  private after: Figure[] = [];

  constructor(
    readonly lang: string,
    private readonly articleLang: string,
  ) {}

  push(...runs: Inline[]): void {
    this.inlines.push(...runs);
  }

  /** A figure met inside running text goes after the paragraph; before any text, it goes first. */
  figure(figure: Figure): void {
    if (hasText(this.inlines)) this.after.push(figure);
    else this.before.push(figure);
  }

  /** Wraps runs in a `lang` span when this flow's language differs from the article's. */
  wrap(runs: Inline[]): Inline[] {
    return primary(this.lang) !== primary(this.articleLang)
      ? [{ type: 'lang', lang: this.lang, children: runs }]
      : runs;
  }

  /** Takes the pending runs (normalised) and figures, leaving the flow empty. */
  take(): { runs: Inline[]; before: Figure[]; after: Figure[] } {
    const taken = { runs: normaliseInlines(this.inlines), before: this.before, after: this.after };
    this.inlines = [];
    this.before = [];
    this.after = [];
    return taken;
  }

  /** Ends the current paragraph. */
  flush(): void {
    const { runs, before, after } = this.take();
    this.blocks.push(...before);
    if (hasText(runs)) this.blocks.push({ id: '', type: 'paragraph', children: this.wrap(runs) });
    this.blocks.push(...after);
  }
}

class Converter {
  private readonly emitted = new Set<number>();
  private readonly totalText: number;

  constructor(
    private readonly opts: BlockOptions,
    root: Element,
  ) {
    this.totalText = (root.textContent ?? '').length;
  }

  private inlineOptions(flow: Flow): InlineOptions {
    return {
      base: this.opts.base,
      articleLang: this.opts.articleLang,
      skip: (el) => this.skip(el),
      onImage: (img) => {
        const figure = this.figureFor(img);
        if (figure) flow.figure(figure);
      },
    };
  }

  /** The figure for an image: the enriched one from before Readability, or one built now. */
  private figureFor(img: Element): Figure | undefined {
    const mark = img.getAttribute(FIG_ATTR);
    if (mark === SKIP) return undefined;
    if (mark !== null) {
      const index = Number(mark);
      if (this.emitted.has(index)) return undefined;
      const figure = this.opts.figures.get(index);
      if (figure) this.emitted.add(index);
      return figure;
    }
    const built = buildFigure(img, { base: this.opts.base, articleLang: this.opts.articleLang });
    return built && !built.furniture ? built.figure : undefined;
  }

  /** Elements that never reach the body: used captions, stray captions, furniture, date-only lines. */
  private skip(el: Element): boolean {
    if (el.hasAttribute(CAPTION_ATTR) || el.hasAttribute(FURNITURE_ATTR)) return true;
    const tag = tagOf(el);
    if (tag === 'figcaption') return true;
    if (tag !== 'figure' && isCaptionElement(el) && (el.textContent ?? '').length < 500) return true;
    if (isFurnitureElement(el) && (el.textContent ?? '').length < this.totalText / 2) return true;
    if (tag !== 'time' && el.getElementsByTagName('time').length) {
      // Date lines ("Feb. 21, 2019") left over from the byline area.
      const times = [...el.getElementsByTagName('time')].map((t) => t.textContent ?? '').join('');
      if (
        collapseWhitespace(times).replace(/\s/g, '') ===
        collapseWhitespace(el.textContent ?? '').replace(/\s/g, '')
      ) {
        return true;
      }
    }
    return false;
  }

  walk(parent: Element, flow: Flow): void {
    for (const node of parent.childNodes) {
      if (node.nodeType === 3) {
        const text = collapseWhitespace(node.nodeValue ?? '');
        if (text) flow.push({ type: 'text', text });
      } else if (node.nodeType === 1) this.element(node as Element, flow);
    }
  }

  /** Walks a block container; in another language, its blocks are built in a flow of their own. */
  private container(el: Element, flow: Flow): void {
    const lang = normaliseLang(el.getAttribute('lang'));
    flow.flush();
    if (lang && lang !== flow.lang) {
      const sub = new Flow(lang, this.opts.articleLang);
      this.walk(el, sub);
      sub.flush();
      flow.blocks.push(...sub.blocks);
    } else {
      this.walk(el, flow);
      flow.flush();
    }
  }

  private subBlocks(el: Element, flow: Flow, skip?: Element): Block[] {
    const sub = new Flow(normaliseLang(el.getAttribute('lang')) ?? flow.lang, this.opts.articleLang);
    for (const node of el.childNodes) {
      if (node === skip) continue;
      if (node.nodeType === 3) {
        const text = collapseWhitespace(node.nodeValue ?? '');
        if (text) sub.push({ type: 'text', text });
      } else if (node.nodeType === 1) this.element(node as Element, sub);
    }
    sub.flush();
    return sub.blocks;
  }

  private element(el: Element, flow: Flow): void {
    const tag = tagOf(el);
    if (NEVER_TEXT.has(tag) || isHidden(el) || this.skip(el)) return;

    if (tag === 'img' || tag === 'picture') {
      const img = tag === 'img' ? el : el.querySelector('img');
      const figure = img ? this.figureFor(img) : undefined;
      if (figure) flow.figure(figure);
      return;
    }
    if (el.hasAttribute(FIGBOX_ATTR) || (tag === 'figure' && el.querySelector(`img[${FIG_ATTR}]`))) {
      // A picture with its caption: the figure was built before Readability; nothing else inside is text.
      flow.flush();
      for (const img of el.querySelectorAll(`img[${FIG_ATTR}]`)) {
        const figure = this.figureFor(img);
        if (figure) flow.figure(figure);
      }
      flow.flush();
      return;
    }
    if (tag === 'br') {
      flow.push({ type: 'break' });
      return;
    }

    const heading = HEADING.exec(tag);
    if (heading) {
      this.inlineBlock(el, flow, (runs) => ({
        id: '',
        type: 'heading',
        level: Math.min(6, Math.max(2, Number(heading[1]))),
        children: runs,
      }));
      return;
    }
    switch (tag) {
      case 'hr':
        flow.flush();
        flow.blocks.push({ id: '', type: 'separator' });
        return;
      case 'pre':
        flow.flush();
        this.preformatted(el, flow);
        return;
      case 'blockquote':
        flow.flush();
        this.blockquote(el, flow);
        return;
      case 'ul':
      case 'ol':
        flow.flush();
        this.list(el, flow);
        return;
      case 'table':
        flow.flush();
        this.table(el, flow);
        return;
      case 'figure': {
        // A figure without a picture: text (a pull quote, a listing) is kept; a caption alone is not.
        const body = [...el.childNodes].filter((n) => n.nodeType !== 1 || !isCaptionElement(n as Element));
        if (el.querySelector('img') || body.some((n) => (n.textContent ?? '').trim()))
          this.container(el, flow);
        return;
      }
    }
    if (BLOCK_TAGS.has(tag)) {
      this.container(el, flow);
      return;
    }
    // Phrasing content; an inline element wrapping blocks is a container.
    if (el.firstElementChild && el.querySelector(BLOCK_SELECTOR)) {
      this.container(el, flow);
      return;
    }
    flow.push(...convertInlines([el], this.inlineOptions(flow), flow.lang));
  }

  /** A heading (or other one-line block) from an element's phrasing content. */
  private inlineBlock(el: Element, flow: Flow, make: (runs: Inline[]) => Block): void {
    flow.flush();
    const sub = new Flow(normaliseLang(el.getAttribute('lang')) ?? flow.lang, this.opts.articleLang);
    this.walk(el, sub);
    const { runs, before, after } = sub.take();
    flow.blocks.push(...sub.blocks, ...before);
    if (hasText(runs)) flow.blocks.push(make(sub.wrap(runs)));
    flow.blocks.push(...after);
  }

  private preformatted(el: Element, flow: Flow): void {
    const text = stripInvisible(el.textContent ?? '')
      .replace(/^\n+/, '')
      .replace(/\s+$/, '');
    if (!text.trim()) return;
    const langClass = `${el.getAttribute('class') ?? ''} ${el.querySelector('code')?.getAttribute('class') ?? ''}`;
    const language = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(langClass)?.[1];
    flow.blocks.push({ id: '', type: 'preformatted', text, ...(language ? { language } : {}) });
  }

  private blockquote(el: Element, flow: Flow): void {
    // "— Name" printed in a footer or cite at the end is the attribution, not quoted text.
    const last = el.lastElementChild;
    let attributionEl: Element | undefined;
    let attribution: string | undefined;
    if (last && (tagOf(last) === 'footer' || tagOf(last) === 'cite')) {
      const text = collapseWhitespace(last.textContent ?? '').trim();
      if (text && text.length <= 200) {
        attributionEl = last;
        attribution = text;
      }
    }
    const children = this.subBlocks(el, flow, attributionEl);
    if (!children.length) return;
    flow.blocks.push({ id: '', type: 'blockquote', ...(attribution ? { attribution } : {}), children });
  }

  private list(el: Element, flow: Flow): void {
    const items: ListItem[] = [];
    for (const child of el.children) {
      if (NEVER_TEXT.has(tagOf(child)) || isHidden(child) || this.skip(child)) continue;
      const children = this.subBlocks(child, flow);
      if (children.length) items.push({ children });
    }
    if (!items.length) return;
    const ordered = tagOf(el) === 'ol';
    const start = ordered ? Number.parseInt(el.getAttribute('start') ?? '', 10) : Number.NaN;
    flow.blocks.push({
      id: '',
      type: 'list',
      ordered,
      ...(Number.isInteger(start) && start !== 1 ? { start } : {}),
      items,
    });
  }

  /** Data tables: one paragraph per row, cells joined; layout tables (cells holding blocks): their content. */
  private table(el: Element, flow: Flow): void {
    const caption = el.querySelector(':scope > caption');
    if (caption) this.inlineBlock(caption, flow, (runs) => ({ id: '', type: 'paragraph', children: runs }));
    for (const row of el.querySelectorAll('tr')) {
      if (row.closest('table') !== el) continue;
      const cells = [...row.children].filter((c) => tagOf(c) === 'td' || tagOf(c) === 'th');
      if (cells.some((c) => c.querySelector(BLOCK_SELECTOR))) {
        for (const cell of cells) this.container(cell, flow);
        continue;
      }
      const runs: Inline[] = [];
      for (const cell of cells) {
        if (isHidden(cell)) continue;
        const sub = new Flow(flow.lang, this.opts.articleLang);
        this.walk(cell, sub);
        const taken = sub.take();
        flow.blocks.push(...taken.before, ...taken.after);
        if (!hasText(taken.runs)) continue;
        if (runs.length) runs.push({ type: 'text', text: TABLE_CELL_JOIN });
        runs.push(
          ...(tagOf(cell) === 'th' ? [{ type: 'strong' as const, children: taken.runs }] : taken.runs),
        );
      }
      if (hasText(runs)) flow.blocks.push({ id: '', type: 'paragraph', children: flow.wrap(runs) });
    }
  }
}

function normTitle(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * A paragraph that is one short bold line with no sentence punctuation is a section heading set in bold
 * ("<p><strong>Back on the schooner</strong></p>"): its text, or undefined.
 */
function boldHeading(block: Block): Inline[] | undefined {
  if (block.type !== 'paragraph') return undefined;
  const runs =
    block.children.length === 1 && block.children[0]!.type === 'lang'
      ? block.children[0]!.children
      : block.children;
  if (runs.length !== 1 || runs[0]!.type !== 'strong') return undefined;
  const text = inlineText(runs).trim();
  if (!text || text.length > 80 || text.split(/\s+/).length > 10) return undefined;
  if (/[.!?:;,…]$/.test(text) || /^["“„«'‘‹]/.test(text) || !/\p{L}/u.test(text)) return undefined;
  return block.children.length === 1 && block.children[0]!.type === 'lang'
    ? [{ ...block.children[0]!, children: runs[0]!.children }]
    : runs[0]!.children;
}

/** "Read also:", "Lire aussi :", "Lesen Sie auch:", "Читайте также:"… introducing a link to another article. */
const CROSS_REFERENCE =
  /^(?:read (?:also|more)|see also|also read|related|more on this|lire aussi|à lire aussi|lire|voir aussi|lesen sie (?:auch|mehr)|mehr zum thema|siehe auch|lee también|lea también|leer más|leggi anche|vedi anche|leia também|veja também|читайте также|смотрите также|читайте|по теме)\s*[:：]/i;

/** Text outside links (links themselves count as one character each). */
function textOutsideLinks(runs: readonly Inline[]): { text: string; links: number } {
  let text = '';
  let links = 0;
  for (const run of runs) {
    if (run.type === 'link') links++;
    else if (run.type === 'text' || run.type === 'code') text += run.text;
    else if (run.type !== 'break') {
      const inner = textOutsideLinks(run.children);
      text += inner.text;
      links += inner.links;
    }
  }
  return { text, links };
}

/** A paragraph that only points to another article ("Lire aussi : <link>"). */
function isCrossReference(block: Block): boolean {
  if (block.type !== 'paragraph') return false;
  const { text, links } = textOutsideLinks(block.children);
  return (
    links > 0 &&
    CROSS_REFERENCE.test(text.trim()) &&
    !/[\p{L}\p{N}]/u.test(text.trim().replace(CROSS_REFERENCE, ''))
  );
}

/** Drops furniture lines, cross-references, empty containers and stray separators, recursively. */
function tidy(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    if ((block.type === 'paragraph' || block.type === 'heading') && isFurnitureLine(blockText(block)))
      continue;
    if (isCrossReference(block)) continue;
    if (block.type === 'blockquote') {
      block.children = tidy(block.children);
      if (!block.children.length) continue;
    }
    if (block.type === 'list') {
      for (const item of block.items) item.children = tidy(item.children);
      block.items = block.items.filter((item) => item.children.length);
      if (!block.items.length) continue;
    }
    if (block.type === 'separator' && (!out.length || out[out.length - 1]!.type === 'separator')) continue;
    out.push(block);
  }
  while (out[out.length - 1]?.type === 'separator') out.pop();
  return out;
}

/** Converts Readability's content element to blocks. */
export function contentToBlocks(root: Element, opts: BlockOptions): Block[] {
  const converter = new Converter(opts, root);
  const flow = new Flow(opts.articleLang, opts.articleLang);
  converter.walk(root, flow);
  flow.flush();
  const blocks = tidy(flow.blocks);
  const levels = blocks.filter((b) => b.type === 'heading').map((b) => (b.type === 'heading' ? b.level : 6));
  const level = levels.length ? Math.min(...levels) : 2;
  blocks.forEach((block, i) => {
    const children = boldHeading(block);
    if (children) blocks[i] = { id: '', type: 'heading', level, children };
  });
  // A leading heading (or paragraph) repeating the title.
  const first = blocks.findIndex((b) => b.type !== 'figure');
  const lead = blocks[first];
  if (
    lead &&
    (lead.type === 'heading' || lead.type === 'paragraph') &&
    normTitle(inlineText(lead.children)) === normTitle(opts.title)
  ) {
    blocks.splice(first, 1);
  }
  return blocks;
}
