/**
 * The parts of the PDF writer that need no browser: hyphenation, the print HTML and its page rules, the
 * embedded fonts, the options, the XMP packet and the outline rebuilt from headings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { PDFDict, PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { Article } from '../../src/model/schema.js';
import { fontFaceCss, subsetsFor } from '../../src/write/pdf/fonts.js';
import { canHyphenate, hyphenateArticle, hyphenateText } from '../../src/write/pdf/hyphenate.js';
import { PdfOptions } from '../../src/write/pdf/options.js';
import { rebuildOutline } from '../../src/write/pdf/outline.js';
import { cssString, printDocument, shortTitle } from '../../src/write/pdf/print-document.js';
import { xmpPacket } from '../../src/write/pdf/xmp.js';
import { projectRoot } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';
import { outline } from './pdf-support.js';

const SHY = '\u00AD';
const show = (text: string) => text.replaceAll(SHY, '|');

function fixture(name: string): Article {
  return Article.parse(JSON.parse(readFileSync(join(projectRoot, 'tests/fixtures/articles', name), 'utf8')));
}

describe('hyphenateText', () => {
  it.each([
    ['en', 'international negotiations', /^in\|ter\|na\|tional ne\|go\|ti\|a\|tions$/],
    ['ru', 'переговоры министров', /^пе\|ре\|го\|воры ми\|ни\|стров$/],
    ['de', 'Verhandlungen', /^Ver\|hand\|lun\|gen$/],
    ['fr', 'gouvernement', /^gou\|ver\|ne\|ment$/],
    ['es', 'negociaciones', /^ne\|go\|cia\|cio\|nes$/],
  ])('breaks long words in %s with soft hyphens', (lang, text, expected) => {
    expect(show(hyphenateText(text, lang))).toMatch(expected);
  });

  it('leaves short words, addresses, e-mail, numbers and acronyms whole; keeps two letters before and three after a break', () => {
    const text =
      'short words: https://example.org/international www.example.com anne@example.org NATO-UNESCO 2021-05-19 example.com';
    expect(hyphenateText(text, 'en')).toBe(text);
    for (const word of hyphenateText('humanitarian considerations', 'en').split(' ')) {
      const parts = word.split(SHY);
      expect(parts[0]?.length).toBeGreaterThanOrEqual(2);
      expect(parts[parts.length - 1]?.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('knows which languages it can hyphenate', () => {
    expect(canHyphenate('en-GB')).toBe(true);
    expect(canHyphenate('pt-BR')).toBe(true);
    expect(canHyphenate('ja')).toBe(false);
    expect(hyphenateText('日本語のテキストです', 'ja')).toBe('日本語のテキストです');
  });
});

describe('hyphenateArticle', () => {
  it('hyphenates running text in the language of each run, never headings or code, without changing the input', () => {
    const article = fixture('every-block.en.json');
    const before = JSON.stringify(article);
    const out = hyphenateArticle(article);
    expect(JSON.stringify(article)).toBe(before);
    const json = JSON.stringify(out);
    expect(json).toContain(SHY);
    for (const block of out.blocks) {
      if (block.type === 'heading' || block.type === 'preformatted')
        expect(JSON.stringify(block)).not.toContain(SHY);
    }
    expect(out.title).toBe(article.title);
    const withSpan = Article.parse({
      ...article,
      blocks: [
        {
          id: 'b1',
          type: 'paragraph',
          children: [
            { type: 'text', text: 'Negotiations ' },
            { type: 'lang', lang: 'de', children: [{ type: 'text', text: 'Verhandlungen' }] },
          ],
        },
      ],
    });
    const para = hyphenateArticle(withSpan).blocks[0];
    expect(show(JSON.stringify(para))).toContain('Ver|hand|lun|gen');
    expect(show(JSON.stringify(para))).toContain('Ne|go|ti|a|tions');
  });
});

describe('printDocument', () => {
  const options = PdfOptions.parse({});

  it('builds print HTML: print stylesheet, embedded fonts, page rules, figure and language hints, link notes', () => {
    const doc = printDocument(fixture('every-block.en.json'), options, testCtx());
    const dom = new JSDOM(doc.html).window.document;
    const css = dom.querySelector('style')?.textContent ?? '';
    expect(css).toContain('@font-face{font-family:"Readout Serif"');
    expect(css).toMatch(/src:url\(data:font\/woff2;base64,/);
    expect(css).toMatch(/@page\{size:A4;margin:20mm 20mm 22mm;/);
    expect(css).toContain('@page:first{@top-left{content:none}@top-right{content:none}}');
    expect(css).toContain('counter(page)');
    expect(css).toContain('counter(pages)');
    expect(css).not.toContain('prefers-color-scheme'); // not the screen stylesheet
    const csp = dom.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    expect(csp).toBe("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'");
    for (const figure of dom.querySelectorAll('figure')) expect(figure.getAttribute('role')).toBe('none');
    expect(dom.querySelector('span[lang="fr"]')?.getAttribute('role')).toBe('group');
    // The fixture's pictures are remote and not in an image store: never loaded, their alt text stands in.
    expect(dom.querySelectorAll('img')).toHaveLength(0);
    expect(doc.headings[0]).toEqual({ level: 1, text: 'Harbour bridge reopens after two years of repairs' });
    expect(doc.headings.map((h) => h.text)).toEqual(
      [...dom.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => h.textContent?.replace(/\s+/g, ' ').trim()),
    );
  });

  it('numbers link addresses as notes (once per address) and lists them after the text', () => {
    const article = Article.parse({
      ...fixture('every-block.en.json'),
      blocks: [
        {
          id: 'b1',
          type: 'paragraph',
          children: [
            { type: 'link', href: 'https://example.org/a', children: [{ type: 'text', text: 'first' }] },
            { type: 'text', text: ' ' },
            { type: 'link', href: 'mailto:desk@example.org', children: [{ type: 'text', text: 'write' }] },
            { type: 'text', text: ' ' },
            { type: 'link', href: 'https://example.org/a', children: [{ type: 'text', text: 'again' }] },
            { type: 'text', text: ' ' },
            { type: 'link', href: 'https://example.org/', children: [{ type: 'text', text: 'example.org' }] },
            { type: 'text', text: ' ' },
            { type: 'link', href: '#b1', children: [{ type: 'text', text: 'here' }] },
          ],
        },
      ],
    });
    const dom = new JSDOM(printDocument(article, options, testCtx()).html).window.document;
    expect([...dom.querySelectorAll('#b1 sup.link-note')].map((s) => s.textContent)).toEqual(['1', '2', '1']);
    expect(
      [...dom.querySelectorAll('.link-notes li')].map((li) => [li.getAttribute('value'), li.textContent]),
    ).toEqual([
      ['1', 'https://example.org/a'],
      ['2', 'desk@example.org'],
    ]);
  });

  it('escapes the title and publication in the page rules (no way out of the CSS string or the style element)', () => {
    const hostile = fixture('hostile.en.json');
    const article = { ...hostile, title: 'A "title" \\ with </style><script>alert(1)</script>' };
    const doc = printDocument(article, options, testCtx());
    expect(doc.html).not.toMatch(/<\/style>\s*<script>/i);
    const dom = new JSDOM(doc.html).window.document;
    expect(dom.querySelectorAll('script')).toHaveLength(0);
    expect(cssString('a "b" \\ </style>')).toBe('"a \\"b\\" \\\\ \\3c /style>"');
  });

  it('follows the options: Letter paper, margins, two columns, ragged text without hyphenation', () => {
    const article = fixture('every-block.en.json');
    const css = (o: object) => {
      const html = printDocument(article, PdfOptions.parse(o), testCtx()).html;
      return new JSDOM(html).window.document.querySelector('style')?.textContent ?? '';
    };
    const custom = css({ paper: 'letter', margins: 15, columns: 2, hyphenate: false });
    expect(custom).toContain('@page{size:letter;margin:15mm 15mm 17mm;');
    expect(custom).toContain('column-count:2');
    expect(custom).toContain('text-align:start;hyphens:none');
    const html = printDocument(article, PdfOptions.parse({ hyphenate: false }), testCtx()).html;
    expect(html).not.toContain(SHY);
    expect(css({})).toContain('text-align:justify');
    expect(css({})).not.toContain('column-count');
  });

  it('puts the publication at the start side: on the right for right-to-left articles', () => {
    const ar = printDocument(
      { ...fixture('arabic.ar.json'), source: { name: 'الجريدة' } },
      options,
      testCtx(),
    );
    const dom = new JSDOM(ar.html).window.document;
    expect(dom.documentElement.getAttribute('dir')).toBe('rtl');
    expect(dom.querySelector('style')?.textContent).toContain('@top-right{content:"الجريدة"}');
  });

  it('shortens long titles for the running header at a word boundary', () => {
    expect(shortTitle('Short title')).toBe('Short title');
    const long =
      'Lavrov and Blinken discuss regional conflicts, Navalny, and the repression of the opposition';
    const short = shortTitle(long);
    expect(short.length).toBeLessThanOrEqual(55);
    expect(short.endsWith('…')).toBe(true);
    expect(long.startsWith(short.slice(0, -1))).toBe(true);
  });
});

describe('fonts', () => {
  it('embeds only the subsets the text needs (Latin always)', () => {
    expect(subsetsFor('Plain English')).toEqual(['latin']);
    expect(subsetsFor('Привет, мир')).toEqual(['latin', 'cyrillic']);
    expect(subsetsFor('Łódź and Ελλάδα')).toEqual(['latin', 'latin-ext', 'greek']);
    const css = fontFaceCss('Привет');
    expect(css.match(/@font-face/g)).toHaveLength(12); // six faces × (Latin, Cyrillic)
    expect(css).toContain('unicode-range:U+0301,U+0400-045F');
    expect(css).toContain('font-weight:700;');
    expect(css).toContain('font-style:italic;');
  });
});

describe('PdfOptions', () => {
  it('has defaults and refuses bad values', () => {
    expect(PdfOptions.parse({})).toEqual({
      paper: 'a4',
      columns: 1,
      margins: 20,
      hyphenate: true,
      timeoutMs: 30_000,
    });
    expect(PdfOptions.safeParse({ paper: 'a3' }).success).toBe(false);
    expect(PdfOptions.safeParse({ columns: 3 }).success).toBe(false);
    expect(PdfOptions.safeParse({ margins: 2 }).success).toBe(false);
    expect(PdfOptions.safeParse({ timeoutMs: 10 }).success).toBe(false);
    expect(PdfOptions.safeParse({ colour: 'red' }).success).toBe(false);
  });
});

describe('xmpPacket', () => {
  it('carries the Dublin Core fields and the PDF/UA claim, escaped', () => {
    const xmp = xmpPacket({
      title: 'Tom & Jerry <live>',
      lang: 'en',
      creators: ['Ann "A" Writer'],
      description: 'About things',
      publisher: 'Gazette',
      subjects: ['news'],
      date: '2021-05-19',
      keywords: 'news',
      producer: 'readout',
      creatorTool: 'readout',
      created: new Date('2024-01-02T03:04:05Z'),
    });
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Tom &amp; Jerry &lt;live&gt;</rdf:li>');
    expect(xmp).toContain(
      '<dc:creator><rdf:Seq><rdf:li>Ann &quot;A&quot; Writer</rdf:li></rdf:Seq></dc:creator>',
    );
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('<xmp:CreateDate>2024-01-02T03:04:05Z</xmp:CreateDate>');
    expect(() => new JSDOM(xmp, { contentType: 'application/xml' })).not.toThrow();
  });
});

describe('rebuildOutline', () => {
  /** A PDF whose outline has Chromium's faults: a space lost in a wrapped heading, a heading listed twice. */
  async function chromiumLike(): Promise<PDFDocument> {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const ctx = doc.context;
    const titles = [
      'The title',
      'A heading that wrapsover two lines',
      'A heading that wrapsover two lines',
      'Last',
    ];
    const refs = titles.map(() => ctx.nextRef());
    const root = ctx.nextRef();
    titles.forEach((title, i) => {
      const dict: Record<string, unknown> = {
        Title: PDFHexString.fromText(title),
        Parent: i === 0 ? root : refs[0],
        Dest: [page.ref, 'XYZ', 0, 700 - i * 100, 0],
      };
      if (i === 0) Object.assign(dict, { First: refs[1], Last: refs[3], Count: 3 });
      if (i > 1) dict.Prev = refs[i - 1];
      if (i > 0 && i < 3) dict.Next = refs[i + 1];
      ctx.assign(refs[i] as PDFRef, ctx.obj(dict as never));
    });
    ctx.assign(root, ctx.obj({ Type: 'Outlines', First: refs[0], Last: refs[0], Count: 4 } as never));
    doc.catalog.set(PDFName.of('Outlines'), root);
    return doc;
  }

  it('titles bookmarks exactly as the headings, once each, nested by level, at Chromium’s places', async () => {
    const doc = await chromiumLike();
    expect(outline(doc).map((o) => o.title)).toContain('A heading that wrapsover two lines');
    const result = rebuildOutline(doc, [
      { level: 1, text: 'The title' },
      { level: 2, text: 'A heading that wraps over two lines' },
      { level: 3, text: 'Last' },
    ]);
    expect(result.unmatched).toBe(0);
    const reloaded = await PDFDocument.load(await doc.save());
    expect(outline(reloaded)).toEqual([
      { depth: 0, title: 'The title' },
      { depth: 1, title: 'A heading that wraps over two lines' },
      { depth: 2, title: 'Last' },
    ]);
    const first = reloaded.catalog
      .lookup(PDFName.of('Outlines'), PDFDict)
      .lookup(PDFName.of('First'), PDFDict);
    const wrapped = first.lookup(PDFName.of('First'), PDFDict);
    expect(String(wrapped.get(PDFName.of('Dest')))).toMatch(/XYZ 0 600 0/);
  });
});
