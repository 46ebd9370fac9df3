import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EPub } from 'epub-gen-memory';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/context.js';
import { ImageStore } from '../../src/enrich/images/store.js';
import { InputError } from '../../src/errors.js';
import type { Article, Block, Figure } from '../../src/model/schema.js';
import { coverAlt, coverSvg, wrapText } from '../../src/write/epub/cover.js';
import { nameUuid, parseIsoDate } from '../../src/write/epub/identifier.js';
import {
  AnthologyOptions,
  CONFORMS_TO,
  EpubOptions,
  writeAnthology,
  writeEpub,
} from '../../src/write/epub/index.js';
import { accessibilityMetadata, emptyImageFacts } from '../../src/write/epub/metadata.js';
import { testCtx } from '../helpers/ctx.js';
import { picture, readZip, type ZipEntry, zipText } from './epub-support.js';

function para(text: string, id = ''): Block {
  return { id, type: 'paragraph', children: [{ type: 'text', text }] };
}

function heading(text: string, level: number, id: string): Block {
  return { id, type: 'heading', level, children: [{ type: 'text', text }] };
}

function figure(id: string, extra: Partial<Figure> = {}): Figure {
  return {
    id,
    type: 'figure',
    src: `https://images.example/${id}.jpg`,
    alt: 'A ferry leaving the harbour at dawn',
    altSource: 'author',
    decorative: false,
    ...extra,
  };
}

function article(overrides: Partial<Article> = {}): Article {
  return {
    schemaVersion: 1,
    id: 'harbour-reopens-1a2b3c4d',
    lang: 'en',
    title: 'Harbour reopens after the storm',
    subtitle: 'Ferries run again after a week of repairs',
    authors: [{ name: 'Ann Writer' }, { name: 'Bo Reporter' }],
    translators: [{ name: 'Tina Translator' }],
    source: { name: 'Coast Times', url: 'https://coast.example/' },
    url: 'https://coast.example/news/harbour',
    publishedAt: '2021-05-19T08:30:00Z',
    blocks: [para('The harbour reopened on Monday.', 'b1'), para('Ferries run every hour.', 'b2')],
    speakers: [],
    ...overrides,
  };
}

