import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { Article, type Block } from '../../src/model/schema.js';
import { walkBlocks } from '../../src/model/walk.js';
import { htmlEnvironment, htmlTemplatesDir } from '../../src/write/html/environment.js';
import { type HtmlWriterOptions, writeHtml } from '../../src/write/html/index.js';
import { defaultQuoteMarks, textDirection } from '../../src/write/html/locale.js';
import type { Writer } from '../../src/write/types.js';
import { projectRoot } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

const fixturesDir = join(projectRoot, 'tests/fixtures/articles');
const fixtureNames = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

function fixture(name: string): Article {
  return Article.parse(JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')));
}

async function render(article: Article, options: HtmlWriterOptions = {}) {
  const ctx = testCtx();
  const output = await writeHtml(article, options, ctx);
  const html = new TextDecoder('utf-8', { fatal: true }).decode(output.bytes);
  const doc = new JSDOM(html).window.document;
  return { html, doc, output, report: ctx.report };
}

function $(doc: ParentNode, selector: string): Element {
  const el = doc.querySelector(selector);
  if (!el) throw new Error(`no element matches ${selector}`);
  return el;
}

/** Parses as XML: throws on anything that is not well-formed. */
function parseXhtml(html: string): Document {
  return new JSDOM(html.replace(/^<!DOCTYPE html>\s*/i, ''), { contentType: 'application/xhtml+xml' }).window
    .document;
}

function para(text: string, id = ''): Block {
  return { id, type: 'paragraph', children: [{ type: 'text', text }] };
}

function minimal(overrides: Partial<Article> = {}): Article {
  return {
    schemaVersion: 1,
    id: 'minimal-article',
    lang: 'en',
    title: 'A title',
    authors: [],
    translators: [],
    speakers: [],
    blocks: [para('Body text.', 'b1')],
    ...overrides,
  };
}

const TAG_FOR: Record<Block['type'], (b: Block) => string> = {
  heading: (b) => `H${b.type === 'heading' ? b.level : 0}`,
  paragraph: () => 'P',
  figure: () => 'FIGURE',
  blockquote: () => 'BLOCKQUOTE',
  list: (b) => (b.type === 'list' && b.ordered ? 'OL' : 'UL'),
  preformatted: () => 'PRE',
  separator: () => 'HR',
};

describe('writeHtml: document', () => {
  it('conforms to the Writer contract and returns UTF-8 HTML', async () => {
    const writer: Writer<HtmlWriterOptions> = writeHtml;
    const output = await writer(fixture('every-block.en.json'), {}, testCtx());
    expect(output.mediaType).toBe('text/html; charset=utf-8');
    expect(output.extension).toBe('html');
    expect(new TextDecoder().decode(output.bytes)).toMatch(/^<!DOCTYPE html>\n<html /);
  });

  it('writes the head: language, charset, viewport, title, description, author, canonical, CSP', async () => {
    const article = fixture('every-block.en.json');
    const { doc } = await render(article);
    expect(doc.documentElement.getAttribute('lang')).toBe('en');
    expect(doc.documentElement.getAttribute('dir')).toBe('ltr');
    expect($(doc, 'meta[charset]').getAttribute('charset')).toBe('utf-8');
    expect($(doc, 'meta[name=viewport]').getAttribute('content')).toContain('width=device-width');
    expect(doc.title).toBe(article.title);
    expect($(doc, 'meta[name=description]').getAttribute('content')).toBe(article.description);
    expect($(doc, 'meta[name=author]').getAttribute('content')).toBe('Jane Doe, Omar Haddad');
    expect($(doc, 'link[rel=canonical]').getAttribute('href')).toBe(article.url);
    expect($(doc, 'meta[http-equiv=Content-Security-Policy]').getAttribute('content')).toBe(
      "default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline'",
    );
    expect(doc.querySelectorAll('script')).toHaveLength(0);
  });

  it('writes the header: rubric, title, subtitle, byline, translators, source and a readable date', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    const article = $(doc, 'body > main > article');
    expect(article.id).toBe('harbour-bridge-reopens-1a2b3c4d');
    expect(article.getAttribute('lang')).toBe('en');
    const header = $(doc, 'article > header');
    expect($(header, 'p.rubric').textContent).toBe('City');
    expect(header.querySelectorAll('h1')).toHaveLength(1);
    expect($(header, 'h1').textContent).toBe('Harbour bridge reopens after two years of repairs');
    expect($(header, 'p.subtitle').textContent).toBe('Engineers say the span will last another century');
    expect($(header, 'p.byline').textContent).toBe('By Jane Doe and Omar Haddad');
    expect([...header.querySelectorAll('.byline span.author')].map((s) => s.textContent)).toEqual([
      'Jane Doe',
      'Omar Haddad',
    ]);
    expect($(header, '.byline span.author a').getAttribute('href')).toBe(
      'https://example.org/authors/jane-doe',
    );
    expect($(header, 'p.translators').textContent).toBe('Translated by Lena Fischer');
    expect($(header, '.source a').getAttribute('href')).toBe('https://example.org/');
    expect($(header, '.source').textContent).toBe('The Example Gazette');
    const time = $(header, 'time');
    expect(time.getAttribute('datetime')).toBe('2024-03-05T09:30:00+01:00');
    expect(time.textContent).toBe('March 5, 2024');
  });

  it('formats the date in the article language', async () => {
    const ru = await render(minimal({ lang: 'ru', publishedAt: '2024-03-05' }));
    expect($(ru.doc, 'time').textContent).toMatch(/5 марта 2024/);
    const de = await render(minimal({ lang: 'de', publishedAt: '2024-03-05' }));
    expect($(de.doc, 'time').textContent).toMatch(/5\. März 2024/);
  });

  it('writes only the <article> element when standalone is false', async () => {
    const { html, doc } = await render(fixture('arabic.ar.json'), { standalone: false });
    expect(html.startsWith('<article ')).toBe(true);
    expect(html).not.toMatch(/<html|<head>|<style|<!DOCTYPE/i);
    const article = $(doc, 'article');
    expect(article.getAttribute('lang')).toBe('ar');
    expect(article.getAttribute('dir')).toBe('rtl');
  });
});

