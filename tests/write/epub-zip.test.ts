/**
 * The packaging step on its own: the hand-written zip writer read back by an independent reader (yauzl), and
 * the rendered files compared with what epub-gen-memory itself renders from the same templates and data (the
 * contract the templates were written for, which packEpub keeps without running the library's EPub class).
 */
import { Buffer } from 'node:buffer';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { EPub } from 'epub-gen-memory';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { RenderError } from '../../src/errors.js';
import { type BookPart, type BookSettings, layOutBook } from '../../src/write/epub/book.js';
import { type PackInput, packEpub } from '../../src/write/epub/package.js';
import { compileTemplate, epubTemplates } from '../../src/write/epub/templates.js';
import { worthDeflating, writeZip } from '../../src/write/epub/zip.js';
import { testCtx } from '../helpers/ctx.js';
import { corpusArticle, readZip } from './epub-support.js';

interface ReadEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  data: Buffer;
}

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every entry as yauzl reads it (it checks the headers, sizes and inflated lengths). */
async function yauzlEntries(bytes: Uint8Array): Promise<ReadEntry[]> {
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes), { lazyEntries: true, strictFileNames: true });
  const out: ReadEntry[] = [];
  for await (const entry of zip.eachEntry()) {
    out.push({
      name: entry.fileName,
      method: entry.compressionMethod,
      flags: entry.generalPurposeBitFlag,
      crc: entry.crc32,
      data: await drain(await zip.openReadStreamPromise(entry)),
    });
  }
  zip.close();
  return out;
}

describe('writeZip', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 500 }, (_, i) => i % 251)]);
  const text = 'Текст, который повторяется. '.repeat(200);
  const entries = [
    { path: 'mimetype', data: 'application/epub+zip', deflate: false },
    { path: 'OEBPS/chapter-1.xhtml', data: text, deflate: true },
    { path: 'OEBPS/images/фото.jpg', data: jpeg, deflate: false },
  ];

  it('writes entries an independent reader reads back, in order, with their checksums', async () => {
    const bytes = writeZip(entries, new Date(Date.UTC(2021, 4, 20, 10, 15, 0)));
    const read = await yauzlEntries(bytes);
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.path));
    expect(read.map((e) => e.method)).toEqual([0, 8, 0]);
    expect(read[1]!.data.toString('utf8')).toBe(text);
    expect(read[2]!.data.equals(jpeg)).toBe(true);
    for (const e of read) expect(e.crc).toBe(crc32(e.data));
    // Deflated text is smaller than the text.
    expect(Buffer.byteLength(text)).toBeGreaterThan(5 * (bytes.length - jpeg.length));
    for (const entry of readZip(bytes)) expect(entry.date.toISOString()).toBe('2021-05-20T10:15:00.000Z');
    // Only the non-ASCII name is flagged as UTF-8.
    expect(read.map((e) => (e.flags & 0x800) !== 0)).toEqual([false, false, true]);
  });

  it('puts the mimetype first, stored, with no extra field, as OCF requires', () => {
    const bytes = Buffer.from(writeZip(entries, new Date(Date.UTC(2021, 0, 1))));
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0); // stored
    expect(bytes.readUInt16LE(28)).toBe(0); // extra field length
    expect(bytes.toString('latin1', 30, 38)).toBe('mimetype');
    expect(bytes.toString('latin1', 38, 58)).toBe('application/epub+zip');
  });

  it('packs constant texts once, yet always as given', async () => {
    const css = (rule: string) => ({ path: 'OEBPS/style.css', data: rule, deflate: true, constant: true });
    const date = new Date(Date.UTC(2021, 0, 1));
    for (const rule of ['p { margin: 0; }', 'p { margin: 1em; }', 'p { margin: 0; }']) {
      const [entry] = await yauzlEntries(writeZip([css(rule)], date));
      expect(entry!.data.toString('utf8')).toBe(rule);
      expect(entry!.crc).toBe(crc32(rule));
    }
  });

  it('clamps dates to what a zip can hold', () => {
    const early = readZip(writeZip(entries.slice(0, 1), new Date(Date.UTC(1970, 0, 1))));
    expect(early[0]!.date.toISOString()).toBe('1980-01-01T00:00:00.000Z');
    const late = readZip(writeZip(entries.slice(0, 1), new Date(Date.UTC(2200, 0, 1))));
    expect(late[0]!.date.getUTCFullYear()).toBe(2107);
  });

  it('deflates text and stores already-compressed media', () => {
    for (const path of ['chapter-1.xhtml', 'audio/b1.smil', 'cover.svg', 'style.css']) {
      expect(worthDeflating(path)).toBe(true);
    }
    for (const path of ['cover.png', 'images/a.JPG', 'images/b.jpeg', 'images/c.webp', 'audio/book.mp3']) {
      expect(worthDeflating(path)).toBe(false);
    }
  });
});

