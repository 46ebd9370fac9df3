/** mdast phrasing content → model inlines; images are lifted out into figures that follow the block. */
import type { PhrasingContent } from 'mdast';
import type { Figure, Inline } from '../../model/schema.js';
import { inlineText } from '../../model/walk.js';
import type { MarkdownEnv } from './env.js';
import { figureFromImage } from './figure.js';
import { classifyTag, hiddenElementOpened, imageFromTag } from './raw-html.js';
import { safeImageSrc, safeLinkHref } from './urls.js';

export interface PhrasingResult {
  inlines: Inline[];
  /** Images met in the text, as figures to place after the block. */
  figures: Figure[];
}

interface State {
  figures: Figure[];
  /** Set while inside an inline `<script>`/`<style>`…: everything up to its closing tag is dropped. */
  hidden: string | undefined;
}

function describeUrl(url: string): string {
  return url.length > 60 ? `${url.slice(0, 57)}…` : url;
}

/**
 * Joins adjacent text runs, drops empty ones, and collapses runs of spaces and line endings to one space (as
 * Markdown renders them; dropped HTML tags would otherwise leave double spaces). No-break spaces are kept.
 */
function mergeText(runs: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    if (run.type === 'text' && !run.text) continue;
    if (run.type === 'text' && last?.type === 'text')
      out[out.length - 1] = { type: 'text', text: last.text + run.text };
    else out.push(run);
  }
  return out.map((run) =>
    run.type === 'text' ? { type: 'text', text: run.text.replace(/[ \t\r\n]+/g, ' ') } : run,
  );
}

/** Merges text runs and trims the whitespace and line breaks at both ends of a block's inlines. */
export function tidyInlines(runs: Inline[]): Inline[] {
  const out = mergeText(runs);
  while (out[0]?.type === 'break') out.shift();
  while (out[out.length - 1]?.type === 'break') out.pop();
  const first = out[0];
  if (first?.type === 'text') out[0] = { type: 'text', text: first.text.trimStart() };
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text.trimEnd() };
  return mergeText(out);
}

/** True when the inlines hold something to read (not only whitespace and line breaks). */
export function hasText(inlines: Inline[]): boolean {
  return inlineText(inlines).trim() !== '';
}

function addFigure(
  url: string,
  alt: string | null | undefined,
  title: string | null | undefined,
  env: MarkdownEnv,
  state: State,
): void {
  const src = safeImageSrc(url, env.baseUrl);
  if (src) state.figures.push(figureFromImage({ src, alt, title }));
  else
    env.report.warn(
      'read:markdown:unsafe-image',
      `Dropped an image with an unsupported source: ${describeUrl(url)}`,
    );
}

function addLink(
  url: string,
  title: string | null | undefined,
  children: Inline[],
  env: MarkdownEnv,
  out: Inline[],
): void {
  const href = safeLinkHref(url, env.baseUrl);
  if (!href) {
    if (url.trim())
      env.report.warn(
        'read:markdown:unsafe-link',
        `Kept the text of a link to an unsupported address: ${describeUrl(url)}`,
      );
    out.push(...children);
    return;
  }
  // A link around nothing but an image: the image became a figure, the link has nothing left to carry.
  if (!children.length) return;
  out.push({ type: 'link', href, ...(title ? { title } : {}), children });
}

function convertInlineHtml(value: string, env: MarkdownEnv, state: State, out: Inline[]): void {
  const tag = classifyTag(value);
  if (state.hidden) {
    if (tag.kind === 'close' && tag.name === state.hidden) state.hidden = undefined;
    return;
  }
  if (tag.kind !== 'open') return;
  state.hidden = hiddenElementOpened(tag);
  if (tag.name === 'br') out.push({ type: 'break' });
  else if (tag.name === 'img' && env.html) {
    const image = imageFromTag(value, env.html);
    if (image) {
      const src = safeImageSrc(image.src, env.baseUrl);
      if (src) state.figures.push(figureFromImage({ ...image, src }));
      else
        env.report.warn(
          'read:markdown:unsafe-image',
          `Dropped an image with an unsupported source: ${describeUrl(image.src)}`,
        );
    }
  }
}

function convertNode(node: PhrasingContent, env: MarkdownEnv, state: State, out: Inline[]): void {
  if (node.type === 'html') {
    convertInlineHtml(node.value, env, state, out);
    return;
  }
  if (state.hidden) return;
  switch (node.type) {
    case 'text':
      // A soft line break inside a paragraph reads as a space (mergeText collapses it).
      out.push({ type: 'text', text: node.value });
      return;
    case 'emphasis':
    case 'strong': {
      const children = convertList(node.children, env, state);
      if (children.length) out.push({ type: node.type, children });
      return;
    }
    case 'delete':
      out.push(...convertList(node.children, env, state));
      return;
    case 'inlineCode':
      out.push({ type: 'code', text: node.value });
      return;
    case 'break':
      out.push({ type: 'break' });
      return;
    case 'link':
      addLink(node.url, node.title, convertList(node.children, env, state), env, out);
      return;
    case 'linkReference': {
      const children = convertList(node.children, env, state);
      const definition = env.definitions.get(node.identifier);
      if (definition) addLink(definition.url, definition.title, children, env, out);
      else out.push(...children);
      return;
    }
    case 'image':
      addFigure(node.url, node.alt, node.title, env, state);
      return;
    case 'imageReference': {
      const definition = env.definitions.get(node.identifier);
      if (definition) addFigure(definition.url, node.alt, definition.title, env, state);
      return;
    }
    case 'footnoteReference':
      // Footnotes are appended at the end of the article; the marker itself is not read.
      return;
  }
}

function convertList(nodes: readonly PhrasingContent[], env: MarkdownEnv, state: State): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) convertNode(node, env, state, out);
  return mergeText(out);
}

/** Converts the phrasing content of one block (paragraph, heading, table cell). */
export function convertPhrasing(nodes: readonly PhrasingContent[], env: MarkdownEnv): PhrasingResult {
  const state: State = { figures: [], hidden: undefined };
  const inlines = tidyInlines(convertList(nodes, env, state));
  return { inlines, figures: state.figures };
}
