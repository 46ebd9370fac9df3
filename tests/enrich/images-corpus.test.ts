/**
 * The whole corpus (the original article and the ten pages): every figure has an alt or is decorative, and no
 * alt is a file name, an address or a credit. Fetching fails every time (tests never reach the network), so
 * the alt rules are shown not to depend on the bytes.
 */
import { describe, expect, it } from 'vitest';
import { processImages } from '../../src/enrich/images/index.js';
import { InputError } from '../../src/errors.js';
import type { Article, Figure } from '../../src/model/schema.js';
import { articleText, inlineText, walkBlocks } from '../../src/model/walk.js';
import type { Fetcher } from '../../src/net/fetcher.js';
import { readHtml } from '../../src/read/html.js';
import { readText } from '../../src/read/text.js';
import { corpusPages, corpusText } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

const offline: Fetcher = {
  async fetch(url) {
    throw new InputError('input/url-unreachable', `Could not fetch ${url} (offline test).`);
  },
};

async function enriched(
  name: string,
): Promise<{ article: Article; warnings: { origin: string; blockId?: string }[] }> {
  const ctx = testCtx({ fetcher: offline });
  const read =
    name === 'meduza'
      ? await readText(
          { text: corpusText('meduza-lavrov-blinken.txt'), name: 'meduza-lavrov-blinken.txt' },
          ctx,
        )
      : await readHtml({ text: corpusText('pages', name, 'source.html'), name }, ctx);
  const article = await processImages(read, ctx);
  return { article, warnings: ctx.report.warnings };
}

function figures(article: Article): Figure[] {
  return [...walkBlocks(article.blocks)].filter((b): b is Figure => b.type === 'figure');
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

function fileName(src: string): string | undefined {
  if (!src || src.startsWith('data:')) return undefined;
  return decodeURIComponent(src.split(/[?#]/)[0]!.split('/').pop() ?? '') || undefined;
}

describe.each(['meduza', ...corpusPages()])('corpus: %s', (name) => {
  it('every figure has a real alt or is decorative; no alt is a file name, an address or a credit', async () => {
    const { article, warnings } = await enriched(name);
    for (const f of figures(article)) {
      if (f.decorative) {
        expect(f.alt).toBe('');
        continue;
      }
      expect(f.alt.trim().length, `figure ${f.id} has an alt`).toBeGreaterThan(0);
      expect(f.alt.length).toBeLessThanOrEqual(250);
      expect(f.alt).not.toMatch(/^(?:[a-z]+:\/\/|www\.|data:)/i);
      expect(f.alt).not.toMatch(/\.(?:jpe?g|png|gif|webp|avif|svg)$/i);
      const file = fileName(f.src);
      if (file) {
        expect(squash(f.alt)).not.toBe(squash(file));
        expect(squash(f.alt)).not.toBe(squash(file.replace(/\.[a-z]+$/i, '')));
      }
      if (f.credit) {
        expect(squash(f.alt)).not.toBe(squash(f.credit));
        expect(f.alt.endsWith(f.credit)).toBe(false);
        expect(f.alt.endsWith(`(${f.credit})`)).toBe(false);
      }
      if (f.altSource === 'missing') {
        expect(warnings).toContainEqual(
          expect.objectContaining({ origin: 'images:missing-alt', blockId: f.id }),
        );
      }
    }
  });
});

describe('the original article’s figure', () => {
  it('has its caption sentence as alt, the agency list as credit, and the caption shown once', async () => {
    const { article } = await enriched('meduza');
    const [f, ...others] = figures(article);
    expect(others).toEqual([]);
    const caption = inlineText(f!.caption!);
    expect(caption).toMatch(
      /^U\.S\. Secretary of State Antony Blinken \(left\) and Russian Foreign Affairs Minister/,
    );
    expect(f).toMatchObject({
      altSource: 'caption',
      alt: caption,
      credit: 'Russian Foreign Ministry / TASS / Scanpix / LETA',
    });
    expect(caption).not.toContain('TASS');
    const text = articleText(article);
    const sentence =
      'Antony Blinken (left) and Russian Foreign Affairs Minister Sergey Lavrov during a meeting in Reykjavik';
    expect(text.split(sentence).length - 1).toBe(1);
  });
});

describe('author alts on real pages', () => {
  it('keeps a meaningful alt and moves a credit printed inside it to the figure', async () => {
    const { article } = await enriched('seattletimes-1');
    const authored = figures(article).filter((f) => f.credit);
    expect(authored.length).toBeGreaterThan(0);
    for (const f of authored) {
      expect(f.alt).not.toContain(f.credit!);
      expect(f.alt).not.toMatch(/\(\s*\)$/);
    }
  });

  it('prefers the caption to an alt that is the caption cut short', async () => {
    const { article } = await enriched('herald-sun-1');
    const [f] = figures(article);
    expect(f!.altSource).toBe('caption');
    expect(f!.alt).toBe(inlineText(f!.caption!).trim());
  });
});