/** A context whose image store holds a picture for each of the given figure ids. */
async function ctxWithPictures(ids: readonly string[], seed = ''): Promise<Ctx> {
  const ctx = testCtx();
  const store = new ImageStore();
  for (const id of ids) {
    const bytes = await picture(`${seed}${id}`);
    const variant = { bytes, mediaType: 'image/jpeg', width: 200, height: 120 };
    store.set(id, {
      print: variant,
      epub: variant,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  ctx.images = store;
  return ctx;
}

interface Book {
  bytes: Uint8Array;
  entries: ZipEntry[];
  opf: Document;
  opfText: string;
  nav: Document;
  xhtml(name: string): Document;
  text(name: string): string;
}

function xml(text: string, type: 'application/xml' | 'application/xhtml+xml' = 'application/xml'): Document {
  return new JSDOM(text.replace(/<!DOCTYPE html>/, ''), { contentType: type }).window.document;
}

function open(bytes: Uint8Array): Book {
  const entries = readZip(bytes);
  const text = (name: string) => zipText(entries, name);
  return {
    bytes,
    entries,
    opf: xml(text('OEBPS/content.opf')),
    opfText: text('OEBPS/content.opf'),
    nav: xml(text('OEBPS/toc.xhtml'), 'application/xhtml+xml'),
    xhtml: (name) => xml(text(`OEBPS/${name}`), 'application/xhtml+xml'),
    text,
  };
}

async function book(a: Article, options: EpubOptions = {}, ctx: Ctx = testCtx()): Promise<Book> {
  const out = await writeEpub(a, options, ctx);
  expect(out.mediaType).toBe('application/epub+zip');
  expect(out.extension).toBe('epub');
  return open(out.bytes);
}

const metas = (doc: Document, property: string) =>
  [...doc.querySelectorAll('meta')]
    .filter((m) => m.getAttribute('property') === property)
    .map((m) => m.textContent);

const tag = (doc: Document, name: string) => [...doc.getElementsByTagName(name)].map((e) => e.textContent);

describe('EPUB container', () => {
  it('starts with the stored mimetype and holds exactly the files the package lists', async () => {
    const ctx = await ctxWithPictures(['b2']);
    const b = await book(
      article({ blocks: [para('Text.', 'b1'), figure('b2'), para('More.', 'b3')] }),
      {},
      ctx,
    );
    expect(b.entries[0]).toMatchObject({ name: 'mimetype', method: 0 });
    expect(b.entries[0]!.bytes.toString()).toBe('application/epub+zip');
    expect(b.text('META-INF/container.xml')).toContain('full-path="OEBPS/content.opf"');
    const manifest = [...b.opf.getElementsByTagName('item')].map((i) => `OEBPS/${i.getAttribute('href')}`);
    const files = b.entries
      .map((e) => e.name)
      .filter(
        (n) => !n.endsWith('/') && !['mimetype', 'META-INF/container.xml', 'OEBPS/content.opf'].includes(n),
      );
    expect(files.sort()).toEqual(manifest.sort());
    // Pictures are stored as they are (already compressed), text is deflated.
    expect(b.entries.find((e) => e.name.startsWith('OEBPS/images/'))?.method).toBe(0);
    expect(b.entries.find((e) => e.name === 'OEBPS/chapter-1.xhtml')?.method).toBe(8);
  });

  it('gives the same bytes for the same input, with zip times at the modification date', async () => {
    const a = article({
      modifiedAt: '2021-05-20T10:15:00Z',
      blocks: [para('Text.', 'b1'), figure('b2'), heading('Later', 2, 'b3')],
    });
    const first = (await writeEpub(a, {}, await ctxWithPictures(['b2']))).bytes;
    const second = (await writeEpub(structuredClone(a), {}, await ctxWithPictures(['b2']))).bytes;
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const b = open(first);
    for (const entry of b.entries) expect(entry.date.toISOString()).toBe('2021-05-20T10:15:00.000Z');
    expect(metas(b.opf, 'dcterms:modified')).toEqual(['2021-05-20T10:15:00Z']);
  });

  it('derives the book identifier from the article id only', async () => {
    const id = async (a: Article) => tag((await book(a, { cover: 'none' })).opf, 'dc:identifier')[0];
    const base = await id(article());
    expect(base).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await id(article({ title: 'Another title', blocks: [para('Other text.', 'b1')] }))).toBe(base);
    expect(await id(article({ id: 'another-article-9f8e7d6c' }))).not.toBe(base);
    expect(base).toBe(nameUuid('article:harbour-reopens-1a2b3c4d'));
  });

  it('takes dcterms:modified from modifiedAt, else publishedAt, else a fixed epoch', async () => {
    const modified = async (a: Article) =>
      metas((await book(a, { cover: 'none' })).opf, 'dcterms:modified')[0];
    expect(await modified(article({ modifiedAt: '2022-01-02', publishedAt: '2021-01-01' }))).toBe(
      '2022-01-02T00:00:00Z',
    );
    expect(await modified(article({ publishedAt: '2021-05-19T10:30:00+03:00' }))).toBe(
      '2021-05-19T07:30:00Z',
    );
    expect(await modified(article({ publishedAt: 'last Tuesday' }))).toBe('1980-01-01T00:00:00Z');
    expect(parseIsoDate('2021-02-31')).toBeUndefined();
  });
});

describe('EPUB package metadata', () => {
  it('describes the article: language, title, authors, translators, publisher, date, source', async () => {
    const b = await book(article({ lang: 'fr', title: 'Le port rouvre' }), { cover: 'none' });
    const pkg = b.opf.documentElement;
    expect(pkg.getAttribute('xml:lang')).toBe('fr');
    expect(tag(b.opf, 'dc:language')).toEqual(['fr']);
    expect(tag(b.opf, 'dc:title')).toEqual(['Le port rouvre']);
    expect(tag(b.opf, 'dc:creator')).toEqual(['Ann Writer', 'Bo Reporter']);
    expect(tag(b.opf, 'dc:contributor')).toEqual(['Tina Translator']);
    const roleOf = (id: string | null) =>
      [...b.opf.getElementsByTagName('meta')].find((m) => m.getAttribute('refines') === `#${id}`)
        ?.textContent;
    for (const c of b.opf.getElementsByTagName('dc:creator'))
      expect(roleOf(c.getAttribute('id'))).toBe('aut');
    for (const c of b.opf.getElementsByTagName('dc:contributor'))
      expect(roleOf(c.getAttribute('id'))).toBe('trl');
    expect(tag(b.opf, 'dc:publisher')).toEqual(['Coast Times']);
    expect(tag(b.opf, 'dc:date')).toEqual(['2021-05-19']);
    expect(tag(b.opf, 'dc:source')).toEqual(['https://coast.example/news/harbour']);
    expect(tag(b.opf, 'dc:description')).toEqual(['Ferries run again after a week of repairs']);
    // The chapter is in the article's language, not the library's hard-coded English.
    expect(b.xhtml('chapter-1.xhtml').documentElement.getAttribute('xml:lang')).toBe('fr');
  });

  it('claims alternativeText and conformance when every picture has a text alternative', async () => {
    const ctx = await ctxWithPictures(['b2', 'b3']);
    const a = article({
      blocks: [
        para('Text.', 'b1'),
        figure('b2'),
        figure('b3', { alt: '', altSource: 'decorative', decorative: true }),
      ],
    });
    const b = await book(a, {}, ctx);
    expect(metas(b.opf, 'schema:accessMode')).toEqual(['textual', 'visual']);
    expect(metas(b.opf, 'schema:accessModeSufficient')).toEqual(['textual', 'textual,visual']);
    expect(metas(b.opf, 'schema:accessibilityFeature')).toEqual(
      expect.arrayContaining(['structuralNavigation', 'tableOfContents', 'readingOrder', 'alternativeText']),
    );
    expect(metas(b.opf, 'schema:accessibilityHazard')).toEqual(['none']);
    expect(metas(b.opf, 'schema:accessibilitySummary')[0]).toMatch(/All 2 pictures have text alternatives/);
    expect(metas(b.opf, 'dcterms:conformsTo')).toEqual([CONFORMS_TO]);
  });

  it('does not claim alternativeText or conformance when a picture lacks a text alternative', async () => {
    const ctx = await ctxWithPictures(['b2', 'b3']);
    const a = article({
      blocks: [
        para('Text.', 'b1'),
        figure('b2'),
        figure('b3', { alt: 'Photograph, no description available', altSource: 'missing' }),
      ],
    });
    const b = await book(a, {}, ctx);
    expect(metas(b.opf, 'schema:accessibilityFeature')).not.toContain('alternativeText');
    expect(metas(b.opf, 'dcterms:conformsTo')).toEqual([]);
    expect(metas(b.opf, 'schema:accessModeSufficient')).toEqual(['textual,visual']);
    expect(metas(b.opf, 'schema:accessibilitySummary')[0]).toMatch(
      /1 of the pictures has no text alternative/,
    );
    expect(ctx.report.messages).toContainEqual(expect.objectContaining({ origin: 'epub:not-conformant' }));
  });

  it('states only textual access for a text without pictures or cover', async () => {
    const b = await book(article(), { cover: 'none' });
    expect(metas(b.opf, 'schema:accessMode')).toEqual(['textual']);
    expect(metas(b.opf, 'schema:accessModeSufficient')).toEqual(['textual']);
    expect(metas(b.opf, 'schema:accessibilityFeature')).not.toContain('alternativeText');
  });

  it('does not claim conformance when a chapter language is undetermined', () => {
    const facts = { images: emptyImageFacts(), cover: false, chapterLanguages: ['und'], headings: 0 };
    expect(accessibilityMetadata(facts).conformsTo).toBeUndefined();
    expect(accessibilityMetadata({ ...facts, chapterLanguages: ['en'] }).conformsTo).toBe(CONFORMS_TO);
  });
});

describe('EPUB chapters', () => {
  it('keeps alt="" on decorative pictures and writes pictures from the store under content names', async () => {
    const ctx = await ctxWithPictures(['b2', 'b3']);
    const a = article({
      blocks: [
        para('Text.', 'b1'),
        figure('b2'),
        figure('b3', { alt: '', altSource: 'decorative', decorative: true }),
      ],
    });
    const b = await book(a, {}, ctx);
    const chapter = b.text('OEBPS/chapter-1.xhtml');
    expect(chapter).not.toContain('image-placeholder');
    const doc = b.xhtml('chapter-1.xhtml');
    const decorative = doc.querySelector('#b3 img')!;
    expect(decorative.getAttribute('alt')).toBe('');
    expect(decorative.getAttribute('role')).toBe('presentation');
    const described = doc.querySelector('#b2 img')!;
    expect(described.getAttribute('alt')).toBe('A ferry leaving the harbour at dawn');
    const src = described.getAttribute('src')!;
    expect(src).toBe(ctx.images!.fileName('b2', 'epub'));
    const file = b.entries.find((e) => e.name === `OEBPS/${src}`)!;
    expect(file.bytes.equals(Buffer.from(ctx.images!.variant('b2', 'epub')!.bytes))).toBe(true);
  });

  it('gives a figure without a stored picture no <img>, keeping its alt as text', async () => {
    const a = article({ blocks: [para('Text.', 'b1'), figure('b2', { alt: 'Storm damage on the pier' })] });
    const b = await book(a, { cover: 'none' });
    const doc = b.xhtml('chapter-1.xhtml');
    expect(doc.querySelector('#b2 img')).toBeNull();
    expect(doc.querySelector('#b2')!.textContent).toContain('Storm damage on the pier');
    expect(b.entries.some((e) => e.name.startsWith('OEBPS/images/'))).toBe(false);
  });

  it('wraps the article in a doc-chapter section and closes heading-level gaps', async () => {
    const a = article({
      blocks: [
        para('Intro.', 'b1'),
        heading('Damage', 4, 'b2'),
        heading('Costs', 5, 'b3'),
        heading('Repairs', 3, 'b4'),
      ],
    });
    const b = await book(a, { cover: 'none' });
    const doc = b.xhtml('chapter-1.xhtml');
    const section = doc.querySelector('body > section')!;
    expect(section.getAttributeNS('http://www.idpf.org/2007/ops', 'type')).toBe('chapter');
    expect(section.getAttribute('role')).toBe('doc-chapter');
    expect(
      [...doc.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => `${h.localName}:${h.textContent}`),
    ).toEqual(['h1:Harbour reopens after the storm', 'h2:Damage', 'h3:Costs', 'h2:Repairs']);
  });

  it('has a doc-toc nav with nested headings and a landmarks nav, after the chapter in reading order', async () => {
    const a = article({
      blocks: [
        para('Intro.', 'b1'),
        heading('Damage', 2, 'b2'),
        heading('Costs', 3, 'b3'),
        heading('Repairs', 2, 'b4'),
      ],
    });
    const b = await book(a);
    const toc = b.nav.querySelector('nav#toc')!;
    expect(toc.getAttribute('role')).toBe('doc-toc');
    expect(toc.getAttributeNS('http://www.idpf.org/2007/ops', 'type')).toBe('toc');
    const top = toc.querySelectorAll(':scope > ol > li');
    expect(top).toHaveLength(1);
    const links = (li: Element) =>
      [...li.querySelectorAll(':scope > ol > li > a')].map((x) => x.getAttribute('href'));
    expect(links(top[0]!)).toEqual(['chapter-1.xhtml#b2', 'chapter-1.xhtml#b4']);
    const damage = top[0]!.querySelector(':scope > ol > li')!;
    expect(links(damage)).toEqual(['chapter-1.xhtml#b3']);
    const landmarks = [...b.nav.querySelectorAll('nav#landmarks a')].map((x) =>
      x.getAttributeNS('http://www.idpf.org/2007/ops', 'type'),
    );
    expect(landmarks).toEqual(['cover', 'toc', 'bodymatter']);
    const spine = [...b.opf.getElementsByTagName('itemref')].map((i) => i.getAttribute('idref'));
    expect(spine).toEqual(['cover-page', 'chapter-1', 'nav']);
    expect(b.text('OEBPS/toc.ncx')).toContain('<content src="chapter-1.xhtml#b3"/>');
  });

  it('makes a PNG cover with the cover-image property and a text alternative, unless asked not to', async () => {
    const b = await book(article());
    const item = [...b.opf.getElementsByTagName('item')].find(
      (i) => i.getAttribute('properties') === 'cover-image',
    )!;
    expect(item.getAttribute('media-type')).toBe('image/png');
    const png = b.entries.find((e) => e.name === `OEBPS/${item.getAttribute('href')}`)!.bytes;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const img = b.xhtml('cover.xhtml').querySelector('img')!;
    expect(img.getAttribute('role')).toBe('doc-cover');
    expect(img.getAttribute('alt')).toBe(
      'Harbour reopens after the storm: Ferries run again after a week of repairs (Coast Times)',
    );
    const none = await book(article(), { cover: 'none' });
    expect(none.opfText).not.toContain('cover-image');
    expect(none.entries.some((e) => e.name.includes('cover'))).toBe(false);
  });
});

describe('EPUB cover', () => {
  it('sets escaped, wrapped text in the article’s direction, and describes it in the alt text', () => {
    const svg = coverSvg({ title: 'Tom & Jerry <live>', source: 'Kanal', lang: 'he' });
    expect(svg).toContain('Tom &#38; Jerry');
    expect(svg).toContain('&#60;live&#62;');
    expect(svg).not.toMatch(/<live>|& /);
    expect(svg).toContain('direction="rtl"');
    const long = 'word '.repeat(200);
    const lines = wrapText(long, 100, 0.6, 4);
    expect(lines).toHaveLength(4);
    expect(lines[3]!.endsWith('…')).toBe(true);
    // One unbroken 16,000-letter "word" is cut to lines that fit, like any long title.
    const unbroken = wrapText('x'.repeat(16_000), 100, 0.6, 4);
    expect(unbroken).toHaveLength(4);
    const firstLine = unbroken[0]!.length;
    expect(firstLine).toBeGreaterThan(5);
    expect(firstLine).toBeLessThan(100);
    expect(coverSvg({ title: 'y'.repeat(16_000), lang: 'en' }).length).toBeLessThan(20_000);
    expect(coverAlt({ title: ' A  title ', subtitle: 'Sub', source: 'Src', lang: 'en' })).toBe(
      'A title: Sub (Src)',
    );
  });
});

describe('EPUB anthology', () => {
  it('makes a chapter per article, each in its own language, with a nested table of contents first', async () => {
    const en = article({ blocks: [para('Text.', 'b1'), heading('Repairs', 2, 'b2'), figure('b3')] });
    const ru = article({
      id: 'port-otkrylsya-5e6f7a8b',
      lang: 'ru',
      title: 'Порт снова открыт',
      subtitle: undefined,
      authors: [{ name: 'Анна Автор' }],
      translators: [],
      source: { name: 'Береговые новости' },
      blocks: [para('Паромы снова ходят.', 'b1'), heading('Ремонт', 2, 'b2'), figure('b3')],
    });
    const enCtx = await ctxWithPictures(['b3']);
    const ruCtx = await ctxWithPictures(['b1', 'b3'], 'ru');
    const ctx = testCtx();
    const out = await writeAnthology(
      [
        { article: en, images: enCtx.images! },
        { article: ru, images: ruCtx.images! },
      ],
      { title: 'Harbour stories' },
      ctx,
    );
    const b = open(out.bytes);
    expect(tag(b.opf, 'dc:title')).toEqual(['Harbour stories']);
    expect(tag(b.opf, 'dc:language')).toEqual(['en', 'ru']);
    expect(tag(b.opf, 'dc:creator')).toEqual(['Ann Writer', 'Bo Reporter', 'Анна Автор']);
    expect(b.xhtml('chapter-1.xhtml').documentElement.getAttribute('xml:lang')).toBe('en');
    expect(b.xhtml('chapter-2.xhtml').documentElement.getAttribute('xml:lang')).toBe('ru');
    expect(b.xhtml('chapter-2.xhtml').querySelector('title')!.textContent).toBe('Порт снова открыт');
    const top = [...b.nav.querySelectorAll('nav#toc > ol > li')];
    expect(top.map((li) => li.getAttribute('xml:lang'))).toEqual([null, 'ru']);
    expect(top.map((li) => li.querySelector(':scope > ol a')?.getAttribute('href'))).toEqual([
      'chapter-1.xhtml#b2',
      'chapter-2.xhtml#b2',
    ]);
    // Each article's b3 picture comes from its own store.
    const src = (n: number) => b.xhtml(`chapter-${n}.xhtml`).querySelector('#b3 img')!.getAttribute('src');
    expect(src(1)).toBe(enCtx.images!.fileName('b3', 'epub'));
    expect(src(2)).toBe(ruCtx.images!.fileName('b3', 'epub'));
    expect(src(1)).not.toBe(src(2));
    const spine = [...b.opf.getElementsByTagName('itemref')].map((i) => i.getAttribute('idref'));
    expect(spine).toEqual(['cover-page', 'nav', 'chapter-1', 'chapter-2']);
    // The identifier depends on the articles and their order.
    const swapped = open((await writeAnthology([ru, en], { cover: 'none' }, testCtx())).bytes);
    expect(tag(swapped.opf, 'dc:identifier')).not.toEqual(tag(b.opf, 'dc:identifier'));
    expect(tag(swapped.opf, 'dc:title')).toEqual(['Статьи']);
  });

  it('refuses an empty list of articles', async () => {
    await expect(writeAnthology([], {}, testCtx())).rejects.toBeInstanceOf(InputError);
  });
});

describe('EPUB options', () => {
  it('are strict', () => {
    expect(EpubOptions.safeParse({ cover: 'generated', images: 'print' }).success).toBe(true);
    expect(EpubOptions.safeParse({ cover: 'photo' }).success).toBe(false);
    expect(EpubOptions.safeParse({ fetchImages: true }).success).toBe(false);
    expect(AnthologyOptions.safeParse({ title: 'Book', lang: 'ru' }).success).toBe(true);
    expect(AnthologyOptions.safeParse({ lang: 'not a language' }).success).toBe(false);
  });
});

describe('EPUB without network', () => {
  it('never requests anything, while the library on its own fetches every picture', async () => {
    let requests = 0;
    const png = await picture('served');
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(png);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Control: epub-gen-memory's own image step fetches (so the counting server works).
      await new EPub({ title: 'Control', verbose: false }, [
        { title: 'One', content: `<p><img src="${base}/a.jpg"/></p>` },
      ]).genEpub();
      expect(requests).toBeGreaterThan(0);
      requests = 0;

      const ctx = await ctxWithPictures(['b2']);
      const a = article({
        url: `${base}/article`,
        source: { name: 'Local', url: `${base}/` },
        blocks: [
          {
            id: 'b1',
            type: 'paragraph',
            children: [
              { type: 'link', href: `${base}/elsewhere`, children: [{ type: 'text', text: 'a link' }] },
            ],
          },
          figure('b2', { src: `${base}/stored.jpg` }),
          figure('b3', { src: `${base}/not-stored.jpg` }),
        ],
      });
      const b = await book(a, {}, ctx);
      await writeAnthology([a, a], {}, ctx);
      expect(requests).toBe(0);
      expect(b.xhtml('chapter-1.xhtml').querySelectorAll('img')).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});
