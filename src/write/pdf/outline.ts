/**
 * Bookmarks that repeat the headings exactly. Chromium builds the outline from the headings but loses a
 * space where a heading wraps and can list a heading twice when it starts a new page; its entries point to
 * the right place and to the heading's structure element (/SE), though. The outline is rebuilt from the
 * known heading texts, each taking the destination of Chromium's matching entry.
 */
import {
  type PDFContext,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  type PDFRef,
  PDFString,
} from 'pdf-lib';
import type { OutlineHeading } from './print-document.js';

interface ChromiumEntry {
  title: string;
  dest: PDFObject | undefined;
  se: PDFObject | undefined;
}

const squash = (text: string) => text.replace(/[\s\u00AD]+/g, '');

function text(value: PDFObject | undefined): string {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : '';
}

/** Chromium's entries, depth first. */
function chromiumEntries(doc: PDFDocument): ChromiumEntry[] {
  const out: ChromiumEntry[] = [];
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const seen = new Set<PDFDict>();
  const visit = (first: PDFDict | undefined): void => {
    for (let item = first; item && !seen.has(item); ) {
      seen.add(item);
      out.push({
        title: text(item.lookup(PDFName.of('Title'))),
        dest: item.get(PDFName.of('Dest')) ?? item.get(PDFName.of('A')),
        se: item.get(PDFName.of('SE')),
      });
      visit(item.lookupMaybe(PDFName.of('First'), PDFDict));
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  visit(root?.lookupMaybe(PDFName.of('First'), PDFDict));
  return out;
}

interface Node {
  heading: OutlineHeading;
  entry: ChromiumEntry | undefined;
  children: Node[];
  ref: PDFRef;
}

/** Pairs each heading with Chromium's entry for it (in order; repeated entries are skipped). */
function match(headings: readonly OutlineHeading[], entries: readonly ChromiumEntry[]) {
  let cursor = 0;
  return headings.map((heading) => {
    const want = squash(heading.text);
    for (let i = cursor; i < entries.length; i++) {
      if (squash(entries[i]?.title ?? '') === want) {
        cursor = i + 1;
        return entries[i];
      }
    }
    return undefined;
  });
}

function firstPageDest(doc: PDFDocument, context: PDFContext): PDFObject {
  const page = doc.getPage(0);
  return context.obj([page.ref, PDFName.of('Fit')]);
}

/**
 * Replaces the outline with one entry per heading, titled exactly, nested by level. Returns how many
 * headings had no Chromium entry (they point to the previous heading's place, or the first page).
 */
export function rebuildOutline(doc: PDFDocument, headings: readonly OutlineHeading[]): { unmatched: number } {
  const context = doc.context;
  if (headings.length === 0 || doc.getPageCount() === 0) return { unmatched: 0 };
  const entries = chromiumEntries(doc);
  const matched = match(headings, entries);
  const roots: Node[] = [];
  const stack: Node[] = [];
  headings.forEach((heading, i) => {
    const node: Node = { heading, entry: matched[i], children: [], ref: context.nextRef() };
    while (stack.length && (stack[stack.length - 1] as Node).heading.level >= heading.level) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  });

  const outlinesRef = context.nextRef();
  let lastDest: PDFObject = firstPageDest(doc, context);
  const count = (nodes: Node[]): number => nodes.reduce((n, node) => n + 1 + count(node.children), 0);
  const write = (nodes: Node[], parentRef: PDFRef): void => {
    nodes.forEach((node, i) => {
      const dest = node.entry?.dest ?? lastDest;
      lastDest = dest;
      const dict: Record<string, PDFObject> = {
        Title: PDFHexString.fromText(node.heading.text),
        Parent: parentRef,
        [node.entry?.dest instanceof PDFDict ? 'A' : 'Dest']: dest,
      };
      const prev = nodes[i - 1];
      const next = nodes[i + 1];
      if (prev) dict.Prev = prev.ref;
      if (next) dict.Next = next.ref;
      if (node.entry?.se) dict.SE = node.entry.se;
      const first = node.children[0];
      const last = node.children[node.children.length - 1];
      if (first && last) {
        dict.First = first.ref;
        dict.Last = last.ref;
        dict.Count = PDFNumber.of(count(node.children));
      }
      context.assign(node.ref, context.obj(dict));
      write(node.children, node.ref);
    });
  };
  write(roots, outlinesRef);
  const first = roots[0] as Node;
  const last = roots[roots.length - 1] as Node;
  context.assign(
    outlinesRef,
    context.obj({ Type: 'Outlines', First: first.ref, Last: last.ref, Count: PDFNumber.of(count(roots)) }),
  );
  doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  return { unmatched: matched.filter((m) => !m).length };
}