describe('writeHtml: stylesheet option', () => {
  it('inlines templates/html/article.css by default', async () => {
    const { doc } = await render(minimal());
    const css = readFileSync(join(htmlTemplatesDir(), 'article.css'), 'utf8');
    expect($(doc, 'head > style').textContent?.trim()).toBe(css.trim());
    expect(css).toMatch(/max-width:\s*38em/);
  });

  it('leaves the stylesheet out with "none"', async () => {
    const { doc } = await render(minimal(), { stylesheet: 'none' });
    expect(doc.querySelector('style')).toBeNull();
    expect(doc.querySelector('link[rel=stylesheet]')).toBeNull();
  });

  it('links a stylesheet and lets the CSP admit its origin', async () => {
    const { doc } = await render(minimal(), {
      stylesheet: { href: 'https://cdn.example.org/a.css?v=1&x=2' },
    });
    expect(doc.querySelector('style')).toBeNull();
    expect($(doc, 'link[rel=stylesheet]').getAttribute('href')).toBe('https://cdn.example.org/a.css?v=1&x=2');
    expect($(doc, 'meta[http-equiv=Content-Security-Policy]').getAttribute('content')).toContain(
      "style-src 'unsafe-inline' https://cdn.example.org",
    );
    const relative = await render(minimal(), { stylesheet: { href: 'styles/print.css' } });
    expect($(relative.doc, 'meta[http-equiv=Content-Security-Policy]').getAttribute('content')).toContain(
      "style-src 'unsafe-inline' 'self'",
    );
  });

  it('refuses a stylesheet href with another scheme', async () => {
    await expect(
      writeHtml(minimal(), { stylesheet: { href: 'javascript:alert(1)' } }, testCtx()),
    ).rejects.toThrow(InputError);
  });
});

