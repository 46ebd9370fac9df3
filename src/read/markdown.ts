/**
 * The Markdown reader: CommonMark + GFM (tables, strikethrough, autolinks, footnotes, task lists) with YAML front
 * matter. Raw HTML never passes through (tags dropped, text kept, script/style content dropped).
 */
import type { Definition, Heading, Nodes, Root, RootContent } from 'mdast';
import { InputError } from '../errors.js';
import type { Block } from '../model/schema.js';
import { articleText, inlineText } from '../model/walk.js';
import type { Report } from '../report.js';
import { type ArticleDraft, finalizeArticle } from './finalize.js';
import { convertBlocks, footnoteBlocks, headingLevel } from './markdown/blocks.js';
import type { MarkdownEnv } from './markdown/env.js';
import { readFrontMatter } from './markdown/front-matter.js';
import { convertPhrasing, hasText } from './markdown/inlines.js';
import { parseMarkdown } from './markdown/parse.js';
import { loadHtmlParser } from './markdown/raw-html.js';
import type { Reader } from './types.js';

const MAX_FALLBACK_TITLE = 120;

function collect(node: Nodes, found: { html: boolean; definitions: Map<string, Definition> }): void {
  if (node.type === 'html') found.html = true;
  // The first definition of an identifier wins (CommonMark).
  if (node.type === 'definition' && !found.definitions.has(node.identifier))
    found.definitions.set(node.identifier, node);
  if ('children' in node) for (const child of node.children) collect(child, found);
}

function normalised(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The body, with the title taken from the first level-1 heading when the front matter has none. A level-1
 * heading repeating the front matter title is dropped; any other becomes level 2.
 */
function bodyAndTitle(
  nodes: RootContent[],
  frontTitle: string | undefined,
  env: MarkdownEnv,
): { title?: string; blocks: Block[] } {
  const index = nodes.findIndex((n): n is Heading => n.type === 'heading' && n.depth === 1);
  if (index < 0) return { ...(frontTitle ? { title: frontTitle } : {}), blocks: convertBlocks(nodes, env) };
  const heading = nodes[index] as Heading;
  const before = convertBlocks(nodes.slice(0, index), env);
  const { inlines, figures } = convertPhrasing(heading.children, env);
  const headingTitle = inlineText(inlines).replace(/\s+/g, ' ').trim();
  const after = convertBlocks(nodes.slice(index + 1), env);
  let title = frontTitle;
  const middle: Block[] = [];
  if (headingTitle && (!frontTitle || normalised(frontTitle) === normalised(headingTitle)))
    title ??= headingTitle;
  else if (hasText(inlines))
    middle.push({ id: '', type: 'heading', level: headingLevel(1), children: inlines });
  return { ...(title ? { title } : {}), blocks: [...before, ...middle, ...figures, ...after] };
}

/** The first line of the body text, shortened at a word boundary; used when nothing declares a title. */
function fallbackTitle(blocks: Block[], report: Report): string {
  const first = articleText({ blocks }).split('\n')[0]?.trim() ?? '';
  if (!first) throw new InputError('input/no-article-text', 'No article text found in the Markdown input.');
  let title = first;
  if (title.length > MAX_FALLBACK_TITLE) {
    const cut = title.slice(0, MAX_FALLBACK_TITLE);
    title = `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
  }
  report.warn(
    'read:markdown:no-title',
    `No title in the front matter and no level-1 heading; the first line of text was used: "${title}".`,
  );
  return title;
}

async function read(root: Root, baseUrl: string | undefined, report: Report) {
  const found = { html: false, definitions: new Map<string, Definition>() };
  collect(root, found);
  const frontNode = root.children[0]?.type === 'yaml' ? root.children[0] : undefined;
  const meta = frontNode ? readFrontMatter(frontNode, report) : {};
  const env: MarkdownEnv = {
    definitions: found.definitions,
    html: found.html ? await loadHtmlParser() : undefined,
    baseUrl,
    report,
    footnotes: [],
  };
  const body = root.children.filter((n) => n.type !== 'yaml');
  const { title, blocks } = bodyAndTitle(body, meta.title, env);
  blocks.push(...footnoteBlocks(env));
  const draft: ArticleDraft = {
    ...meta,
    title: title ?? fallbackTitle(blocks, report),
    authors: meta.authors ?? [],
    translators: meta.translators ?? [],
    blocks,
  };
  return finalizeArticle(draft);
}

/**
 * List items indented this far (a list nested 30 or more levels deep) are beyond any real article; the
 * Markdown parser's time grows with the square of such a staircase (300 lines: 4.6 s), so more than a few
 * of them are refused before parsing.
 */
const DEEP_LIST_ITEM = /^[ \t]{64,}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/gm;
const MAX_DEEP_LIST_ITEMS = 8;

export const readMarkdown: Reader = async (input, ctx) => {
  const text = input.text.replace(/^\uFEFF/, '');
  const deep = text.match(DEEP_LIST_ITEM)?.length ?? 0;
  if (deep > MAX_DEEP_LIST_ITEMS) {
    throw new InputError(
      'input/too-deep',
      `The Markdown input nests lists too deeply to read (${deep} list items indented 64 columns or more).`,
    );
  }
  try {
    return await read(parseMarkdown(text), input.baseUrl, ctx.report);
  } catch (error) {
    // Thousands of nested block quotes or lists exhaust the stack: refuse the input rather than crash.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new InputError('input/too-deep', 'The Markdown input is nested too deeply to read.');
    }
    throw error;
  }
};
