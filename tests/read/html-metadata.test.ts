/** The html reader's metadata, byline, credit and image-source rules, on small invented inputs. */
import { describe, expect, it } from 'vitest';
import { chooseAuthors, parseByline } from '../../src/read/html/byline.js';
import { cleanCredit, findTrailingCredit } from '../../src/read/html/credits.js';
import { parseHtml } from '../../src/read/html/dom.js';
import { imageSource, parseSrcset } from '../../src/read/html/image-source.js';
import { chooseSiteName, extractMetadata, normaliseDate, titleSuffix } from '../../src/read/html/metadata.js';

const page = (head: string, body = '', htmlAttrs = '') =>
  parseHtml(`<!doctype html><html ${htmlAttrs}><head>${head}</head><body>${body}</body></html>`);

describe('bylines', () => {
  it.each([
    ['By Steven Mufson', ['Steven Mufson']],
    [
      'Par Martin Untersinger (avec Damien Leloup et Morgane Tual)',
      ['Martin Untersinger', 'Damien Leloup', 'Morgane Tual'],
    ],
    ['JOE HILDEBRAND', ['Joe Hildebrand']],
    ['Jane Doe and John Roe, Staff Writers', ['Jane Doe', 'John Roe']],
    ['Jane Doe in London', ['Jane Doe']],
    ['Von Anna Schmidt und Jens Berger', ['Anna Schmidt', 'Jens Berger']],
    ['Theresa May', ['Theresa May']],
    ['Maria de la Cruz', ['Maria de la Cruz']],
    ['April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm', []],
    ['devindra', []],
    ['https://www.facebook.com/someone', []],
  ])('%s', (byline, names) => {
    expect(parseByline(byline)).toEqual(names);
  });

  it('prefers people to the site name, and a printed byline to stale meta tags', () => {
    const siteNames = ['Example News'];
    expect(
      chooseAuthors({ jsonLd: [], readabilityByline: 'Example News', meta: ['Jane Doe'], siteNames }),
    ).toEqual([{ name: 'Jane Doe' }]);
    expect(chooseAuthors({ jsonLd: [], readabilityByline: 'Example News', meta: [], siteNames })).toEqual([
      { name: 'Example News' },
    ]);
    expect(
      chooseAuthors({ jsonLd: [], readabilityByline: 'By Ann Lee', meta: ['Old Name'], siteNames }),
    ).toEqual([{ name: 'Ann Lee' }]);
    expect(
      chooseAuthors({
        jsonLd: [{ name: 'Example News', organisation: true }],
        readabilityByline: 'May 3, 2024',
        meta: ['Ann Lee'],
        siteNames: [],
      }),
    ).toEqual([{ name: 'Ann Lee' }]);
  });
});

describe('photo credits', () => {
  it.each([
    ['The cranes were restored. Photo: Jane Doe/Reuters', 'The cranes were restored.', 'Jane Doe/Reuters'],
    ['Photo: Jane Doe/Reuters', '', 'Jane Doe/Reuters'],
    [
      'Netanyahu at the Western Wall. (Thomas Coex/AFP/Getty Images)',
      'Netanyahu at the Western Wall.',
      'Thomas Coex/AFP/Getty Images',
    ],
    [
      'A skipper by his boat. (Ellen M. Banner / The Seattle Times)',
      'A skipper by his boat.',
      'Ellen M. Banner / The Seattle Times',
    ],
    [
      'Blinken and Lavrov in Reykjavik. Russian Foreign Ministry / TASS / Scanpix / LETA',
      'Blinken and Lavrov in Reykjavik.',
      'Russian Foreign Ministry / TASS / Scanpix / LETA',
    ],
    ['Лавров и Блинкен. Фото: Иван Петров', 'Лавров и Блинкен.', 'Иван Петров'],
    ['The harbour at dawn © Getty Images', 'The harbour at dawn', 'Getty Images'],
  ])('%s', (caption, rest, credit) => {
    const found = findTrailingCredit(caption);
    expect(found?.credit).toBe(credit);
    expect(caption.slice(0, found!.start).trim()).toBe(rest);
  });

  it.each([
    'Protesters march through the capital on Monday.',
    'The president said he would continue fighting (and winning) for stricter laws.',
    'Workers repair the U.S./Mexico border fence near the crossing.',
    'Video Game Fans Gather',
  ])('finds no credit in %s', (caption) => {
    expect(findTrailingCredit(caption)).toBeUndefined();
  });

  it('cleans credit labels, brackets and screen-reader words', () => {
    expect(cleanCredit('(Bild: Hersteller)')).toBe('Hersteller');
    expect(cleanCredit('CreditCredit Chang W. Lee/The New York Times')).toBe(
      'Chang W. Lee/The New York Times',
    );
    expect(cleanCredit('Photograph: Carl Smith')).toBe('Carl Smith');
    expect(cleanCredit('© AP')).toBe('AP');
    expect(cleanCredit('Photo by Ann Lee')).toBe('Ann Lee');
  });
});