describe('writeHtml: blocks', () => {
  it('renders every block as its element, with the block id as element id', async () => {
    const article = fixture('every-block.en.json');
    const { doc } = await render(article);
    const blocks = [...walkBlocks(article.blocks)];
    expect(new Set(blocks.map((b) => b.type))).toEqual(new Set(Object.keys(TAG_FOR)));
    for (const block of blocks) {
      expect(doc.getElementById(block.id)?.tagName, block.id).toBe(TAG_FOR[block.type](block));
    }
  });

  it('renders headings at their level and paragraphs with their text', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    expect($(doc, '#b2').textContent).toBe('What was repaired');
    expect($(doc, '#b16').tagName).toBe('H6');
    expect($(doc, '#b1').textContent).toBe(
      'The bridge reopened on Tuesday. “This is a great day, and as one driver put it, ‘finally’.” said the mayor.',
    );
  });

  it('renders a figure with image, size, caption and credit as separate elements, and a long description', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    const img = $(doc, '#b4 > img');
    expect(img.getAttribute('src')).toBe('https://example.org/img/bridge.jpg');
    expect(img.getAttribute('alt')).toBe('Cars crossing the reopened bridge at dusk');
    expect(img.getAttribute('width')).toBe('1200');
    expect(img.getAttribute('height')).toBe('800');
    expect(img.hasAttribute('role')).toBe(false);
    expect($(doc, '#b4 figcaption > span.caption').textContent).toBe('The bridge on Tuesday');
    expect($(doc, '#b4 figcaption > span.caption em').textContent).toBe('Tuesday');
    expect($(doc, '#b4 figcaption > span.credit').textContent).toBe('Photo: Ann Smith / Example Agency');
    expect($(doc, '#b4 details > summary').textContent).toBe('Image description');
    expect([...doc.querySelectorAll('#b4 details > p')].map((p) => p.textContent)).toEqual([
      'A wide view of the bridge.',
      'Six lanes of traffic cross under orange lights.',
    ]);
  });

  it('gives decorative images an empty alt and role=presentation', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    const img = $(doc, '#b5 > img');
    expect(img.getAttribute('alt')).toBe('');
    expect(img.getAttribute('role')).toBe('presentation');
    expect(doc.querySelector('#b5 figcaption')).toBeNull();
  });

  it('renders a figure without a source as its caption only, never a broken image', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    expect(doc.querySelector('#b6 img')).toBeNull();
    expect($(doc, '#b6 span.caption').textContent).toBe('The detour used during the works');
    expect($(doc, '#b6 span.credit').textContent).toBe('Map: City Council');
    for (const img of doc.querySelectorAll('img')) expect(img.getAttribute('src')).not.toBe('');
  });

  it('shows the description of a missing image that has no caption', async () => {
    const figure: Block = {
      id: 'b1',
      type: 'figure',
      src: '',
      alt: 'Protesters outside the court',
      altSource: 'author',
      decorative: false,
    };
    const { doc } = await render(minimal({ blocks: [figure, para('x', 'b2')] }));
    expect(doc.querySelector('#b1 img')).toBeNull();
    expect($(doc, '#b1 .image-missing').textContent).toBe('Protesters outside the court');
  });

  it('renders a block quote with its paragraphs, speaker and attribution footer', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    const quote = $(doc, 'blockquote#b7');
    expect(quote.getAttribute('data-speaker')).toBe('sp-engineer');
    expect(quote.getAttribute('data-speaker-name')).toBe('Tom Reed');
    expect($(quote, 'p#b8').textContent).toBe('We replaced every cable, one at a time.');
    expect($(quote, 'footer').textContent).toBe('— Tom Reed, chief engineer');
  });

  it('renders lists with items, and an ordered list start', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    expect([...doc.querySelectorAll('ul#b9 > li')].map((li) => li.textContent?.trim())).toEqual([
      'New cables',
      'New deck',
    ]);
    expect($(doc, 'ul#b9 > li > p#b10').textContent).toBe('New cables');
    expect($(doc, 'ol#b12').getAttribute('start')).toBe('3');
    expect(doc.querySelector('ul#b9')?.hasAttribute('start')).toBe(false);
  });

  it('renders preformatted text verbatim in <pre><code>, and a separator as <hr>', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    const code = $(doc, 'pre#b14 > code');
    expect(code.textContent).toBe('span  = 1149 m\n  deck = 49 m');
    expect(code.getAttribute('class')).toBe('language-text');
    expect($(doc, '#b15').tagName).toBe('HR');
  });
});

