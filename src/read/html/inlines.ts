/**
 * DOM phrasing content → the model's Inline[]: emphasis, strong, links (absolute http/https/mailto only),
 * abbr, code, line breaks, `lang` spans and `<q>` (as text in the language's quotation marks).
 * Whitespace is collapsed the way a browser renders it; markup never reaches the text.
 */

import { defaultQuoteMarks } from '../../model/quote-marks.js';
import type { Inline } from '../../model/schema.js';
import { normaliseLang } from '../language.js';
import { collapseWhitespace, hintTokens, resolveUrl, tagOf } from './dom.js';

export interface InlineOptions {
  /** Base URL for links. */
  base: string | undefined;
  /** The article's language (BCP 47); elements in another language become `lang` spans. */
  articleLang: string | undefined;
  /** Extra elements to leave out (credit lines inside captions, page furniture…). */
  skip?: (el: Element) => boolean;
  /** Called for images met inside phrasing content (the caller places them as figures). */
  onImage?: (img: Element) => void;
  /** Turn block elements inside phrasing content into spaces (captions made of paragraphs). */
  flattenBlocks?: boolean;
}

/** Elements whose content never reaches the text. */
// biome-ignore format: a word list reads better packed
export const NEVER_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'video', 'audio',
  'source', 'track', 'canvas', 'svg', 'math', 'form', 'button', 'input', 'select', 'textarea', 'option',
  'label', 'nav', 'aside', 'head', 'link', 'meta', 'title', 'rt', 'rp', 'dialog', 'map', 'area', 'param',
  'datalist',
]);

const EMPHASIS = new Set(['em', 'i', 'cite', 'dfn', 'var']);
const STRONG = new Set(['strong', 'b']);
const CODE = new Set(['code', 'kbd', 'samp', 'tt']);
// biome-ignore format: a word list reads better packed
const BLOCKISH = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'figure', 'figcaption', 'blockquote', 'ul',
  'ol', 'li', 'dl', 'dt', 'dd', 'table', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'address',
  'hr',
]);

/** The opening and closing quotation marks for a language at a nesting depth (0 = outer). */
export function quoteMarks(lang: string | undefined, depth: number): [string, string] {
  const [open, close] = defaultQuoteMarks(lang ?? 'en', depth);
  return [open, close];
}

function primaryOf(lang: string | undefined): string | undefined {
  return lang?.split('-')[0]?.toLowerCase();
}

/** True for elements hidden from every reader (the `hidden` attribute, aria-hidden, inline display:none). */
export function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return !!style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Links worth keeping: absolute http(s) or mailto; javascript:, data: and unresolvable links keep only their text. */
export function linkTarget(href: string | null, base: string | undefined): string | undefined {
  const raw = href?.trim();
  if (!raw || /^(?:javascript|data|vbscript|about|blob|file):/i.test(raw)) return undefined;
  if (/^mailto:/i.test(raw)) return /^mailto:[^\s]+@[^\s]+/i.test(raw) ? raw : undefined;
  const url = resolveUrl(raw, base);
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

interface State {
  lang: string | undefined;
  quoteDepth: number;
}

function convertNode(node: Node, opts: InlineOptions, state: State, out: Inline[]): void {
  if (node.nodeType === 3 /* text */) {
    const text = collapseWhitespace(node.nodeValue ?? '');
    if (text) out.push({ type: 'text', text });
    return;
  }
  if (node.nodeType !== 1 /* element */) return;
  const el = node as Element;
  const tag = tagOf(el);
  if (NEVER_TEXT.has(tag) || isHidden(el) || opts.skip?.(el)) return;
  if (tag === 'img' || tag === 'picture') {
    const img = tag === 'img' ? el : el.querySelector('img');
    if (img) opts.onImage?.(img);
    return;
  }
  if (tag === 'br') {
    out.push({ type: 'break' });
    return;
  }
  if (tag === 'wbr') return;
  if (CODE.has(tag)) {
    const text = collapseWhitespace(el.textContent ?? '');
    if (text.trim()) out.push({ type: 'code', text });
    return;
  }

  const declared = normaliseLang(el.getAttribute('lang'));
  const childState: State = declared ? { ...state, lang: declared } : state;
  const children = (s: State = childState): Inline[] => {
    const list: Inline[] = [];
    for (const child of el.childNodes) convertNode(child, opts, s, list);
    return list;
  };

  let result: Inline[];
  if (EMPHASIS.has(tag)) result = [{ type: 'emphasis', children: children() }];
  else if (STRONG.has(tag)) result = [{ type: 'strong', children: children() }];
  else if (tag === 'a') {
    const href = linkTarget(el.getAttribute('href'), opts.base);
    const title = collapseWhitespace(el.getAttribute('title') ?? '').trim();
    result = href ? [{ type: 'link', href, ...(title ? { title } : {}), children: children() }] : children();
  } else if (tag === 'abbr' || tag === 'acronym') {
    const title = collapseWhitespace(el.getAttribute('title') ?? '').trim();
    result = [{ type: 'abbr', ...(title ? { title } : {}), children: children() }];
  } else if (tag === 'q') {
    const [open, close] = quoteMarks(childState.lang ?? opts.articleLang, state.quoteDepth);
    const inner = children({ ...childState, quoteDepth: state.quoteDepth + 1 });
    result = [{ type: 'text', text: open }, ...inner, { type: 'text', text: close }];
  } else if (opts.flattenBlocks && BLOCKISH.has(tag)) {
    result = [{ type: 'text', text: ' ' }, ...children(), { type: 'text', text: ' ' }];
  } else {
    result = children();
  }

  if (declared && primaryOf(declared) !== primaryOf(state.lang ?? opts.articleLang)) {
    out.push({ type: 'lang', lang: declared, children: result });
  } else {
    out.push(...result);
  }
}

/** Converts DOM nodes to inline runs (not yet whitespace-normalised: see `normaliseInlines`). */
export function convertInlines(nodes: Iterable<Node>, opts: InlineOptions, lang?: string): Inline[] {
  const out: Inline[] = [];
  const state: State = { lang: lang ?? opts.articleLang, quoteDepth: 0 };
  for (const node of nodes) convertNode(node, opts, state, out);
  return out;
}

/** Text runs in document order, depth first (for whitespace fixing). */
function* textRuns(inlines: Inline[]): Generator<Inline> {
  for (const run of inlines) {
    if (run.type === 'text' || run.type === 'code' || run.type === 'break') yield run;
    else yield* textRuns(run.children);
  }
}

function prune(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const run of inlines) {
    if (run.type === 'text' || run.type === 'code') {
      if (!run.text) continue;
      const prev = out[out.length - 1];
      if (run.type === 'text' && prev?.type === 'text') prev.text += run.text;
      else out.push(run);
    } else if (run.type === 'break') out.push(run);
    else {
      run.children = prune(run.children);
      if (run.children.length) out.push(run);
    }
  }
  return out;
}

