/**
 * Fixes to the structure tree and annotations Chromium writes:
 * - every Figure has /Alt: a Figure that only wraps another Figure becomes a Div; a Figure with no /Alt
 *   takes the text alternative of its picture (pictures in document order);
 * - an inline language span that Chromium tagged as a grouping element (NonStruct/Div with /Lang inside
 *   a paragraph-level element) becomes a Span, the standard inline element that carries /Lang;
 * - every link annotation has /Contents (PDF/UA: an alternate description), its address.
 */
import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';

/** Structure types that hold inline content: a grouping element inside them is inline. */
const INLINE_PARENTS = new Set([
  'P',
  'H',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'Span',
  'Em',
  'Strong',
  'Link',
  'Quote',
  'Code',
  'Lbl',
  'Caption',
  'TH',
  'TD',
  'Reference',
  'Note',
]);

const S = PDFName.of('S');
const K = PDFName.of('K');
const ALT = PDFName.of('Alt');
const LANG = PDFName.of('Lang');

export interface StructureFixes {
  figuresUnwrapped: number;
  altsAdded: number;
  /** Figures left without a text alternative (no picture alt to give them). */
  figuresWithoutAlt: number;
  langSpans: number;
  linkContents: number;
}

function typeOf(dict: PDFDict): string | undefined {
  const s = dict.get(S);
  return s instanceof PDFName ? s.decodeText() : undefined;
}

/** Structure elements (dicts with /S) in document order, with their parent element. */
function elements(doc: PDFDocument): { el: PDFDict; parent: PDFDict | undefined }[] {
  const context = doc.context;
  const out: { el: PDFDict; parent: PDFDict | undefined }[] = [];
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return out;
  const seen = new Set<PDFDict>();
  const visit = (kid: PDFObject | undefined, parent: PDFDict | undefined): void => {
    const value = kid instanceof PDFRef ? context.lookup(kid) : kid;
    if (value instanceof PDFArray) {
      for (const item of value.asArray()) visit(item, parent);
      return;
    }
    if (!(value instanceof PDFDict) || seen.has(value) || !value.has(S)) return;
    seen.add(value);
    out.push({ el: value, parent });
    visit(value.get(K), value);
  };
  visit(root.get(K), undefined);
  return out;
}

function hasFigureInside(el: PDFDict, all: Map<PDFDict, PDFDict | undefined>): boolean {
  for (const [child, parent] of all) {
    if (typeOf(child) !== 'Figure' || child === el) continue;
    for (let p = parent; p; p = all.get(p)) if (p === el) return true;
  }
  return false;
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/**
 * Whether the structure tree of a PDF whose objects are all written out plainly (no object streams, names
 * unescaped: Chromium's layout) can need a fix: it has a Figure, or a NonStruct/Div element with /Lang.
 * Found in the bytes, so a document without either does not have its whole tree parsed for nothing.
 */
export function structureMayNeedFixes(pdf: Uint8Array): boolean {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (bytes.includes('/Figure')) return true;
  for (let at = bytes.indexOf('/Lang'); at >= 0; at = bytes.indexOf('/Lang', at + 5)) {
    const start = bytes.lastIndexOf(' obj', at);
    const end = bytes.indexOf('endobj', at);
    const object = bytes.toString('latin1', Math.max(0, start), end < 0 ? bytes.length : end);
    if (/\/S\s*\/(?:NonStruct|Div)(?![^\s/<>[\]()])/.test(object)) return true;
  }
  return false;
}

/**
 * Applies the fixes; `imageAlts` are the pictures' text alternatives in document order. With `tree`
 * false (see structureMayNeedFixes) only the link annotations are looked at.
 */
export function fixStructure(
  doc: PDFDocument,
  imageAlts: readonly string[],
  options: { tree?: boolean } = {},
): StructureFixes {
  const fixes: StructureFixes = {
    figuresUnwrapped: 0,
    altsAdded: 0,
    figuresWithoutAlt: 0,
    langSpans: 0,
    linkContents: 0,
  };
  const list = options.tree === false ? [] : elements(doc);
  const parents = new Map(list.map(({ el, parent }) => [el, parent]));
  let picture = 0;
  for (const { el, parent } of list) {
    const type = typeOf(el);
    if (type === 'Figure') {
      if (hasFigureInside(el, parents)) {
        el.set(S, PDFName.of('Div'));
        fixes.figuresUnwrapped++;
        continue;
      }
      const alt = imageAlts[picture++];
      if (!textOf(el.get(ALT))?.trim()) {
        if (alt?.trim()) {
          el.set(ALT, PDFHexString.fromText(alt));
          fixes.altsAdded++;
        } else fixes.figuresWithoutAlt++;
      }
    } else if ((type === 'NonStruct' || type === 'Div') && el.has(LANG) && parent) {
      const parentType = typeOf(parent);
      if (parentType && INLINE_PARENTS.has(parentType)) {
        el.set(S, PDFName.of('Span'));
        fixes.langSpans++;
      }
    }
  }
  fixes.linkContents = describeLinks(doc);
  return fixes;
}

/** Gives every link annotation without /Contents its address as /Contents. */
function describeLinks(doc: PDFDocument): number {
  let added = 0;
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const ref of annots?.asArray() ?? []) {
      const annot = doc.context.lookup(ref);
      if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
      if (textOf(annot.get(PDFName.of('Contents')))) continue;
      const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = textOf(action?.get(PDFName.of('URI')));
      if (!uri) continue;
      annot.set(PDFName.of('Contents'), PDFHexString.fromText(uri.replace(/^mailto:/i, '')));
      added++;
    }
  }
  return added;
}
