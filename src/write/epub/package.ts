/**
 * Packaging. The book keeps epub-gen-memory's layout and template contract: `mimetype`, then
 * `META-INF/container.xml` pointing at `OEBPS/content.opf`; our EJS templates (templates/epub/) written for
 * its `contentOPF`, `tocXHTML`, `tocNCX` and `chapterXHTML` options, each content document rendered with its
 * own keys (`title`, `lang`, `dir`, `kind`, `content`…) and the package templates with `book`.
 *
 * Its EPub class is no longer run: every step of it was either replaced already or avoidable work. On the
 * original article its path took 3.7 ms a book (pandoc: 77 ms), against a target of 1/50 of pandoc's time
 * (the step times below are from one run on a busy 2-core machine):
 *
 * - `normalizeHTML` (constructor): drops `data-*`, `datetime` and `width`, writes `alt="image-placeholder"`,
 *   renames pictures at random and lets `<script>`/`<iframe>` through; chapters are sanitised by sanitize.ts;
 * - `downloadAllImages`, `downloadAllFonts`, `makeCover`: fetch over the network; pictures and the cover come
 *   from memory here;
 * - its random identifier and current-time zip entries: replaced for identical bytes from identical input;
 * - the constructor's option checks (the `ow` library, 0.2 ms a book) check options we write ourselves;
 * - `generateTemplateFiles` compiles each EJS template on every call (`ejs.render`: 0.3 ms a book):
 *   templates.ts compiles them once;
 * - `genEpub` zips with jszip, deflating and checksumming in JavaScript (1.7 ms a book): zip.ts uses
 *   node:zlib.
 */
import { compileTemplate, type EpubTemplates } from './templates.js';
import { worthDeflating, writeZip, type ZipInput } from './zip.js';

/** A file under OEBPS/ that the book already holds in memory (a picture, the cover, audio, media overlays). */
export interface MemoryFile {
  path: string;
  bytes: Uint8Array;
}

/** One content document: the library's chapter fields plus whatever our chapter template reads. */
export interface PackedDocument extends Record<string, unknown> {
  title: string;
  filename: string;
  /** The document's body markup (already sanitised); inserted unescaped by the chapter template. */
  content: string;
}

export interface PackInput {
  /** The book identifier (`urn:uuid:…`), also the NCX `dtb:uid`. */
  id: string;
  title: string;
  lang: string;
  /** Everything the templates read as `book`. */
  book: object;
  documents: PackedDocument[];
  files: MemoryFile[];
  /** The time written into every zip entry. */
  date: Date;
  templates: EpubTemplates;
}

/** What epub-gen-memory writes as META-INF/container.xml. */
const CONTAINER_XML =
  '<?xml version="1.0" encoding="UTF-8" ?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>';

/** The EPUB bytes of a book laid out by `input`. */
export function packEpub(input: PackInput): Uint8Array {
  const { templates } = input;
  const packageData = { id: input.id, title: input.title, lang: input.lang, book: input.book };
  const chapter = compileTemplate(templates.chapterXHTML, 'chapter.xhtml.ejs');
  const entries: ZipInput[] = [
    { path: 'mimetype', data: 'application/epub+zip', deflate: false },
    { path: 'META-INF/container.xml', data: CONTAINER_XML, deflate: true, constant: true },
    {
      path: 'OEBPS/content.opf',
      data: compileTemplate(templates.contentOPF, 'content.opf.ejs')(packageData),
      deflate: true,
    },
    {
      path: 'OEBPS/toc.xhtml',
      data: compileTemplate(templates.tocXHTML, 'toc.xhtml.ejs')(packageData),
      deflate: true,
    },
    {
      path: 'OEBPS/toc.ncx',
      data: compileTemplate(templates.tocNCX, 'toc.ncx.ejs')(packageData),
      deflate: true,
    },
    { path: 'OEBPS/style.css', data: templates.css, deflate: true, constant: true },
    ...input.documents.map((doc) => ({
      path: `OEBPS/${doc.filename}`,
      data: chapter({ lang: input.lang, ...doc }),
      deflate: true,
    })),
    ...input.files.map((file) => ({
      path: `OEBPS/${file.path}`,
      data: file.bytes,
      deflate: worthDeflating(file.path),
    })),
  ];
  return writeZip(entries, input.date);
}
