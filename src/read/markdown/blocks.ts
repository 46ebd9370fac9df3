/** mdast block content → model blocks. */
import type { RootContent, Table } from 'mdast';
import type { Block, Inline } from '../../model/schema.js';
import type { MarkdownEnv } from './env.js';
import { convertPhrasing, hasText, tidyInlines } from './inlines.js';
import { htmlBlockToBlocks } from './raw-html.js';

/** Level 1 is the article title; a level-1 heading elsewhere becomes level 2. */
export function headingLevel(depth: number): number {
  return Math.min(6, Math.max(2, depth));
}

/**
 * The model has no tables (they read badly aloud and reflow badly in print): each row becomes one paragraph,
 * its non-empty cells joined by " — ", the header row included.
 */
function tableToBlocks(table: Table, env: MarkdownEnv): Block[] {
  const out: Block[] = [];
  for (const row of table.children) {
    const cells = row.children.map((cell) => convertPhrasing(cell.children, env));
    const runs: Inline[] = [];
    for (const cell of cells.filter((c) => hasText(c.inlines))) {
      if (runs.length) runs.push({ type: 'text', text: ' — ' });
      runs.push(...cell.inlines);
    }
    const children = tidyInlines(runs);
    if (hasText(children)) out.push({ id: '', type: 'paragraph', children });
    for (const cell of cells) out.push(...cell.figures);
  }
  return out;
}

function convertBlock(node: RootContent, env: MarkdownEnv, out: Block[]): void {
  switch (node.type) {
    case 'paragraph': {
      const { inlines, figures } = convertPhrasing(node.children, env);
      if (hasText(inlines)) out.push({ id: '', type: 'paragraph', children: inlines });
      out.push(...figures);
      return;
    }
    case 'heading': {
      const { inlines, figures } = convertPhrasing(node.children, env);
      if (hasText(inlines))
        out.push({ id: '', type: 'heading', level: headingLevel(node.depth), children: inlines });
      out.push(...figures);
      return;
    }
    case 'blockquote': {
      const children = convertBlocks(node.children, env);
      if (children.length) out.push({ id: '', type: 'blockquote', children });
      return;
    }
    case 'list':
      // GFM task items keep their text; the checkbox state is not carried.
      out.push({
        id: '',
        type: 'list',
        ordered: node.ordered === true,
        ...(node.ordered && typeof node.start === 'number' ? { start: node.start } : {}),
        items: node.children.map((item) => ({ children: convertBlocks(item.children, env) })),
      });
      return;
    case 'code':
      out.push({
        id: '',
        type: 'preformatted',
        text: node.value,
        ...(node.lang ? { language: node.lang } : {}),
      });
      return;
    case 'thematicBreak':
      out.push({ id: '', type: 'separator' });
      return;
    case 'table':
      out.push(...tableToBlocks(node, env));
      return;
    case 'html':
      if (env.html) {
        out.push(
          ...htmlBlockToBlocks(node.value, {
            parser: env.html,
            baseUrl: env.baseUrl,
            onUnsafeImage: () =>
              env.report.warn(
                'read:markdown:unsafe-image',
                'Dropped an HTML image with an unsupported source.',
              ),
          }),
        );
      }
      return;
    case 'footnoteDefinition':
      env.footnotes.push(node);
      return;
    default:
      // definitions (used through references), front matter (read separately).
      return;
  }
}

export function convertBlocks(nodes: readonly RootContent[], env: MarkdownEnv): Block[] {
  const out: Block[] = [];
  for (const node of nodes) convertBlock(node, env, out);
  return out;
}

/** GFM footnotes, appended after a separator (their markers in the text are not read). */
export function footnoteBlocks(env: MarkdownEnv): Block[] {
  const notes: Block[] = [];
  // Footnote definitions can themselves contain definitions; convert until none are left.
  while (env.footnotes.length) {
    const definition = env.footnotes.shift()!;
    notes.push(...convertBlocks(definition.children, env));
  }
  return notes.length ? [{ id: '', type: 'separator' }, ...notes] : [];
}
