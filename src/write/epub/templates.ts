/** The EJS templates and stylesheet of `templates/epub/`, read once per process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RenderError } from '../../errors.js';
import { templatesDir } from '../../paths.js';

export interface EpubTemplates {
  /** The package document (OPF): metadata, manifest, spine. */
  contentOPF: string;
  /** The navigation document: table of contents and landmarks. */
  tocXHTML: string;
  /** The EPUB 2 table of contents, for older reading systems. */
  tocNCX: string;
  /** One content document (the cover page or a chapter). */
  chapterXHTML: string;
  css: string;
}

let templates: EpubTemplates | undefined;

export function epubTemplates(dir: string = join(templatesDir, 'epub')): EpubTemplates {
  if (templates) return templates;
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (error) {
      throw new RenderError(
        'internal/templates-missing',
        `Cannot read the EPUB template ${name} in ${dir}.`,
        [],
        {
          cause: error,
        },
      );
    }
  };
  templates = {
    contentOPF: read('content.opf.ejs'),
    tocXHTML: read('toc.xhtml.ejs'),
    tocNCX: read('toc.ncx.ejs'),
    chapterXHTML: read('chapter.xhtml.ejs'),
    css: read('epub.css'),
  };
  return templates;
}