describe('writeHtml: inline runs', () => {
  it('renders emphasis, strong, abbr, code, line break and language spans', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    const p = $(doc, '#b3');
    expect($(p, 'em').textContent).toBe('extensive');
    expect($(p, 'strong').textContent).toBe('on budget');
    expect($(p, 'abbr').getAttribute('title')).toBe('Department of Transport');
    expect($(p, 'abbr').textContent).toBe('DoT');
    expect($(p, 'code').textContent).toBe('span_length');
    expect(p.querySelectorAll('br')).toHaveLength(1);
    const fr = $(p, 'span[lang]');
    expect(fr.getAttribute('lang')).toBe('fr');
    expect(fr.textContent).toBe('le grand pont');
    expect(fr.hasAttribute('dir')).toBe(false);
  });

  it('keeps http(s), mailto, relative and fragment links', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    const links = [...doc.querySelectorAll('#b3 a')].map((a) => [a.getAttribute('href'), a.textContent]);
    expect(links).toEqual([
      ['https://example.org/report.pdf', 'report'],
      ['mailto:desk@example.org', 'write to us'],
      ['/archive/2022', 'earlier coverage'],
      ['#b7', 'the quote below'],
    ]);
    expect($(doc, '#b3 a').getAttribute('title')).toBe('Full report');
  });

  it('renders quotes as spans with kind, speaker, speaker name and marks', async () => {
    const { doc } = await render(fixture('every-block.en.json'));
    const outer = $(doc, '#b1 > span.quote');
    expect(outer.className).toBe('quote quote-direct');
    expect(outer.getAttribute('data-speaker')).toBe('sp-mayor');
    expect(outer.getAttribute('data-speaker-name')).toBe('Maria Lopez');
    expect(outer.textContent).toBe('“This is a great day, and as one driver put it, ‘finally’.”');
    const inner = $(outer, 'span.quote');
    expect(inner.className).toBe('quote quote-other');
    expect(inner.hasAttribute('data-speaker')).toBe(false);
    expect(inner.textContent).toBe('‘finally’');

    const partial = $(doc, '#b3 span.quote-partial');
    expect(partial.getAttribute('data-speaker-name')).toBe('Tom Reed');
    expect(partial.textContent).toBe('“a century”');
    // A speaker id with no registry entry: the id is kept, no name is invented; source marks win.
    const sourced = $(doc, '#b3 span.quote[data-speaker=sp-unknown]');
    expect(sourced.hasAttribute('data-speaker-name')).toBe(false);
    expect(sourced.textContent).toBe('«marks from the source»');
  });

  it('uses the language’s default quotation marks, nested ones inside', async () => {
    const quoted = (lang: string) =>
      minimal({
        lang,
        blocks: [
          {
            id: 'b1',
            type: 'paragraph',
            children: [
              {
                type: 'quote',
                kind: 'direct',
                children: [
                  { type: 'text', text: 'a ' },
                  { type: 'quote', kind: 'other', children: [{ type: 'text', text: 'b' }] },
                ],
              },
            ],
          },
        ],
      });
    const cases: [string, string][] = [
      ['en', '“a ‘b’”'],
      ['ru', '«a „b“»'],
      ['fr', '«\u202fa “b”\u202f»'],
      ['de', '„a ‚b‘“'],
      ['xx', '“a ‘b’”'],
    ];
    for (const [lang, expected] of cases) {
      const { doc } = await render(quoted(lang));
      expect($(doc, '#b1').textContent, lang).toBe(expected);
    }
    expect(defaultQuoteMarks('ru-RU', 0)).toEqual(['«', '»']);
  });

  it('follows a language span for quotation marks and direction', async () => {
    const { doc } = await render(
      minimal({
        blocks: [
          {
            id: 'b1',
            type: 'paragraph',
            children: [
              {
                type: 'lang',
                lang: 'de',
                children: [{ type: 'quote', kind: 'other', children: [{ type: 'text', text: 'Wort' }] }],
              },
              { type: 'lang', lang: 'he', children: [{ type: 'text', text: 'שלום' }] },
            ],
          },
        ],
      }),
    );
    expect($(doc, 'span[lang=de]').textContent).toBe('„Wort“');
    expect($(doc, 'span[lang=he]').getAttribute('dir')).toBe('rtl');
  });
});

