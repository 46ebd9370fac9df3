import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/model/schema.js';
import { blockText } from '../../src/model/walk.js';
import { dropTrailingFurniture } from '../../src/read/html/trailing.js';

const p = (text: string): Block => ({ id: '', type: 'paragraph', children: [{ type: 'text', text }] });
const h = (text: string): Block => ({
  id: '',
  type: 'heading',
  level: 4,
  children: [{ type: 'text', text }],
});
const texts = (blocks: Block[]) => blocks.map(blockText);

const story = [
  p('The council voted on Tuesday to close the old bridge for repairs.'),
  p('Maria Lopez is a resident who crosses the bridge every day, and she was not pleased by the decision.'),
  p('Work starts in March and will last a year.'),
];

describe('dropTrailingFurniture', () => {
  it('drops a closing author biography and a print-edition note', () => {
    const blocks = [
      ...story,
      p('Ann Marie Keller covers city hall. She joined the paper in 2015 after a decade in radio.'),
      p('A version of this article appears in print on Page A22 of the New York edition.'),
    ];
    expect(texts(dropTrailingFurniture(blocks, ['Ann Marie Keller']))).toEqual(texts(story));
  });

  it('drops an "About the author" heading and everything after it', () => {
    const blocks = [
      ...story,
      h('About the Author'),
      h('Ann Keller'),
      p('Ann Keller is the author of a book.'),
    ];
    expect(texts(dropTrailingFurniture(blocks, ['Ann Keller']))).toEqual(texts(story));
  });

  it('drops an all-caps role line', () => {
    const blocks = [...story, h('JOHN SMITH IS THE NETWORK POLITICAL EDITOR')];
    expect(texts(dropTrailingFurniture(blocks, []))).toEqual(texts(story));
  });

  it('keeps biography-like sentences inside the story and ordinary last paragraphs', () => {
    expect(dropTrailingFurniture(story, ['Someone Else'])).toBe(story);
    const endsWithQuote = [...story, p('“We will be ready,” the mayor said.')];
    expect(dropTrailingFurniture(endsWithQuote, [])).toBe(endsWithQuote);
  });
});
