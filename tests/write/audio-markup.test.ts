/**
 * The read-aloud EPUB's text side, without audio: the letter alignment (a longest common subsequence, checked
 * against dynamic programming on random strings), finding sentences in chapter markup, and wrapping them in
 * spans — inside a quotation, around one, or splitting a quotation a sentence boundary falls in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lcsMatch, sentenceRanges } from '../../src/write/epub-audio/align.js';
import { indexText, readChapter, writeMarkup } from '../../src/write/epub-audio/markup.js';
import { wrapSentences } from '../../src/write/epub-audio/wrap.js';

function lcsLength(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
    }
  }
  return dp[a.length]![b.length]!;
}

describe('lcsMatch', () => {
  it('matches a longest common subsequence, in order', () => {
    const letters = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 });
    fc.assert(
      fc.property(letters, letters, (a, b) => {
        const match = lcsMatch(a, b)!;
        let count = 0;
        let last = -1;
        match.forEach((j, i) => {
          if (j < 0) return;
          expect(b[j]).toBe(a[i]);
          expect(j).toBeGreaterThan(last);
          last = j;
          count++;
        });
        expect(count).toBe(lcsLength(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('gives up beyond the difference limit', () => {
    expect(lcsMatch([...'abcdef'], [...'uvwxyz'], 3)).toBeUndefined();
  });
});

/** Marks sentences in `xhtml` and returns the new markup with the ids placed. */
function mark(xhtml: string, paragraphs: { blockId?: string; sentences: string[] }[]) {
  const tree = readChapter(xhtml)!;
  const index = indexText(tree);
  let n = 0;
  const ranges = sentenceRanges(
    index,
    paragraphs.map((p) => ({
      ...(p.blockId ? { blockId: p.blockId } : {}),
      sentences: p.sentences.map((text) => ({ id: `s${++n}`, text })),
    })),
  );
  const { nodes, placed } = wrapSentences(
    tree,
    [...ranges].map(([id, span]) => ({ id, ...span })),
  );
  return { xhtml: writeMarkup(nodes), placed };
}

const textOf = (xhtml: string) => xhtml.replace(/<[^>]*>/g, '');

/** The text of the span with `id` (spans nest no deeper than the markup below). */
function spanText(xhtml: string, id: string): string {
  const tree = readChapter(xhtml)!;
  let found: string | undefined;
  const visit = (nodes: ReturnType<typeof readChapter> & object) => {
    for (const n of nodes) {
      if (n.type !== 'element') continue;
      if (n.attrs.some(([k, v]) => k === 'id' && v === id)) found = textOf(writeMarkup(n.children));
      else visit(n.children);
    }
  };
  visit(tree);
  if (found === undefined) throw new Error(`no element with id ${id} in ${xhtml}`);
  return found;
}

describe('sentence spans', () => {
  it('wraps narration around a quotation, and splits a quotation a sentence boundary falls in', () => {
    const xhtml =
      '<p id="b1">Lavrov found it <q class="quote" id="q1">“constructive.”</q> <q class="quote" data-speaker="s2">“There are roadblocks. It is not easy to clear them,”</q> Lavrov said.</p>';
    const out = mark(xhtml, [
      {
        blockId: 'b1',
        sentences: [
          'Lavrov found it “constructive.”',
          '“There are roadblocks.',
          'It is not easy to clear them,” Lavrov said.',
        ],
      },
    ]);
    expect([...out.placed]).toEqual(['s1', 's2', 's3']);
    expect(textOf(out.xhtml)).toBe(textOf(xhtml));
    expect(spanText(out.xhtml, 's1')).toBe('Lavrov found it “constructive.”');
    expect(spanText(out.xhtml, 's2')).toBe('“There are roadblocks.');
    expect(spanText(out.xhtml, 's3')).toBe('It is not easy to clear them,” Lavrov said.');
    // The quotation split in two: both halves keep their class and data, only the first could keep an id.
    expect(out.xhtml.match(/<q class="quote" data-speaker="s2">/g)).toHaveLength(2);
    expect(out.xhtml.match(/id="q1"/g)).toHaveLength(1);
    expect(readChapter(out.xhtml)).toBeDefined();
  });

  it('finds lines without a block between the blocks around them, and leaves out what is not there', () => {
    const xhtml =
      '<article><header><p class="rubric">news</p><h1>Clearing the roadblocks</h1><p class="byline">By <span class="author">Pyotr Lokhov</span></p></header><figure id="b1"><img src="a.jpg" alt="Two men"/><figcaption>Lavrov and Blinken in Reykjavik. <span class="credit">TASS</span></figcaption></figure><p id="b2">They met.</p></article>';
    const out = mark(xhtml, [
      { sentences: ['Clearing the roadblocks.'] },
      { sentences: ['By Pyotr Lokhov.'] },
      { blockId: 'b1', sentences: ['Image: Two men.', 'Lavrov and Blinken in Reykjavik.', 'Photo: TASS.'] },
      { blockId: 'b2', sentences: ['They met.'] },
    ]);
    expect(spanText(out.xhtml, 's1')).toBe('Clearing the roadblocks');
    expect(spanText(out.xhtml, 's2')).toBe('By Pyotr Lokhov');
    // "Image: Two men." is spoken from the alt text, which is no text of the chapter.
    expect(out.placed.has('s3')).toBe(false);
    expect(spanText(out.xhtml, 's4')).toBe('Lavrov and Blinken in Reykjavik.');
    expect(out.placed.has('s5')).toBe(false);
    expect(spanText(out.xhtml, 's6')).toBe('They met.');
    expect(textOf(out.xhtml)).toBe(textOf(xhtml));
    // Spans hold phrasing content only: never a heading, a paragraph or a figure.
    expect(out.xhtml).not.toMatch(/<span id="s\d+"><(h1|p|figure|figcaption)/);
  });

  it('keeps a sentence that runs across two paragraphs inside the first one', () => {
    const xhtml = '<blockquote id="b1"><p>One two three</p><p>four five.</p></blockquote>';
    const out = mark(xhtml, [{ blockId: 'b1', sentences: ['One two three four five.'] }]);
    expect(out.xhtml).toContain('<p><span id="s1">One two three</span></p><p>four five.</p>');
  });

  it('writes unchanged markup back as it was read', () => {
    const xhtml =
      '<p id="b1" title="a &#34;b&#34; &#38; c">x &amp; y &lt; z<br/><img src="p.jpg" alt=""/><span></span></p>';
    expect(writeMarkup(readChapter(xhtml)!)).toBe(xhtml);
  });
});
