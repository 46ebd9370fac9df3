/**
 * Heading levels without gaps. Articles often jump from the title (h1) straight to h3 or h4 because the
 * site styled them so; in a book that breaks the outline screen readers navigate by (axe `heading-order`).
 * Levels are renumbered so that each heading is at most one level below the one it follows, keeping how
 * headings nest relative to each other.
 */
import type { Article, Block } from '../../model/schema.js';

export function closeHeadingGaps(article: Article): Article {
  // Headings seen so far that can still be parents: their level in the article and in the book.
  const open: { from: number; to: number }[] = [];
  let changed = false;
  const visit = (blocks: readonly Block[]): Block[] =>
    blocks.map((block) => {
      switch (block.type) {
        case 'heading': {
          while (open.length && open[open.length - 1]!.from >= block.level) open.pop();
          const level = open.length ? open[open.length - 1]!.to + 1 : 2;
          open.push({ from: block.level, to: level });
          if (level === block.level) return block;
          changed = true;
          return { ...block, level };
        }
        case 'blockquote':
          return { ...block, children: visit(block.children) };
        case 'list':
          return { ...block, items: block.items.map((item) => ({ children: visit(item.children) })) };
        default:
          return block;
      }
    });
  const blocks = visit(article.blocks);
  return changed ? { ...article, blocks } : article;
}
