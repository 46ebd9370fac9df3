/**
 * The lazy PDF reader and copy-through writer behind the post-processing: objects parsed only when looked
 * up, untouched objects copied byte for byte, a correct cross-reference table; other layouts fall back to
 * pdf-lib's full load and save with the same fixes.
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { untaggedObjects } from '../../src/write/pdf/content-stream.js';
import { PdfPool } from '../../src/write/pdf/index.js';
import { openLazyPdf } from '../../src/write/pdf/lazy-pdf.js';
import { PdfOptions } from '../../src/write/pdf/options.js';
import { type PostprocessInput, postprocessPdf } from '../../src/write/pdf/postprocess.js';
import { printDocument } from '../../src/write/pdf/print-document.js';
import { structureMayNeedFixes } from '../../src/write/pdf/structure.js';
import { corpusArticle, pageContents, pdfInfo, pdfText, xmpOf } from './pdf-support.js';

const pool = new PdfPool({ pages: 1, timeoutMs: 60_000 });
afterAll(() => pool.close());

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** Every in-use entry of the (last) cross-reference table, checked to point at its object's header. */
function xrefEntries(bytes: Uint8Array): { num: number; offset: number }[] {
  const text = latin1(bytes);
  const start = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  expect(text.slice(start, start + 4)).toBe('xref');
  const out: { num: number; offset: number }[] = [];
  const body = text.slice(start + 4, text.indexOf('trailer', start));
  let num = 0;
  for (const line of body.split('\n')) {
    const section = /^(\d+) (\d+)$/.exec(line.trim());
    const entry = /^(\d{10}) (\d{5}) n\s*$/.exec(line);
    if (section) num = Number(section[1]);
    else if (entry) out.push({ num: num++, offset: Number(entry[1]) });
    else if (/^\d{10} \d{5} f\s*$/.test(line)) num++;
  }
  for (const { num: n, offset } of out) {
    expect(text.slice(offset, offset + 20)).toMatch(new RegExp(`^${n} 0 obj\\b`));
  }
  return out;
}

function objectText(bytes: Uint8Array, num: number): string {
  const text = latin1(bytes);
  const entry = xrefEntries(bytes).find((e) => e.num === num);
  if (!entry) throw new Error(`no object ${num}`);
  return text.slice(entry.offset, text.indexOf('endobj', entry.offset));
}

const input = (title: string): PostprocessInput => ({
  metadata: {
    title,
    lang: 'en',
    authors: ['Ann Author'],
    keywords: ['News'],
    producer: 'test',
    creator: 'test',
    created: new Date('2026-01-02T03:04:05Z'),
  },
  headings: [{ level: 1, text: title }],
  imageAlts: [],
});

async function chromiumPdf(): Promise<Uint8Array> {
  const { article, ctx } = await corpusArticle('meduza');
  const doc = printDocument(article, PdfOptions.parse({}), ctx);
  return (await pool.render(doc.html)).pdf;
}