describe('writeHtml: bylines', () => {
  const names = ['Anna Kern', 'Boris Lind', 'Chloé Marsh'];
  const people = (n: number) => names.slice(0, n).map((name) => ({ name }));
  const byline = async (lang: string, n: number, translators = 0) => {
    const { doc } = await render(minimal({ lang, authors: people(n), translators: people(translators) }));
    return {
      by: doc.querySelector('.byline')?.textContent,
      tr: doc.querySelector('.translators')?.textContent,
      doc,
    };
  };

  it('joins 1, 2 and 3 authors in English', async () => {
    expect((await byline('en', 1)).by).toBe('By Anna Kern');
    expect((await byline('en', 2)).by).toBe('By Anna Kern and Boris Lind');
    expect((await byline('en', 3)).by).toBe('By Anna Kern, Boris Lind and Chloé Marsh');
    expect((await byline('en', 0)).doc.querySelector('.byline')).toBeNull();
  });

  it('localises the words for ru, fr, de and es', async () => {
    expect((await byline('ru', 1)).by).toBe('Автор: Anna Kern');
    expect((await byline('ru', 3)).by).toBe('Авторы: Anna Kern, Boris Lind и Chloé Marsh');
    expect((await byline('fr', 3)).by).toBe('Par Anna Kern, Boris Lind et Chloé Marsh');
    expect((await byline('de', 2)).by).toBe('Von Anna Kern und Boris Lind');
    expect((await byline('es', 3)).by).toBe('Por Anna Kern, Boris Lind y Chloé Marsh');
    expect((await byline('fr', 1, 1)).tr).toBe('Traduit par Anna Kern');
    expect((await byline('de', 1, 2)).tr).toBe('Übersetzt von Anna Kern und Boris Lind');
    expect((await byline('es', 1, 1)).tr).toBe('Traducido por Anna Kern');
    expect((await byline('ru', 1, 1)).tr).toBe('Перевод: Anna Kern');
  });

  it('writes Spanish "e" instead of "y" before an /i/ sound', async () => {
    const { doc } = await render(
      minimal({ lang: 'es', authors: [{ name: 'Ana Ruiz' }, { name: 'Ignacio Gil' }] }),
    );
    expect($(doc, '.byline').textContent).toBe('Por Ana Ruiz e Ignacio Gil');
  });

  it('falls back to English words, marked as English, for other languages', async () => {
    const { by, doc } = await byline('ja', 2, 1);
    expect(by).toBe('By Anna Kern and Boris Lind');
    const marked = [...doc.querySelectorAll('.byline span[lang=en]')].map((s) => s.textContent);
    expect(marked).toEqual(['By', ' and ']);
    expect($(doc, '.translators').textContent).toBe('Translated by Anna Kern');
  });
});

