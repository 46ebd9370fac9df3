/** Shared helpers of the PDF writer tests: poppler tools, the PDF structure tree and outline, corpus articles. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import sharp from 'sharp';
import type { Ctx } from '../../src/context.js';
import { enrich } from '../../src/enrich/pipeline.js';
import type { Article } from '../../src/model/schema.js';
import type { Fetcher } from '../../src/net/fetcher.js';
import { readArticle } from '../../src/read/index.js';
import { corpusText } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

export const POPPLER_HINT = 'apt-get install -y poppler-utils';

/** Runs a poppler tool; fails the test (never skips it) when the tool is missing. */
export function poppler(
  tool: 'pdftotext' | 'pdffonts' | 'pdfinfo' | 'pdftoppm',
  args: string[],
  pdf?: Uint8Array,
) {
  let file: string | undefined;
  let dir: string | undefined;
  if (pdf) {
    dir = mkdtempSync(join(tmpdir(), 'readout-pdf-'));
    file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
  }
  try {
    return execFileSync(tool, file ? [...args.map((a) => (a === '@' ? (file as string) : a))] : args, {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(`${tool} is not installed; this test needs it. Install it with: ${POPPLER_HINT}`);
    }
    throw new Error(`${tool} failed: ${e.stderr ?? e.message}`);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext of the whole document (or of one page), UTF-8. */
export function pdfText(pdf: Uint8Array, options: { page?: number; raw?: boolean } = {}): string {
  const args = ['-enc', 'UTF-8'];
  if (options.page) args.push('-f', String(options.page), '-l', String(options.page));
  if (options.raw) args.push('-raw');
  return poppler('pdftotext', [...args, '@', '-'], pdf);
}

/** pdfinfo as key → value. */
export function pdfInfo(pdf: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of poppler('pdfinfo', ['@'], pdf).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[(m[1] as string).trim()] = (m[2] as string).trim();
  }
  return out;
}

/** pdffonts rows: name, type, embedded (columns located by the dashed line under the header). */
export function pdfFonts(pdf: Uint8Array): { name: string; type: string; embedded: boolean }[] {
  const [, dashes = '', ...rows] = poppler('pdffonts', ['@'], pdf).split('\n');
  const columns = [...dashes.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const cell = (row: string, i: number) => row.slice(columns[i]?.[0], columns[i]?.[1]).trim();
  return rows
    .filter((row) => row.trim())
    .map((row) => ({ name: cell(row, 0), type: cell(row, 1), embedded: cell(row, 3) === 'yes' }));
}

/** Letters only, lower-cased: compares text across line breaks, hyphenation, punctuation and note marks. */
export const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}]+/gu, '');

export function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

export interface StructElement {
  type: string;
  alt?: string;
  lang?: string;
  parent?: StructElement;
}

/** The structure elements of a tagged PDF, in document order. */
export function structElements(doc: PDFDocument): StructElement[] {
  const out: StructElement[] = [];
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const visit = (kid: PDFObject | undefined, parent: StructElement | undefined): void => {
    const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
    if (value instanceof PDFArray) {
      for (const k of value.asArray()) visit(k, parent);
      return;
    }
    if (!(value instanceof PDFDict)) return;
    const s = value.get(PDFName.of('S'));
    if (!(s instanceof PDFName)) return;
    const el: StructElement = { type: s.decodeText() };
    const alt = textOf(value.get(PDFName.of('Alt')));
    const lang = textOf(value.get(PDFName.of('Lang')));
    if (alt !== undefined) el.alt = alt;
    if (lang !== undefined) el.lang = lang;
    if (parent) el.parent = parent;
    out.push(el);
    visit(value.get(PDFName.of('K')), el);
  };
  visit(root?.get(PDFName.of('K')), undefined);
  return out;
}

/** Bookmark titles with their depth, in order. */
export function outline(doc: PDFDocument): { depth: number; title: string }[] {
  const out: { depth: number; title: string }[] = [];
  const visit = (first: PDFDict | undefined, depth: number): void => {
    for (let item = first; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      out.push({ depth, title: textOf(item.lookup(PDFName.of('Title'))) ?? '' });
      visit(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  visit(root?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return out;
}

/** The decoded content streams of every page (latin1 text). */
export function pageContents(doc: PDFDocument): string[] {
  return doc.getPages().map((page) => {
    const contents = page.node.get(PDFName.of('Contents'));
    const value = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
    const parts = value instanceof PDFArray ? value.asArray() : [contents];
    return parts
      .map((p) => {
        const s = p instanceof PDFRef ? doc.context.lookup(p) : p;
        return s instanceof PDFRawStream
          ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1')
          : '';
      })
      .join('\n');
  });
}

/** The XMP packet of the catalog's /Metadata, as text. */
export function xmpOf(doc: PDFDocument): string {
  const ref = doc.catalog.get(PDFName.of('Metadata'));
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(stream instanceof PDFRawStream)) return '';
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
}

/** Link annotations of every page: their /Contents and address. */
export function linkAnnotations(doc: PDFDocument): { contents?: string; uri?: string }[] {
  const out: { contents?: string; uri?: string }[] = [];
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const ref of annots?.asArray() ?? []) {
      const a = doc.context.lookup(ref);
      if (!(a instanceof PDFDict) || a.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
      const uri = textOf(a.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('URI')));
      const contents = textOf(a.get(PDFName.of('Contents')));
      out.push({ ...(contents !== undefined ? { contents } : {}), ...(uri !== undefined ? { uri } : {}) });
    }
  }
  return out;
}

let picture: Uint8Array | undefined;
/** Serves one generated picture for every image address: figures get real pictures, nothing leaves the machine. */
export async function localPictures(): Promise<Fetcher> {
  picture ??= new Uint8Array(
    await sharp({
      create: { width: 900, height: 600, channels: 3, background: { r: 96, g: 120, b: 150 } },
    })
      .jpeg({ quality: 70 })
      .toBuffer(),
  );
  const bytes = picture;
  return {
    async fetch(url) {
      return { url, status: 200, contentType: 'image/jpeg', body: bytes };
    },
  };
}

/** A corpus document (`meduza` is the original article) read and enriched, with its context. */
export async function corpusArticle(name: string): Promise<{ article: Article; ctx: Ctx }> {
  const ctx = testCtx({ fetcher: await localPictures() });
  const text =
    name === 'meduza' ? corpusText('meduza-lavrov-blinken.txt') : corpusText('pages', name, 'source.html');
  const { article } = await readArticle(
    { data: text, name: name === 'meduza' ? 'meduza-lavrov-blinken.txt' : `${name}.html` },
    ctx,
  );
  return { article: await enrich(article, ctx), ctx };
}

/** Writes page 1 of `pdf` as a PNG under the OS temp folder and returns its path. */
export function pageOnePng(pdf: Uint8Array, name: string): string {
  const dir = join(tmpdir(), 'readout-test-artifacts');
  mkdirSync(dir, { recursive: true });
  const prefix = join(dir, name);
  poppler('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', '@', prefix], pdf);
  return `${prefix}.png`;
}

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false });
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
