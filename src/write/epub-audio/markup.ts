/**
 * Chapter markup as a tree with text offsets: the EPUB writer's sanitised XHTML read back with its strict
 * reader (markup-tree.ts), the text of the whole chapter as one string (the positions sentences are found
 * at), the span of every element with an id, and the tree written out again in the sanitiser's own style.
 */
import { type MarkupNode, readStrictXhtml } from '../epub/markup-tree.js';

export type ElementNode = Extract<MarkupNode, { type: 'element' }>;

export interface Span {
  start: number;
  end: number;
}

export interface TextIndex {
  /** Every text node of the chapter, in document order, joined. */
  text: string;
  /** Where the text of each element with an id lies. */
  ids: Map<string, Span>;
}

/** Elements the sanitiser writes as `<name/>`. */
const VOID = new Set(['br', 'hr', 'img', 'wbr', 'col']);

/** The tree of the sanitised chapter markup, or undefined when it is not the strict XHTML expected. */
export function readChapter(xhtml: string): MarkupNode[] | undefined {
  return readStrictXhtml(xhtml);
}

export function indexText(nodes: readonly MarkupNode[]): TextIndex {
  const parts: string[] = [];
  const ids = new Map<string, Span>();
  let length = 0;
  const visit = (list: readonly MarkupNode[]) => {
    for (const node of list) {
      if (node.type === 'text') {
        parts.push(node.text);
        length += node.text.length;
        continue;
      }
      const start = length;
      visit(node.children);
      const id = node.attrs.find(([n]) => n === 'id')?.[1];
      if (id !== undefined && !ids.has(id)) ids.set(id, { start, end: length });
    }
  };
  visit(nodes);
  return { text: parts.join(''), ids };
}

/** Text length of a node. */
export function textLength(node: MarkupNode): number {
  if (node.type === 'text') return node.text.length;
  let n = 0;
  for (const child of node.children) n += textLength(child);
  return n;
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The markup of `nodes`, escaped as the sanitiser escapes it (so an unchanged tree gives the same string). */
export function writeMarkup(nodes: readonly MarkupNode[]): string {
  const out: string[] = [];
  const visit = (list: readonly MarkupNode[]) => {
    for (const node of list) {
      if (node.type === 'text') {
        out.push(escapeText(node.text));
        continue;
      }
      out.push('<', node.name);
      for (const [name, value] of node.attrs) out.push(' ', name, '="', escapeAttr(value), '"');
      if (VOID.has(node.name) && node.children.length === 0) {
        out.push('/>');
        continue;
      }
      out.push('>');
      visit(node.children);
      out.push('</', node.name, '>');
    }
  };
  visit(nodes);
  return out.join('');
}
