/**
 * Wraps each placed sentence of a chapter in `<span id="{sentence id}">`, for the media overlay to point at
 * and highlight. A sentence that lies inside one inline element (most of a quotation) is wrapped inside it;
 * one that runs across inline elements (narration around a quotation) is wrapped around them, and an inline
 * element a sentence boundary falls in (a quotation of three sentences) is split in two, the copy keeping
 * everything but the id. A span only ever holds phrasing content: a sentence across block elements is
 * narrowed to the first of them.
 */
import { type MarkupNode, XHTML_NS } from '../epub/markup-tree.js';
import { type ElementNode, textLength } from './markup.js';

export interface Placed {
  id: string;
  start: number;
  end: number;
}

/** Elements allowed inside a `<span>` (HTML phrasing content the sanitiser keeps). */
const PHRASING = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'del',
  'dfn',
  'em',
  'i',
  'img',
  'ins',
  'kbd',
  'mark',
  'q',
  'ruby',
  'rp',
  'rt',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
]);

interface Item {
  node: MarkupNode;
  start: number;
  end: number;
}

function isPhrasing(node: MarkupNode): boolean {
  return node.type === 'text' || PHRASING.has(node.name);
}

function items(nodes: readonly MarkupNode[], base: number): Item[] {
  let at = base;
  return nodes.map((node) => {
    const start = at;
    at += textLength(node);
    return { node, start, end: at };
  });
}

/** `node` cut at `at` characters into its text: the left part keeps the id, the right part is a copy without it. */
function split(node: MarkupNode, at: number): [MarkupNode, MarkupNode] {
  if (node.type === 'text')
    return [
      { type: 'text', text: node.text.slice(0, at) },
      { type: 'text', text: node.text.slice(at) },
    ];
  const left: MarkupNode[] = [];
  const right: MarkupNode[] = [];
  for (const child of items(node.children, 0)) {
    if (child.end <= at) left.push(child.node);
    else if (child.start >= at) right.push(child.node);
    else {
      const [l, r] = split(child.node, at - child.start);
      left.push(l);
      right.push(r);
    }
  }
  return [
    { ...node, children: left },
    { ...node, attrs: node.attrs.filter(([n]) => n !== 'id'), children: right },
  ];
}

function within(r: Placed, item: Item): boolean {
  return item.start <= r.start && r.end <= item.end;
}

function overlaps(r: Placed, item: Item): boolean {
  return item.start < r.end && r.start < item.end;
}

/** Whether an item belongs inside the span of `r` (an empty element only when strictly inside it). */
function covered(r: Placed, item: Item): boolean {
  if (item.end === item.start) return r.start < item.start && item.start < r.end;
  return r.start <= item.start && item.end <= r.end;
}

function wrapList(
  nodes: readonly MarkupNode[],
  base: number,
  ranges: readonly Placed[],
  placed: Set<string>,
): MarkupNode[] {
  if (!ranges.length) return [...nodes];
  let list = items(nodes, base);
  const nested: Placed[] = [];
  const crossing: Placed[] = [];
  for (const r of ranges) {
    const holder = list.find((it) => it.node.type === 'element' && within(r, it));
    if (holder) {
      nested.push(r);
      continue;
    }
    const touched = list.filter((it) => overlaps(r, it));
    if (touched.every((it) => isPhrasing(it.node))) {
      crossing.push(r);
      continue;
    }
    // Across block elements: narrowed to the first element it reaches into.
    const first = touched.find((it) => it.node.type === 'element');
    if (first)
      nested.push({ id: r.id, start: Math.max(r.start, first.start), end: Math.min(r.end, first.end) });
  }
  for (const r of crossing) {
    for (const x of [r.start, r.end]) {
      const i = list.findIndex((it) => it.start < x && x < it.end);
      if (i < 0) continue;
      const it = list[i]!;
      const [l, rt] = split(it.node, x - it.start);
      list = [
        ...list.slice(0, i),
        { node: l, start: it.start, end: x },
        { node: rt, start: x, end: it.end },
        ...list.slice(i + 1),
      ];
    }
  }
  const finish = (it: Item): MarkupNode => {
    if (it.node.type !== 'element') return it.node;
    const inner = nested.filter((r) => within(r, it) && it.end > it.start);
    return inner.length
      ? { ...it.node, children: wrapList(it.node.children, it.start, inner, placed) }
      : it.node;
  };
  const out: MarkupNode[] = [];
  let k = 0;
  while (k < list.length) {
    const it = list[k]!;
    const r = crossing.find((c) => covered(c, it) && it.end > it.start);
    if (!r) {
      out.push(finish(it));
      k++;
      continue;
    }
    const group: MarkupNode[] = [];
    while (k < list.length && covered(r, list[k]!)) group.push(finish(list[k++]!));
    const span: ElementNode = {
      type: 'element',
      name: 'span',
      namespace: XHTML_NS,
      attrs: [['id', r.id]],
      children: group,
    };
    out.push(span);
    placed.add(r.id);
  }
  return out;
}

/** The chapter with a span around each sentence, and the ids of the spans written. */
export function wrapSentences(
  nodes: readonly MarkupNode[],
  ranges: readonly Placed[],
): { nodes: MarkupNode[]; placed: Set<string> } {
  const placed = new Set<string>();
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  return { nodes: wrapList(nodes, 0, sorted, placed), placed };
}
