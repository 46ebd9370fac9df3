/**
 * Post-processing of the PDF Chromium prints, toward PDF/UA-1 (done with pdf-lib, plus the content
 * stream pass of content-stream.ts where pdf-lib has no parser):
 * - XMP metadata (dc:title, dc:creator, dc:language, pdfuaid:part 1 …) and a matching Info dictionary;
 *   PDF 1.7; the document title shown in the window; the document language;
 * - running headers, page numbers and other untagged content as artifacts; soft hyphens out of the text;
 * - /Alt on every Figure, inline language spans as Spans with /Lang, /Contents on links;
 * - bookmarks that repeat the headings exactly.
 * Chromium's file is read lazily and saved by copying the objects no fix touched (lazy-pdf.ts): a full
 * pdf-lib parse and rewrite cost more than all the fixes together.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import {
  decodePDFRawStream,
  ParseSpeeds,
  PDFArray,
  PDFDocument,
  PDFHeader,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
} from 'pdf-lib';
import { RenderError } from '../../errors.js';
import { type ContentFixes, fixContentStream } from './content-stream.js';
import { openLazyPdf } from './lazy-pdf.js';
import { rebuildOutline } from './outline.js';
import type { OutlineHeading } from './print-document.js';
import { fixStructure, type StructureFixes, structureMayNeedFixes } from './structure.js';
import { xmpPacket } from './xmp.js';

export interface PdfMetadata {
  title: string;
  lang: string;
  authors: string[];
  subject?: string | undefined;
  keywords: string[];
  publisher?: string | undefined;
  /** Publication date (ISO 8601), when known. */
  date?: string | undefined;
  producer: string;
  creator: string;
  created: Date;
}

export interface PostprocessInput {
  metadata: PdfMetadata;
  headings: readonly OutlineHeading[];
  imageAlts: readonly string[];
}

export interface PostprocessResult {
  bytes: Uint8Array;
  pages: number;
  content: ContentFixes;
  structure: StructureFixes;
  /** Headings for which Chromium made no bookmark (they point to the previous one's place). */
  unmatchedHeadings: number;
  /** How the file was written: untouched objects copied through (Chromium's layout), or pdf-lib's full rewrite. */
  saved: 'copy-through' | 'rewritten';
}

function streamBytes(doc: PDFDocument, value: PDFObject | undefined): Uint8Array | undefined {
  const stream = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (!(stream instanceof PDFRawStream)) return undefined;
  const filter = stream.dict.get(PDFName.of('Filter'));
  // Plain Flate (what Chromium writes): node's zlib is several times faster than pdf-lib's pako.
  if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    return inflateSync(stream.contents);
  }
  return decodePDFRawStream(stream).decode();
}

/** Rewrites every page's content (its streams joined into one). */
function fixPages(doc: PDFDocument): ContentFixes {
  const total: ContentFixes = { artifacts: 0, softHyphens: 0 };
  const contentsKey = PDFName.of('Contents');
  for (const page of doc.getPages()) {
    const contents = page.node.get(contentsKey);
    const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
    const parts = resolved instanceof PDFArray ? resolved.asArray() : [contents];
    const chunks: string[] = [];
    for (const part of parts) {
      const bytes = streamBytes(doc, part);
      if (!bytes) throw new RenderError('render/pdf-postprocess', 'A page content stream could not be read.');
      chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
    }
    const { text, fixes } = fixContentStream(chunks.join('\n'));
    total.artifacts += fixes.artifacts;
    total.softHyphens += fixes.softHyphens;
    if (fixes.artifacts === 0 && fixes.softHyphens === 0) continue;
    const stream = PDFRawStream.of(
      doc.context.obj({ Filter: 'FlateDecode' }),
      deflateSync(Buffer.from(text, 'latin1'), { level: 1 }),
    );
    if (contents instanceof PDFRef && !(resolved instanceof PDFArray)) doc.context.assign(contents, stream);
    else page.node.set(contentsKey, doc.context.register(stream));
  }
  return total;
}

function setMetadata(doc: PDFDocument, m: PdfMetadata): void {
  doc.setTitle(m.title, { showInWindowTitleBar: true });
  if (m.authors.length) doc.setAuthor(m.authors.join(', '));
  if (m.subject) doc.setSubject(m.subject);
  if (m.keywords.length) doc.setKeywords(m.keywords);
  doc.setCreator(m.creator);
  doc.setProducer(m.producer);
  doc.setCreationDate(m.created);
  doc.setModificationDate(m.created);
  doc.setLanguage(m.lang);
  const xmp = xmpPacket({
    title: m.title,
    lang: m.lang,
    creators: m.authors,
    description: m.subject,
    publisher: m.publisher,
    subjects: m.keywords,
    date: m.date,
    keywords: m.keywords.join(', ') || undefined,
    producer: m.producer,
    creatorTool: m.creator,
    created: m.created,
  });
  const stream = doc.context.stream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  if (!doc.catalog.has(PDFName.of('MarkInfo'))) {
    doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: true }));
  }
  doc.context.header = PDFHeader.forVersion(1, 7);
}

interface Fixed {
  pages: number;
  content: ContentFixes;
  structure: StructureFixes;
  unmatched: number;
}

function applyFixes(doc: PDFDocument, input: PostprocessInput, tree = true): Fixed {
  const content = fixPages(doc);
  const structure = fixStructure(doc, input.imageAlts, { tree });
  const { unmatched } = rebuildOutline(doc, input.headings);
  setMetadata(doc, input.metadata);
  return { pages: doc.getPageCount(), content, structure, unmatched };
}

const result = (bytes: Uint8Array, fixed: Fixed, saved: PostprocessResult['saved']): PostprocessResult => ({
  bytes,
  pages: fixed.pages,
  content: fixed.content,
  structure: fixed.structure,
  unmatchedHeadings: fixed.unmatched,
  saved,
});

/**
 * Applies every fix to the PDF `pdf` printed by Chromium: on the objects it needs only, saved by copying
 * the others through (lazy-pdf.ts), or — for a file laid out otherwise, or one the lazy reader cannot
 * follow — with pdf-lib's full load and save.
 */
export async function postprocessPdf(pdf: Uint8Array, input: PostprocessInput): Promise<PostprocessResult> {
  try {
    const lazy = openLazyPdf(pdf);
    if (lazy) {
      // Chromium's plain layout: the bytes tell whether the structure tree needs a look at all.
      const fixed = applyFixes(lazy.doc, input, structureMayNeedFixes(pdf));
      return result(lazy.save(), fixed, 'copy-through');
    }
  } catch {
    // an unexpected layout or a damaged object: pdf-lib's full parser decides below
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  } catch (error) {
    throw new RenderError('render/pdf-postprocess', 'Chromium printed a PDF that cannot be read.', [], {
      cause: error,
    });
  }
  const fixed = applyFixes(doc, input);
  const bytes = await doc.save({
    useObjectStreams: false,
    updateFieldAppearances: false,
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
  return result(bytes, fixed, 'rewritten');
}
