/**
 * The EJS templates and stylesheet of `templates/epub/`, read once per process, and the templates compiled
 * once each (epub-gen-memory calls `ejs.render`, which compiles the template again on every call: about a
 * fifth of a whole book's time).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { RenderError } from '../../errors.js';
import { templatesDir } from '../../paths.js';
import { xmlChars } from './sanitize.js';

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

/** A compiled EJS template: the data (its keys are the template's names) in, the text out. */
export type RenderTemplate = (data: Record<string, unknown>) => string;

interface Ejs {
  compile(
    template: string,
    options: { filename: string; escape?: (value: unknown) => string },
  ): RenderTemplate;
}

// The EJS that epub-gen-memory renders its template options with (a dependency of it, not of ours), so the
// templates written for those options give the same text.
const require = createRequire(import.meta.url);
const ejs = createRequire(require.resolve('epub-gen-memory'))('ejs') as Ejs;

const compiled = new Map<string, RenderTemplate>();

/**
 * How `<%= value %>` is written: escaped for XML text and attributes, without the characters XML forbids
 * (a title holding U+0001 or U+FFFF would otherwise make the package or a chapter not well-formed).
 */
function escapeXmlValue(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return xmlChars(text).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `template` compiled (once per process; `name` is for error messages). */
export function compileTemplate(template: string, name: string): RenderTemplate {
  let render = compiled.get(template);
  if (!render) {
    try {
      render = ejs.compile(template, { filename: name, escape: escapeXmlValue });
    } catch (error) {
      throw new RenderError('internal/template-invalid', `The EPUB template ${name} does not compile.`, [], {
        cause: error,
      });
    }
    compiled.set(template, render);
  }
  return render;
}