describe('writeHtml: direction and language', () => {
  it('writes rtl for Arabic and Hebrew, with ltr spans for embedded English', async () => {
    const arabic = fixture('arabic.ar.json');
    const { doc } = await render(arabic);
    expect(doc.documentElement.getAttribute('dir')).toBe('rtl');
    expect(doc.documentElement.getAttribute('lang')).toBe('ar');
    expect($(doc, 'article').getAttribute('dir')).toBe('rtl');
    expect($(doc, '#b1 span[lang=en]').getAttribute('dir')).toBe('ltr');
    expect($(doc, '#b1 span.quote').textContent).toBe('«إنه يوم عظيم»');

    const hebrew = await render({ ...arabic, lang: 'he' });
    expect(hebrew.doc.documentElement.getAttribute('dir')).toBe('rtl');
    expect(hebrew.doc.documentElement.getAttribute('lang')).toBe('he');
  });

  it('derives direction from the script subtag, then the language', () => {
    expect(textDirection('fa-IR')).toBe('rtl');
    expect(textDirection('ur')).toBe('rtl');
    expect(textDirection('ku-Arab')).toBe('rtl');
    expect(textDirection('ku')).toBe('ltr');
    expect(textDirection('sd')).toBe('rtl');
    expect(textDirection('sd-Deva')).toBe('ltr');
    expect(textDirection('en-US')).toBe('ltr');
    expect(textDirection('und')).toBe('ltr');
  });
});

describe('writeHtml: hostile input', () => {
  it('escapes hostile text everywhere: no script, no event handler, no injected element', async () => {
    const article = fixture('hostile.en.json');
    const { doc, html } = await render(article);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) expect(attr.name, `${el.tagName} ${attr.name}`).not.toMatch(/^on/i);
    }
    expect(doc.querySelectorAll('img[src=x], b, i')).toHaveLength(0);
    // Every & is an entity (none raw), so the text round-trips.
    expect(html).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/);
    expect(doc.title).toBe(article.title);
    expect($(doc, 'h1').textContent).toBe(article.title);
    expect($(doc, '.subtitle').textContent).toBe(article.subtitle);
    expect($(doc, '.rubric').textContent).toBe(article.rubric);
    expect($(doc, 'meta[name=description]').getAttribute('content')).toBe(article.description);
    expect($(doc, '.byline .author').textContent).toBe(article.authors[0]?.name);
    expect($(doc, '.source').textContent).toBe('Gazette & Co <i>');
  });

  it('keeps hostile attribute values intact as values (alt, href, title, speaker names)', async () => {
    const article = fixture('hostile.en.json');
    const { doc } = await render(article);
    const link = $(doc, '#b1 a');
    expect(link.getAttribute('href')).toBe("https://example.org/?a=1&b=\"><script>alert('href')</script>");
    expect(link.getAttribute('title')).toBe('" onmouseover="alert(\'title-attr\')');
    const quote = $(doc, '#b1 span.quote');
    expect(quote.getAttribute('data-speaker-name')).toBe(article.speakers[0]?.name);
    expect(quote.textContent).toBe('<b>hello</b>');
    expect($(doc, '#b1 abbr').getAttribute('title')).toBe("\"><script>alert('abbr')</script>");
    const img = $(doc, '#b3 img');
    expect(img.getAttribute('alt')).toBe('" onerror="alert(\'alt2\')');
    expect(img.getAttribute('src')).toBe('https://example.org/x.jpg?a=1&b="onerror="alert(1)');
    expect($(doc, '#b2 .caption').textContent).toBe("<script>alert('caption')</script>");
    expect($(doc, '#b2 .credit').textContent).toBe("</span><script>alert('credit')</script>");
    expect($(doc, '#b2 details p').textContent).toBe("<img src=x onerror=alert('long')>");
    expect($(doc, 'blockquote footer').textContent).toBe("<script>alert('attribution')</script>");
    expect($(doc, 'pre code').textContent).toBe("</code></pre><script>alert('pre')</script>");
    expect($(doc, 'pre code').getAttribute('class')).toBe('language-js-onclick-x');
  });

  it('neutralises javascript: and data: links as plain text, and reports them', async () => {
    const { doc, report } = await render(fixture('hostile.en.json'));
    for (const a of doc.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^https:/);
    const text = $(doc, '#b1').textContent ?? '';
    for (const words of ['click me', 'tabbed', 'data']) expect(text).toContain(words);
    expect(doc.querySelector('.byline a')).toBeNull();
    expect(doc.querySelector('.source a')).toBeNull();
    expect(doc.querySelector('link[rel=canonical]')).toBeNull();
    expect(report.warnings.filter((m) => m.origin === 'html:unsafe-link')).toHaveLength(3);
  });

  it('leaves out an image with a disallowed source and reports it', async () => {
    const { doc, report } = await render(fixture('hostile.en.json'));
    expect(doc.querySelector('#b2 img')).toBeNull();
    expect(report.warnings.some((m) => m.origin === 'html:unsafe-image' && m.blockId === 'b2')).toBe(true);
  });

  it('drops characters XML cannot carry and a date it cannot read', async () => {
    const { doc, html, report } = await render(fixture('hostile.en.json'));
    expect(html.includes('\u0007') || html.includes('\u000c')).toBe(false);
    expect($(doc, '#b1').textContent).toContain('bell and form feed are gone');
    expect(doc.querySelector('time')).toBeNull();
    expect(report.warnings.some((m) => m.origin === 'html:bad-date')).toBe(true);
  });
});

