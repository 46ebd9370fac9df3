/**
 * The html reader end to end: every corpus page (a new page folder is a new case), the gold
 * expectations where gold exists, and small invented pages for figures, JSON-LD and empty pages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Article, Figure } from '../../src/model/schema.js';
import { articleText, blockText, walkBlocks } from '../../src/model/walk.js';
import { readHtml } from '../../src/read/html.js';
import { corpusJson, corpusPages, corpusText, projectRoot, sharedPath } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';
import { type GoldFile, goldMismatches } from '../helpers/gold.js';

interface ExpectedMetadata {
  title: string;
  byline: string | null;
  lang?: string | null;
  siteName: string | null;
}

const cache = new Map<string, Promise<Article>>();
function readPage(name: string): Promise<Article> {
  let article = cache.get(name);
  if (!article) {
    article = readHtml({ text: corpusText('pages', name, 'source.html'), name }, testCtx());
    cache.set(name, article);
  }
  return article;
}

function fixture(name: string): string {
  return readFileSync(join(projectRoot, 'tests/fixtures/html', name), 'utf8');
}

const figuresOf = (article: Article): Figure[] =>
  [...walkBlocks(article.blocks)].filter((b): b is Figure => b.type === 'figure');

/**
 * The people an expected (Readability) byline names, decided generically: nothing when the byline is
 * the site's name (an organisation); otherwise the byline without a leading "By"/"Par", split at commas,
 * brackets and "and"/"et"/"avec", keeping parts that are 2–4 words made only of letters (so dates and
 * "Updated …" lines name nobody).
 */
function bylinePeople(expected: ExpectedMetadata): string[] {
  const byline = expected.byline?.trim();
  if (!byline || byline.toLowerCase() === expected.siteName?.trim().toLowerCase()) return [];
  return byline
    .replace(/^(?:by|par|von)\s+/i, '')
    .split(/\s*(?:[,;()]|\b(?:and|et|avec|und)\b)\s*/i)
    .map((part) => part.trim())
    .filter((part) => /^\p{L}[\p{L}.'’-]*(?:\s+\p{L}[\p{L}.'’-]*){1,3}$/u.test(part));
}

/** Strings of page furniture that never belong in an article body. */
const CHROME = ['Share this', 'Advertisement', 'Sign up', 'Comments', 'Skip to'];

