/**
 * Caches keyed by input stay bounded: articles in hundreds of distinct language tags (each a valid BCP 47
 * shape, as an article or an inline span may declare) go through the writers that cache per language, and
 * no cache holds more than its bound — while the busiest are full, so the bound was reached, not avoided.
 */
import { describe, expect, it } from 'vitest';
import { boundedCaches } from '../src/bounded-cache.js';
import { finalizeArticle } from '../src/read/finalize.js';
import { writeHtml } from '../src/write/html/index.js';
import { hyphenateText } from '../src/write/pdf/hyphenate.js';
import { writeSsml } from '../src/write/ssml/index.js';
import { testCtx } from './helpers/ctx.js';

const TAGS = 300;
const letters = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((seed * 7 + i * 13 + seed * i) % 26))).join(
    '',
  );

/** Distinct tags: English and French with invented regions and variants, and invented languages. */
function tag(i: number): string {
  if (i % 3 === 0) return `en-${letters(4, i)}-${String(100 + i)}`;
  if (i % 3 === 1) return `fr-${letters(2, i).toUpperCase()}-x${i}`;
  return `${letters(3, i)}-${letters(4, i + 1)}`;
}

describe('caches keyed by language tags', () => {
  it(`hold no more than their bound after ${TAGS} distinct tags`, async () => {
    for (let i = 0; i < TAGS; i++) {
      const lang = tag(i);
      const article = finalizeArticle({
        lang,
        title: `Report ${i}`,
        authors: [],
        translators: [],
        publishedAt: '2024-05-01',
        blocks: [
          {
            id: '',
            type: 'paragraph',
            children: [
              {
                type: 'text',
                text: 'Mr. Smith said on 5 May 2024 at 10:30 that the U.S. plan works. It does, he said.',
              },
            ],
          },
        ],
      });
      await writeSsml(article, {}, testCtx());
      await writeHtml(article, {}, testCtx());
      hyphenateText('Representatives demonstrated extraordinary determination.', lang);
    }
    const caches = new Map(boundedCaches().map((c) => [c.name, c]));
    for (const name of [
      'ssml:sentence-segmenters',
      'ssml:annotation-patterns',
      'ssml:region-tags',
      'html:date-formats',
      'pdf:hyphenators',
    ]) {
      const cache = caches.get(name);
      expect(cache, `${name} is registered`).toBeDefined();
      expect(cache!.size, name).toBeLessThanOrEqual(cache!.max);
    }
    // More distinct tags than these bounds went through them: they are full, not grown.
    for (const name of ['ssml:sentence-segmenters', 'ssml:annotation-patterns', 'html:date-formats']) {
      expect(caches.get(name)!.size, name).toBe(caches.get(name)!.max);
    }
    for (const cache of caches.values()) expect(cache.size, cache.name).toBeLessThanOrEqual(cache.max);
  }, 120_000);
});