describe('openLazyPdf', () => {
  it('copies the objects no fix looked up (the font programs) through byte for byte', async () => {
    const pdf = await chromiumPdf();
    const lazy = openLazyPdf(pdf);
    expect(lazy).toBeDefined();
    if (!lazy) return;
    const before = xrefEntries(pdf);
    const full = await PDFDocument.load(pdf, { updateMetadata: false });
    // Font programs are never looked up by the fixes: they must come out unchanged.
    const fontFiles = full.context
      .enumerateIndirectObjects()
      .filter(([, obj]) => obj instanceof PDFRawStream && obj.dict.has(PDFName.of('Length1')))
      .map(([ref]) => ref.objectNumber);
    expect(fontFiles.length).toBeGreaterThan(0);

    lazy.doc.setTitle('Changed title');
    expect(lazy.doc.getPageCount()).toBe(full.getPageCount());
    const out = lazy.save();
    expect(latin1(out).startsWith('%PDF-')).toBe(true);
    // Same objects, each where the table says, plus none lost.
    expect(xrefEntries(out).map((e) => e.num)).toEqual(expect.arrayContaining(before.map((e) => e.num)));
    for (const num of fontFiles) expect(objectText(out, num)).toBe(objectText(pdf, num));
    expect(pdfInfo(out).Title).toBe('Changed title');
    expect(pdfText(out)).toBe(pdfText(pdf));
  });

  it('writes changed and new objects, keeping the references between them', async () => {
    const made = await PDFDocument.create();
    made.addPage().drawText('Hello', { font: await made.embedFont(StandardFonts.Helvetica) });
    const pdf = await made.save({ useObjectStreams: false });
    const lazy = openLazyPdf(pdf);
    if (!lazy) throw new Error('a classic cross-reference table must open lazily');
    const note = lazy.doc.context.register(lazy.doc.context.obj({ Note: PDFHexString.fromText('Ünïcode') }));
    lazy.doc.catalog.set(PDFName.of('ReadoutNote'), note);
    const out = lazy.save();
    xrefEntries(out);
    const back = await PDFDocument.load(out);
    const ref = back.catalog.get(PDFName.of('ReadoutNote'));
    expect(ref).toBeInstanceOf(PDFRef);
    const dict = back.context.lookup(ref, PDFDict);
    expect((dict.get(PDFName.of('Note')) as PDFHexString).decodeText()).toBe('Ünïcode');
    expect(back.getPageCount()).toBe(1);
  });

  it('leaves other layouts to pdf-lib: object streams, incremental updates, no PDF at all', async () => {
    const made = await PDFDocument.create();
    made.addPage();
    expect(openLazyPdf(await made.save({ useObjectStreams: true }))).toBeUndefined();
    const classic = await made.save({ useObjectStreams: false });
    const update = `${latin1(classic)}\n1 0 obj\n<< >>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 2 /Prev 9 /Root 1 0 R >>\nstartxref\n${classic.length + 1}\n%%EOF\n`;
    expect(openLazyPdf(Buffer.from(update, 'latin1'))).toBeUndefined();
    expect(openLazyPdf(Buffer.from('not a pdf'))).toBeUndefined();
  });
});

describe('postprocessPdf', () => {
  it("copies Chromium's file through, with every fix applied", async () => {
    const pdf = await chromiumPdf();
    const result = await postprocessPdf(pdf, input('A title'));
    expect(result.saved).toBe('copy-through');
    xrefEntries(result.bytes);
    expect(result.content.artifacts).toBeGreaterThan(0);
    const info = pdfInfo(result.bytes);
    expect(info.Title).toBe('A title');
    expect(info['PDF version']).toBe('1.7');
    expect(info.Tagged).toBe('yes');
    const doc = await PDFDocument.load(result.bytes, { updateMetadata: false });
    expect(xmpOf(doc)).toContain('<pdfuaid:part>1</pdfuaid:part>');
    // The rewritten page contents are what was saved: page furniture as artifacts, nothing untagged.
    const pages = pageContents(doc);
    expect(pages.every((content) => content.includes('/Artifact'))).toBe(true);
    expect(pages.flatMap(untaggedObjects)).toEqual([]);
  });

  it('falls back to a full rewrite for a file laid out otherwise, with the same fixes', async () => {
    const made = await PDFDocument.create();
    made.addPage().drawText('Hello');
    const pdf = await made.save({ useObjectStreams: true });
    const result = await postprocessPdf(pdf, input('Fallback'));
    expect(result.saved).toBe('rewritten');
    const doc = await PDFDocument.load(result.bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Fallback');
    expect(xmpOf(doc)).toContain('<pdfuaid:part>1</pdfuaid:part>');
  });
});

describe('structureMayNeedFixes', () => {
  const pdf = (...objects: string[]) =>
    Buffer.from(`%PDF-1.4\n${objects.map((o, i) => `${i + 1} 0 obj\n${o}\nendobj\n`).join('')}`, 'latin1');
  const doc = '<</Type /StructElem\n/S /Document\n/Lang (en)\n/P 2 0 R>>';
  const catalog = '<</Type /Catalog\n/Lang (en)>>';

  it('is false when the tree has no Figure and no grouping element with a language', () => {
    expect(structureMayNeedFixes(pdf(catalog, doc, '<</Type /StructElem\n/S /P\n/P 2 0 R>>'))).toBe(false);
  });

  it('is true for a Figure, or a NonStruct or Div element with /Lang', () => {
    expect(structureMayNeedFixes(pdf(catalog, doc, '<</Type /StructElem\n/S /Figure>>'))).toBe(true);
    expect(structureMayNeedFixes(pdf(catalog, '<</Type /StructElem\n/S /NonStruct\n/Lang (de)>>'))).toBe(
      true,
    );
    expect(structureMayNeedFixes(pdf('<</Type /StructElem /Lang (fr) /S /Div /K 3>>', catalog))).toBe(true);
    expect(structureMayNeedFixes(pdf(catalog, '<</Type /StructElem\n/S /Divider\n/Lang (de)>>'))).toBe(false);
  });
});
