/** Small helpers to walk the Article model (plain text, every block in document order). */
import type { Article, Block, Inline } from './schema.js';

/** The plain text of inline runs, as a reader would hear it (line breaks become spaces). */
export function inlineText(inlines: readonly Inline[]): string {
  let out = '';
  for (const run of inlines) {
    switch (run.type) {
      case 'text':
      case 'code':
        out += run.text;
        break;
      case 'break':
        out += ' ';
        break;
      default:
        out += inlineText(run.children);
    }
  }
  return out;
}

/** Every block in document order, depth first (block quotes and list items included). */
export function* walkBlocks(blocks: readonly Block[]): Generator<Block> {
  for (const block of blocks) {
    yield block;
    if (block.type === 'blockquote') yield* walkBlocks(block.children);
    else if (block.type === 'list') for (const item of block.items) yield* walkBlocks(item.children);
  }
}

/** The plain text of one block (not of its nested blocks). */
export function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return inlineText(block.children);
    case 'figure':
      return block.caption ? inlineText(block.caption) : '';
    case 'preformatted':
      return block.text;
    default:
      return '';
  }
}

/** The body text of an article, one block per line. */
export function articleText(article: Pick<Article, 'blocks'>): string {
  const lines: string[] = [];
  for (const block of walkBlocks(article.blocks)) {
    const text = blockText(block).trim();
    if (text) lines.push(text);
  }
  return lines.join('\n');
}
