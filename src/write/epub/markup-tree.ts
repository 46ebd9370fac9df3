/**
 * Markup as a small tree of elements and text, for the sanitiser. Two ways in:
 *
 * - `readStrictXhtml`: a strict reader for the narrow, well-formed XHTML the HTML writer produces (elements,
 *   double-quoted attributes, text with the XML entities and character references). It refuses everything
 *   else — comments, CDATA, prefixes, namespace declarations, unknown entities, unclosed or mismatched tags —
 *   by returning undefined. Hand-written because building a jsdom tree costs about 1 ms per KB of markup
 *   (most of the time of a whole book), and the one fast XML parser installed (xmlbuilder2's) silently
 *   repairs mismatched tags and unknown entities instead of refusing them.
 * - `readHtml`: parse5's fragment parser (the WHATWG algorithm, with a <template> as the context, as the
 *   `innerHTML` of an inert template: nothing runs or loads), for anything else. parse5 is the parser jsdom
 *   itself uses; calling it directly builds no DOM, and jsdom (about 45 MB of memory once loaded) is no
 *   longer loaded by exports at all.
 */
import { type DefaultTreeAdapterTypes, parseFragment } from 'parse5';

export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

export type MarkupNode =
  | { type: 'text'; text: string }
  | {
      type: 'element';
      /** Lower-case local name. */
      name: string;
      /** The element's namespace (the XHTML one for ordinary HTML elements). */
      namespace: string | null;
      attrs: [string, string][];
      children: MarkupNode[];
    };

type ElementNode = Extract<MarkupNode, { type: 'element' }>;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML entity and character references; undefined when one is not an XML reference. */
function decode(text: string): string | undefined {
  if (!text.includes('&')) return text;
  let ok = true;
  const out = text.replace(/&(?:([a-z]+)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));|&/g, (ref, name, dec, hex) => {
    if (name !== undefined) {
      const ch = NAMED[name as string];
      if (ch === undefined) ok = false;
      return ch ?? ref;
    }
    if (dec === undefined && hex === undefined) {
      ok = false;
      return ref;
    }
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex as string, 16);
    if (
      code < 0x20
        ? code !== 9 && code !== 10 && code !== 13
        : code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
    ) {
      ok = false;
      return ref;
    }
    return String.fromCodePoint(code);
  });
  return ok ? out : undefined;
}

const TOKEN = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9:_.-]*="[^"<]*")*)\s*(\/?)>|[^<]+/y;
const ATTR = /([a-z][a-z0-9:_.-]*)="([^"<]*)"/g;

/** The tree of strictly well-formed, unprefixed XHTML markup; undefined for anything else. */
export function readStrictXhtml(markup: string): MarkupNode[] | undefined {
  const root: MarkupNode[] = [];
  const stack: ElementNode[] = [];
  const children = () => (stack.length ? stack[stack.length - 1]!.children : root);
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < markup.length) {
    const m = TOKEN.exec(markup);
    if (!m) return undefined;
    const [whole, closing, name, attrText, selfClosing] = m;
    if (name === undefined) {
      const text = decode(whole);
      if (text === undefined) return undefined;
      children().push({ type: 'text', text });
      continue;
    }
    if (closing) {
      if (attrText || selfClosing || stack.pop()?.name !== name) return undefined;
      continue;
    }
    const attrs: [string, string][] = [];
    for (const [, attr, raw] of (attrText ?? '').matchAll(ATTR)) {
      const value = decode(raw!);
      // Namespace declarations and prefixes (but xml:lang) need a real XML parser.
      if (value === undefined || attr!.startsWith('xmlns') || (attr!.includes(':') && attr !== 'xml:lang')) {
        return undefined;
      }
      if (attrs.some(([n]) => n === attr)) return undefined;
      attrs.push([attr!, value]);
    }
    const element: ElementNode = { type: 'element', name: name!, namespace: XHTML_NS, attrs, children: [] };
    children().push(element);
    if (!selfClosing) stack.push(element);
  }
  return stack.length ? undefined : root;
}

type P5Parent = DefaultTreeAdapterTypes.ParentNode;

function fromParse5(parent: P5Parent): MarkupNode[] {
  const out: MarkupNode[] = [];
  for (const child of parent.childNodes) {
    if (child.nodeName === '#text')
      out.push({ type: 'text', text: (child as DefaultTreeAdapterTypes.TextNode).value });
    else if ('tagName' in child) {
      out.push({
        type: 'element',
        name: child.tagName.toLowerCase(),
        namespace: child.namespaceURI,
        // The qualified name, as the DOM's Attr.name gives it (`xlink:href` on SVG).
        attrs: child.attrs.map((a): [string, string] => [
          (a.prefix ? `${a.prefix}:${a.name}` : a.name).toLowerCase(),
          a.value,
        ]),
        // An HTML <template>'s children live in its content fragment (a MathML or SVG one has none).
        children: fromParse5(
          child.tagName === 'template' && child.namespaceURI === XHTML_NS
            ? (child as DefaultTreeAdapterTypes.Template).content
            : child,
        ),
      });
    }
  }
  return out;
}

/** The tree of any HTML, as a browser would parse it as the content of a <template>. */
export function readHtml(markup: string): MarkupNode[] {
  return fromParse5(parseFragment(markup));
}

/** The strict reader when the markup allows it, else the HTML parser. */
export function readMarkup(markup: string): MarkupNode[] {
  return readStrictXhtml(markup) ?? readHtml(markup);
}