describe('EPUB templates', () => {
  it('are compiled once, and a broken one is a render error', () => {
    const template = '<p><%= title %></p>';
    const render = compileTemplate(template, 'test.ejs');
    expect(compileTemplate(template, 'test.ejs')).toBe(render);
    expect(render({ title: 'a < b' })).toBe('<p>a &lt; b</p>');
    expect(() => compileTemplate('<% if ( %>', 'broken.ejs')).toThrow(RenderError);
  });
});

/** epub-gen-memory run as before: our templates through its options, nothing fetched; its files' texts. */
class LibraryEpub extends EPub {
  constructor(input: PackInput) {
    const t = input.templates;
    super(
      {
        title: input.title,
        lang: input.lang,
        version: 3,
        verbose: false,
        css: t.css,
        contentOPF: t.contentOPF,
        tocXHTML: t.tocXHTML,
        tocNCX: t.tocNCX,
        chapterXHTML: t.chapterXHTML,
        book: input.book,
      } as ConstructorParameters<typeof EPub>[0],
      input.documents.map((doc) => ({ ...doc, content: '' })),
    );
    this.uuid = input.id;
    input.documents.forEach((doc, i) => {
      this.content[i]!.content = doc.content;
    });
  }
  protected override async downloadAllImages(): Promise<void> {}
  protected override async downloadAllFonts(): Promise<void> {}
  protected override async makeCover(): Promise<void> {}

  async texts(): Promise<Map<string, string>> {
    await this.render();
    const files = Object.values(this.zip.files).filter((f) => !f.dir && f.name !== 'mimetype');
    return new Map(await Promise.all(files.map(async (f) => [f.name, await f.async('string')] as const)));
  }
}

async function packInput(parts: BookPart[], settings: BookSettings): Promise<PackInput> {
  const laidOut = await layOutBook(parts, settings, testCtx());
  return {
    id: laidOut.book.id,
    title: laidOut.book.title,
    lang: laidOut.book.lang,
    book: laidOut.book,
    documents: laidOut.documents,
    files: laidOut.files,
    date: laidOut.zipDate,
    templates: epubTemplates(),
  };
}

describe('packEpub', () => {
  it('renders every file exactly as epub-gen-memory renders the same templates and data', async () => {
    const [meduza, page] = await Promise.all([corpusArticle('meduza'), corpusArticle('bbc-1')]);
    const base = { cover: true, images: 'epub' as const };
    const books = [
      await packInput([{ article: meduza.article, images: meduza.ctx.images }], {
        ...base,
        title: meduza.article.title,
        lang: meduza.article.lang,
        navAfterContent: true,
      }),
      await packInput(
        [
          { article: meduza.article, images: meduza.ctx.images },
          { article: page.article, images: page.ctx.images },
        ],
        { ...base, title: 'Anthology', subtitle: 'Two articles', lang: 'en', navAfterContent: false },
      ),
    ];
    for (const input of books) {
      const expected = await new LibraryEpub(input).texts();
      const ours = new Map(
        (await yauzlEntries(packEpub(input)))
          .filter((e) => e.name !== 'mimetype' && worthDeflating(e.name))
          .map((e) => [e.name, e.data.toString('utf8')]),
      );
      expect([...ours.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, text] of expected) expect(ours.get(name), name).toBe(text);
    }
  });
});
