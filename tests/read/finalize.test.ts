/** finalizeArticle's guards against hostile structure, whatever reader made the draft (JSON input included). */
import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/model/schema.js';
import { articleText } from '../../src/model/walk.js';
import { finalizeArticle, MAX_INLINE_NESTING } from '../../src/read/finalize.js';

const depthOf = (inlines: Inline[], depth: number): number =>
  Math.max(depth, ...inlines.map((i) => ('children' in i ? depthOf(i.children, depth + 1) : depth)));

describe('finalizeArticle', () => {
  it('unwraps inline elements nested deeper than MAX_INLINE_NESTING, keeping the text and the shallow ones', () => {
    let inline: Inline = { type: 'text', text: 'A sentence in bold.' };
    for (let i = 0; i < 138; i++) inline = { type: i % 2 ? 'strong' : 'emphasis', children: [inline] };
    const article = finalizeArticle({
      title: 'Bold',
      authors: [],
      translators: [],
      lang: 'en',
      blocks: [{ id: '', type: 'paragraph', children: [inline] }],
    });
    const paragraph = article.blocks[0]!;
    const children = paragraph.type === 'paragraph' ? paragraph.children : [];
    expect(depthOf(children, 0)).toBe(MAX_INLINE_NESTING);
    expect(children[0]?.type).toBe('strong');
    expect(articleText(article)).toContain('A sentence in bold.');
  });
});