describe.each(corpusPages())('html reader on corpus page %s', (name) => {
  const expected = corpusJson<ExpectedMetadata>('pages', name, 'expected-metadata.json');

  it('takes the title Readability finds', async () => {
    expect((await readPage(name)).title).toBe(expected.title);
  });

  it('finds the people the byline names among the authors', async () => {
    const authors = (await readPage(name)).authors.map((a) => a.name.toLowerCase());
    for (const person of bylinePeople(expected)) expect(authors).toContain(person.toLowerCase());
  });

  it('declares the page language', async () => {
    const article = await readPage(name);
    if (expected.lang) expect(article.lang.split('-')[0]).toBe(expected.lang.split('-')[0]!.toLowerCase());
  });

  it('has a body of several paragraphs and no page furniture', async () => {
    const article = await readPage(name);
    const paragraphs = [...walkBlocks(article.blocks)].filter(
      (b) => b.type === 'paragraph' && blockText(b).trim(),
    );
    expect(paragraphs.length).toBeGreaterThanOrEqual(3);
    const body = articleText(article);
    for (const chrome of CHROME) expect(body).not.toContain(chrome);
  });

  it('gives figures absolute image addresses and no markup in text', async () => {
    const article = await readPage(name);
    for (const figure of figuresOf(article)) expect(figure.src).toMatch(/^https?:\/\/[^\s]+$/);
    expect(articleText(article)).not.toMatch(/<\/?[a-z][a-z0-9]*[\s>/]|&(?:amp|lt|gt|quot|nbsp|#\d+);/i);
  });

  // Only pages with a gold file get this case (no skipped placeholders for the others).
  const goldFile = join(sharedPath('corpus'), 'gold', `${name}.json`);
  if (existsSync(goldFile))
    it('meets the gold expectations', async () => {
      const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as GoldFile;
      const article = await readPage(name);
      // The gold lists languages by primary subtag ("en"); the reader keeps the region the page declares
      // ("en-US"), which TTS voices need. Only a different primary language is a mismatch.
      const mismatches = goldMismatches(article, gold.expect).filter(
        (m) => !(m.startsWith('lang:') && article.lang.split('-')[0] === gold.expect.lang?.split('-')[0]),
      );
      expect(mismatches).toEqual([]);
    });
});

describe('html reader on invented pages', () => {
  it('titles an untitled page by its first text, also when that is a list item or a block quote', async () => {
    for (const [html, title] of [
      ['<ul><li>A list item.</li></ul>', 'A list item.'],
      ['<blockquote>Quoted text only.</blockquote>', 'Quoted text only.'],
    ]) {
      const article = await readHtml({ text: html! }, testCtx());
      expect(article.title).toBe(title);
    }
  });

  it('recovers lazy-loaded, srcset and noscript images with captions, credits and absolute URLs', async () => {
    const article = await readHtml({ text: fixture('figures.html'), name: 'figures.html' }, testCtx());
    const figures = figuresOf(article);
    expect(figures.map((f) => f.src)).toEqual([
      'https://cdn.example.org/news/2024/images/cranes-large.jpg', // data-src, resolved against <base href>
      'https://cdn.example.org/news/2024/images/dock-1200.jpg', // largest srcset candidate
      'https://cdn.example.org/news/2024/images/ship-1600.webp', // <picture><source>, portable format
      'https://cdn.example.org/img/tug-900.jpg', // data-srcset; alt from the <noscript> fallback
    ]);
    const [cranes, dock, ship, tug] = figures;
    expect(cranes).toMatchObject({
      alt: 'Two cranes over the harbour at dusk',
      altSource: 'author',
      credit: 'Jane Doe/Reuters',
    });
    expect(blockText(cranes!)).toBe('The cranes were restored over two years.');
    expect(dock).toMatchObject({ alt: '', altSource: 'missing', decorative: false, credit: 'Carl Smith' });
    expect(blockText(dock!)).toBe('Workers on the dock in the morning.');
    expect(ship).toMatchObject({ alt: 'A container ship leaves the harbour' });
    expect(ship!.caption).toBeUndefined();
    expect(tug).toMatchObject({ alt: 'A tugboat', credit: 'AP Photo/Max Mustermann' });
    expect(blockText(tug!)).toBe('A tugboat guides a freighter into the basin.');
  });

  it('places figures where they stand among the paragraphs, the lead picture first', async () => {
    const article = await readHtml({ text: fixture('figures.html') }, testCtx());
    const kinds = article.blocks.map((b) => (b.type === 'figure' ? `fig:${b.src.split('/').pop()}` : b.type));
    expect(kinds.slice(0, 6)).toEqual([
      'fig:cranes-large.jpg',
      'paragraph',
      'paragraph',
      'fig:dock-1200.jpg',
      'paragraph',
      'fig:ship-1600.webp',
    ]);
  });

  it('leaves out logos, icons, tracking pixels, author photos and page furniture', async () => {
    const article = await readHtml({ text: fixture('figures.html') }, testCtx());
    const srcs = figuresOf(article).map((f) => f.src);
    expect(srcs.some((s) => /logo|share\.png|pixel|alice-martin/.test(s))).toBe(false);
    const body = articleText(article);
    for (const chrome of [...CHROME, 'World', 'newsletter', '©']) expect(body).not.toContain(chrome);
  });

  it('reads metadata: byline split into people, site from the <title>, canonical URL, date', async () => {
    const article = await readHtml({ text: fixture('figures.html') }, testCtx());
    expect(article.authors).toEqual([{ name: 'Alice Martin' }, { name: 'Bob Stone' }]);
    expect(article.title).toBe('Harbour cranes return to the old port');
    expect(article.source).toEqual({ name: 'The Example Herald', url: 'https://www.example.org/' });
    expect(article.url).toBe('https://www.example.org/news/harbour-cranes');
    expect(article.publishedAt).toBe('2024-05-02T08:30:00Z');
    expect(article.lang).toBe('en');
  });

  it('reads JSON-LD inside @graph: several authors (by @id too), publisher, dates, language', async () => {
    const article = await readHtml({ text: fixture('graph.html') }, testCtx());
    expect(article.authors).toEqual([
      { name: 'Alice Martin', url: 'https://rail.example.com/authors/alice' },
      { name: 'Bob Stone' },
      { name: 'Carla Diaz' },
    ]);
    expect(article.source).toEqual({ name: 'Rail Weekly', url: 'https://rail.example.com/' });
    expect(article).toMatchObject({
      lang: 'en-GB',
      publishedAt: '2024-03-01T10:00:00+01:00',
      modifiedAt: '2024-03-02T09:15:00+01:00',
      url: 'https://rail.example.com/night-trains',
      description: 'Sleeper services resume after a decade.',
    });
    expect(article.blocks.filter((b) => b.type === 'paragraph')).toHaveLength(4);
  });

  it('resolves relative images against the page URL when there is no <base>', async () => {
    const html = fixture('figures.html')
      .replace(/<base [^>]*>/, '')
      .replace(/<link rel="canonical"[^>]*>/, '');
    const article = await readHtml(
      { text: html, baseUrl: 'https://news.example.com/2024/05/cranes.html' },
      testCtx(),
    );
    expect(figuresOf(article)[0]!.src).toBe('https://news.example.com/2024/05/images/cranes-large.jpg');
    expect(article.url).toBe('https://news.example.com/2024/05/cranes.html');
  });

  it('refuses a page with navigation and footer but no article text', async () => {
    const read = readHtml({ text: fixture('nav-only.html'), name: 'nav-only.html' }, testCtx());
    await expect(read).rejects.toBeInstanceOf(InputError);
    await expect(read).rejects.toMatchObject({ code: 'input/no-article-text' });
    await expect(read).rejects.toThrow(/nav-only\.html/);
  });

  it('refuses an empty document and plain text without article content', async () => {
    await expect(readHtml({ text: '' }, testCtx())).rejects.toMatchObject({ code: 'input/no-article-text' });
    await expect(
      readHtml({ text: '<html><body><div></div></body></html>' }, testCtx()),
    ).rejects.toBeInstanceOf(InputError);
  });
});
