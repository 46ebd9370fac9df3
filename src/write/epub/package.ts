/**
 * Packaging with epub-gen-memory, on our own terms. The library lays out the container (mimetype first and
 * stored, META-INF/container.xml, OEBPS/) and renders our EJS templates through its `contentOPF`, `tocXHTML`,
 * `tocNCX` and `chapterXHTML` options (read from its source: `generateTemplateFiles` renders each with the
 * options object, so extra keys such as `book` reach the templates; each chapter is rendered with its own
 * keys, so `lang`, `dir` and `kind` are per chapter). Three of its steps are replaced:
 *
 * - its HTML clean-up (`normalizeHTML`, run in the constructor) is bypassed: it drops `data-*`, `datetime`
 *   and `width` attributes, writes `alt="image-placeholder"` for decorative pictures, gives pictures random
 *   names and lets `<script>`/`<iframe>` through. Chapters are handed to it empty and filled in afterwards with
 *   our sanitised XHTML (see sanitize.ts);
 * - `downloadAllImages`, `downloadAllFonts` and `makeCover` fetch over the network (node-fetch) or from
 *   `file://` URLs: here they only write buffers we already hold in memory;
 * - its random identifier and the zip entries' current-time stamps are replaced, so the same book gives the
 *   same bytes.
 */
import { type Chapter, EPub, type Options } from 'epub-gen-memory';
import type { EpubTemplates } from './templates.js';

/** A file under OEBPS/ that the book already holds in memory (a picture, the cover). */
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

class MemoryEpub extends EPub {
  readonly #files: readonly MemoryFile[];
  readonly #date: Date;

  constructor(input: PackInput) {
    const { templates } = input;
    const options = {
      title: input.title,
      lang: input.lang,
      version: 3,
      verbose: false,
      css: templates.css,
      contentOPF: templates.contentOPF,
      tocXHTML: templates.tocXHTML,
      tocNCX: templates.tocNCX,
      chapterXHTML: templates.chapterXHTML,
      book: input.book,
    } satisfies Options & { book: object };
    // Empty content: the library's own HTML clean-up has nothing to change (or to fetch later).
    const chapters: Chapter[] = input.documents.map((doc) => ({ ...doc, content: '' }));
    super(options, chapters);
    this.uuid = input.id;
    this.images = [];
    input.documents.forEach((doc, i) => {
      this.content[i]!.content = doc.content;
    });
    this.#files = input.files;
    this.#date = input.date;
  }

  protected override async downloadAllImages(): Promise<void> {
    const oebps = this.zip.folder('OEBPS')!;
    // Pictures are compressed already: stored as they are, which is faster and no larger.
    for (const file of this.#files) oebps.file(file.path, file.bytes, { binary: true, compression: 'STORE' });
  }

  protected override async downloadAllFonts(): Promise<void> {
    // No fonts: reading systems use their own (and the reader's choice).
  }

  protected override async makeCover(): Promise<void> {
    // The cover picture is one of the in-memory files written by downloadAllImages.
  }

  async bytes(): Promise<Uint8Array> {
    await this.render();
    for (const entry of Object.values(this.zip.files)) entry.date = this.#date;
    return this.zip.generateAsync({
      type: 'nodebuffer',
      mimeType: 'application/epub+zip',
      compression: 'DEFLATE',
      compressionOptions: { level: 6 },
    });
  }
}

/** The EPUB bytes of a book laid out by `input`. */
export function packEpub(input: PackInput): Promise<Uint8Array> {
  return new MemoryEpub(input).bytes();
}