/**
 * Browser-like whitespace: one space between words across element boundaries, none at the start or
 * end of the block or around line breaks; empty elements and leading/trailing breaks are dropped.
 * Mutates and returns the runs.
 */
export function normaliseInlines(inlines: Inline[]): Inline[] {
  const runs = [...textRuns(inlines)];
  let spaceBefore = true; // at block start, a leading space is dropped
  for (const run of runs) {
    if (run.type === 'break') {
      spaceBefore = true;
      continue;
    }
    if (run.type !== 'text' && run.type !== 'code') continue;
    if (run.type === 'code') {
      if (spaceBefore) run.text = run.text.replace(/^ +/, '');
      if (run.text) spaceBefore = run.text.endsWith(' ');
      continue;
    }
    let text = run.text.replace(/ {2,}/g, ' ');
    if (spaceBefore) text = text.replace(/^ /, '');
    run.text = text;
    if (text) spaceBefore = text.endsWith(' ');
  }
  // Trailing spaces before a break or the end of the block.
  let spaceAfter = true;
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!;
    if (run.type === 'break') {
      spaceAfter = true;
      continue;
    }
    if (run.type !== 'text' && run.type !== 'code') continue;
    if (spaceAfter) run.text = run.text.replace(/ +$/, '');
    if (run.text) spaceAfter = false;
  }
  let out = prune(inlines);
  while (out[0]?.type === 'break') out = out.slice(1);
  while (out[out.length - 1]?.type === 'break') out = out.slice(0, -1);
  return out;
}

/** True when the runs hold visible text (not only breaks and spaces). */
export function hasText(inlines: readonly Inline[]): boolean {
  for (const run of inlines) {
    if (run.type === 'text' || run.type === 'code') {
      if (run.text.trim()) return true;
    } else if (run.type !== 'break' && hasText(run.children)) return true;
  }
  return false;
}

/** Class words of accessible-only labels ("Credit", "Image", "Media caption") that captions should not repeat. */
export function isScreenReaderOnly(el: Element): boolean {
  const tokens = hintTokens(el);
  if (!tokens.length) return false;
  const has = (t: string) => tokens.includes(t);
  return (
    has('offscreen') ||
    (has('off') && has('screen')) ||
    (has('visually') && has('hidden')) ||
    (has('sr') && has('only')) ||
    (has('screen') && has('reader'))
  );
}

/**
 * Removes the last `count` characters of text from inline runs (to cut a credit line off a caption);
 * returns the runs, normalised.
 */
export function dropTrailingText(inlines: Inline[], count: number): Inline[] {
  let remaining = count;
  const cut = (runs: Inline[]): void => {
    for (let i = runs.length - 1; i >= 0 && remaining > 0; i--) {
      const run = runs[i]!;
      if (run.type === 'text' || run.type === 'code') {
        const take = Math.min(remaining, run.text.length);
        run.text = run.text.slice(0, run.text.length - take);
        remaining -= take;
      } else if (run.type === 'break') {
        runs.splice(i, 1);
        remaining -= 1;
      } else cut(run.children);
    }
  };
  cut(inlines);
  return normaliseInlines(inlines);
}