describe('image sources', () => {
  it('parses srcset with commas inside URLs and picks the largest candidate', () => {
    expect(parseSrcset('https://x.org/w_300,h_200/a.jpg 300w, https://x.org/w_900,h_600/a.jpg 900w')).toEqual(
      [
        { url: 'https://x.org/w_300,h_200/a.jpg', width: 300 },
        { url: 'https://x.org/w_900,h_600/a.jpg', width: 900 },
      ],
    );
    const doc = parseHtml('<img srcset="a.jpg 1x, b.jpg 2x" src="c.jpg">');
    expect(imageSource(doc.querySelector('img')!, 'https://x.org/p/')).toBe('https://x.org/p/b.jpg');
  });

  it('prefers lazy-loading attributes over placeholders, and refuses images with no real address', () => {
    const doc = parseHtml(`
      <img id="a" src="/img/lazy-placeholder.gif" data-src="//cdn.x.org/real.jpg">
      <img id="b" src="/img/blank.gif">
      <img id="c" src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==">
      <img id="d" datasrc="big.jpg" src="small.jpg">
      <img id="e" src="relative.jpg">`);
    const src = (id: string, base?: string) => imageSource(doc.getElementById(id)!, base);
    expect(src('a', 'https://x.org/')).toBe('https://cdn.x.org/real.jpg');
    expect(src('b', 'https://x.org/')).toBeUndefined();
    expect(src('c', 'https://x.org/')).toBeUndefined();
    expect(src('d', 'https://x.org/')).toBe('https://x.org/big.jpg');
    expect(src('e')).toBeUndefined();
  });
});

describe('page metadata', () => {
  it('reads OpenGraph, meta tags, <html lang> and the canonical link', () => {
    const doc = page(
      `<meta property="og:site_name" content="Example News"><meta property="article:published_time" content="2019-04-28 06:01:07">
       <meta name="description" content="A summary."><link rel="canonical" href="/story"><meta name="author" content="Ann Lee">
       <meta property="og:locale" content="de_DE">`,
      '',
      'lang="en_us"',
    );
    const meta = extractMetadata(doc, 'https://news.example.org/x?y=1');
    expect(meta).toMatchObject({
      siteName: 'Example News',
      publishedAt: '2019-04-28T06:01:07',
      description: 'A summary.',
      url: 'https://news.example.org/story',
      lang: 'en-US',
      metaAuthors: ['Ann Lee'],
    });
  });

  it('falls back to og:locale and reads microdata authors', () => {
    const doc = page(
      '<meta property="og:locale" content="fr_FR">',
      '<div itemprop="author" itemscope><span itemprop="name">Marie Curie</span></div>',
    );
    expect(extractMetadata(doc, undefined)).toMatchObject({ lang: 'fr-FR', metaAuthors: ['Marie Curie'] });
  });

  it('survives broken JSON-LD', () => {
    const doc = page(
      '<script type="application/ld+json">{ "@type": "NewsArticle", </script><meta name="author" content="Ann Lee">',
    );
    expect(extractMetadata(doc, undefined)).toMatchObject({ jsonLdAuthors: [], metaAuthors: ['Ann Lee'] });
  });

  it('finds the site name in the <title> suffix and prefers names to host names', () => {
    expect(titleSuffix('Big News Today - Politics | The Daily Example', 'Big News Today')).toBe(
      'The Daily Example',
    );
    expect(titleSuffix('Big News Today', 'Big News Today')).toBeUndefined();
    expect(titleSuffix('Review: A console that keeps up', 'Review')).toBe('A console that keeps up');
    const doc = page(
      '<meta property="og:site_name" content="Le Journal.fr"><meta name="DC.publisher" content="Le Journal">',
    );
    expect(chooseSiteName(extractMetadata(doc, undefined), 'Title')).toBe('Le Journal');
  });

  it('normalises dates to ISO 8601', () => {
    expect(normaliseDate('2019-04-28 06:01:07')).toBe('2019-04-28T06:01:07');
    expect(normaliseDate('2024-03-01')).toBe('2024-03-01');
    expect(normaliseDate('Fri, 13 Mar 2015 10:30:09 GMT')).toBe('2015-03-13T10:30:09.000Z');
    expect(normaliseDate('yesterday')).toBeUndefined();
  });
});

describe('declared or detected language', () => {
  it('records a language the page does not declare as detected', async () => {
    const { readHtml } = await import('../../src/read/html.js');
    const { testCtx } = await import('../helpers/ctx.js');
    const body =
      '<p>The council voted on Tuesday to close the old bridge for repairs that will take a year.</p>'.repeat(
        3,
      );
    const undeclared = await readHtml(
      { text: `<html><head><title>Bridge</title></head><body><article>${body}</article></body></html>` },
      testCtx(),
    );
    expect(undeclared.lang).toBe('en');
    expect(undeclared.langSource).toBe('detected');
    const declared = await readHtml(
      {
        text: `<html lang="en-GB"><head><title>Bridge</title></head><body><article>${body}</article></body></html>`,
      },
      testCtx(),
    );
    expect(declared.lang).toBe('en-GB');
    expect(declared.langSource).toBeUndefined();
  });
});