describe('writeHtml: ids and well-formedness', () => {
  it.each(fixtureNames)('%s: every block id is an element id, and ids are unique', async (name) => {
    const article = fixture(name);
    const { doc } = await render(article);
    const ids = [...doc.querySelectorAll('[id]')].map((el) => el.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const block of walkBlocks(article.blocks)) expect(ids).toContain(block.id);
    expect(ids).toContain(article.id);
  });

  it('renames a repeated block id and an article id that collides with a block id', async () => {
    const { doc, report } = await render(fixture('hostile.en.json'));
    expect($(doc, '#b1').tagName).toBe('P');
    expect($(doc, 'blockquote > p').id).toBe('b1-2');
    expect(report.warnings.some((m) => m.origin === 'html:duplicate-id')).toBe(true);

    const collide = await render(minimal({ id: 'b1' }));
    expect(collide.doc.getElementById('b1')?.tagName).toBe('P');
    expect($(collide.doc, 'article').id).toBe('b1-2');
  });

  it.each(fixtureNames)('%s: the output is well-formed XHTML', async (name) => {
    for (const options of [{}, { standalone: false }] as HtmlWriterOptions[]) {
      const { html } = await render(fixture(name), options);
      const doc = parseXhtml(html);
      expect(doc.getElementsByTagName('article')).toHaveLength(1);
      expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    }
  });

  it('the XHTML check rejects what is not well-formed (control case)', () => {
    expect(() =>
      parseXhtml('<html xmlns="http://www.w3.org/1999/xhtml"><body><br><p>a & b</p></body></html>'),
    ).toThrow();
  });
});

describe('writeHtml: environment', () => {
  it('configures the template environment once', () => {
    expect(htmlEnvironment()).toBe(htmlEnvironment());
  });

  it('finds the templates from src/ and from a compiled dist/ module alike', () => {
    const expected = join(projectRoot, 'templates', 'html');
    expect(htmlTemplatesDir()).toBe(expected);
    const compiled = pathToFileURL(join(projectRoot, 'dist', 'src', 'write', 'html', 'environment.js')).href;
    expect(htmlTemplatesDir(compiled)).toBe(expected);
  });

  it('lets the CSP admit same-origin images when an image path is relative', async () => {
    const figure: Block = {
      id: 'b2',
      type: 'figure',
      src: 'images/photo.jpg',
      alt: 'A photo',
      altSource: 'author',
      decorative: false,
    };
    const { doc } = await render(minimal({ blocks: [para('x', 'b1'), figure] }));
    expect($(doc, '#b2 img').getAttribute('src')).toBe('images/photo.jpg');
    expect($(doc, 'meta[http-equiv=Content-Security-Policy]').getAttribute('content')).toContain(
      "img-src data: https: http: 'self'",
    );
  });
});
