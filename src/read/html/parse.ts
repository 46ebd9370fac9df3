/**
 * HTML → DOM for the reader, fast and inert.
 *
 * parse5 (the WHATWG tree-construction algorithm jsdom itself uses, here with scripting disabled, so
 * `<noscript>` content is markup) builds the tree, which is copied into a linkedom document: linkedom's DOM
 * is several times faster and lighter than jsdom's and keeps no reference to a finished document, while its
 * own parser (htmlparser2) does not build the spec tree (no foster parenting, no implied ends, no adoption
 * agency), so it is not used for pages. Neither library runs scripts or fetches anything.
 *
 * A few things Readability reads are made to answer as a browser's (and jsdom's) DOMParser document does:
 * `innerHTML` of the body and of created elements (HTML serialisation and fragment parsing, both parse5),
 * `document.title`, `baseURI`/`documentURI` (`about:blank`, or an absolute `<base href>`), and the
 * `display`/`visibility` of inline styles (with `!important`, which linkedom keeps in the value).
 *
 * Known differences from the previous jsdom parse, none of which changed an article of the test corpus:
 * text found directly inside a `<table>` is placed before the table, as the standard and browsers do
 * (jsdom put it after); `class` values read back with their whitespace collapsed and repeated names once
 * (linkedom's classList); `style` of a parsed element answers only `display` and `visibility`.
 */
import { DOMParser as LinkedomParser } from 'linkedom';
import {
  type DefaultTreeAdapterMap,
  type DefaultTreeAdapterTypes,
  defaultTreeAdapter,
  html as htmlSpec,
  parse,
  parseFragment,
  serialize,
  type TreeAdapter,
} from 'parse5';

type P5Node = DefaultTreeAdapterTypes.Node;
type P5Parent = DefaultTreeAdapterTypes.ParentNode;

const HTML_NS = htmlSpec.NS.HTML;
const ABOUT_BLANK = 'about:blank';

/** The empty document every page is copied into (linkedom documents are cheap to make). */
function emptyDocument(): Document {
  const doc = new LinkedomParser().parseFromString('<html></html>', 'text/html') as unknown as Document;
  doc.documentElement.remove();
  return doc;
}

/**
 * Elements nested deeper than this are flattened into their ancestor at this depth. News pages nest
 * 20–60 deep; hostile markup nesting thousands of elements deep made Readability's ancestor walks
 * quadratic (1,000 nested divs: 20 s), a cheap denial of service.
 */
export const MAX_DEPTH = 256;

/**
 * Copies parse5 nodes under `parent`, without recursion (pages nest thousands deep). A template's
 * content is left out, as a DOM keeps it outside the tree (no query or text reaches it).
 */
function copyChildren(doc: Document, parent: Node, nodes: P5Node[]): void {
  // The document's own method: `createElement` of the instance is replaced below.
  const createElement = (Object.getPrototypeOf(doc) as Document).createElement;
  const stack: { parent: Node; nodes: P5Node[]; i: number }[] = [{ parent, nodes, i: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const node = top.nodes[top.i++];
    if (!node) {
      stack.pop();
      continue;
    }
    if (defaultTreeAdapter.isTextNode(node)) {
      top.parent.appendChild(doc.createTextNode(node.value));
    } else if (defaultTreeAdapter.isCommentNode(node)) {
      top.parent.appendChild(doc.createComment(node.data));
    } else if (defaultTreeAdapter.isElementNode(node)) {
      if (stack.length > MAX_DEPTH) {
        // Too deep for any real page: the element is dropped and its content kept in its ancestor.
        if (node.childNodes.length && node.tagName !== 'template') {
          stack.push({ parent: top.parent, nodes: node.childNodes, i: 0 });
        }
        continue;
      }
      const el =
        node.namespaceURI === HTML_NS
          ? createElement.call(doc, node.tagName)
          : doc.createElementNS(node.namespaceURI, node.tagName);
      // linkedom's setAttribute puts the new attribute first: set them last to first to keep their order.
      for (let i = node.attrs.length - 1; i >= 0; i--) {
        const attr = node.attrs[i]!;
        el.setAttribute(attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name, attr.value);
      }
      if (el.hasAttribute('style')) browserStyle(el);
      top.parent.appendChild(el);
      if (node.childNodes.length && node.tagName !== 'template') {
        stack.push({ parent: el, nodes: node.childNodes, i: 0 });
      }
    }
  }
}

/** The parse5 tree adapter reading a linkedom tree, for parse5's (spec) HTML serialiser. */
const linkedomReader = {
  ...defaultTreeAdapter,
  isElementNode: (node: Node) => node.nodeType === 1,
  isTextNode: (node: Node) => node.nodeType === 3,
  isCommentNode: (node: Node) => node.nodeType === 8,
  isDocumentTypeNode: (node: Node) => node.nodeType === 10,
  getTagName: (el: Element) => el.localName,
  getNamespaceURI: (el: Element) => el.namespaceURI ?? HTML_NS,
  getChildNodes: (node: Node) => [...node.childNodes],
  getTemplateContent: () => ({ childNodes: [] }),
  getAttrList: (el: Element) => [...el.attributes].map((a) => ({ name: a.name, value: a.value })),
  getTextNodeContent: (node: Node) => node.nodeValue ?? '',
  getCommentNodeContent: (node: Node) => node.nodeValue ?? '',
  getParentNode: (node: Node) => node.parentNode,
  getDocumentTypeNodeName: () => 'html',
} as unknown as TreeAdapter<DefaultTreeAdapterMap>;

/** `innerHTML` with the HTML standard's serialisation and fragment parsing (parse5), as jsdom has it. */
function browserInnerHtml(el: Element): Element {
  const doc = el.ownerDocument;
  Object.defineProperty(el, 'innerHTML', {
    configurable: true,
    get: () => serialize(el as unknown as P5Parent, { treeAdapter: linkedomReader, scriptingEnabled: false }),
    set: (markup: string) => {
      while (el.lastChild) el.lastChild.remove();
      const context = defaultTreeAdapter.createElement(el.localName, HTML_NS, []);
      const fragment = parseFragment(context, String(markup), { scriptingEnabled: false });
      copyChildren(doc, el, fragment.childNodes);
    },
  });
  return el;
}

/**
 * `style.display` and `style.visibility` as a browser reports them from the `style` attribute: the last
 * declaration wins unless an earlier one is `!important`, and keywords are case-insensitive (linkedom
 * returns the raw text, `none !important` included). Readability reads only these two properties.
 */
function browserStyle(el: Element): void {
  Object.defineProperty(el, 'style', {
    configurable: true,
    get: () => {
      const declared = declarations(el.getAttribute('style') ?? '');
      return { display: declared.get('display') ?? '', visibility: declared.get('visibility') ?? '' };
    },
  });
}

function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  const important = new Set<string>();
  for (const declaration of style.replace(/\/\*[\s\S]*?\*\//g, '').split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const name = declaration.slice(0, colon).trim();
    let value = declaration.slice(colon + 1).trim();
    const isImportant = /!\s*important$/i.test(value);
    if (isImportant) value = value.replace(/\s*!\s*important$/i, '');
    if (!name || !value || (important.has(name) && !isImportant)) continue;
    out.set(name, value.toLowerCase());
    if (isImportant) important.add(name);
  }
  return out;
}

/** `document.title`: the first HTML `<title>`'s own text, whitespace stripped and collapsed. */
function documentTitle(doc: Document): string {
  for (const title of doc.getElementsByTagName('title')) {
    if ((title.namespaceURI ?? HTML_NS) !== HTML_NS) continue;
    let text = '';
    for (const child of title.childNodes) if (child.nodeType === 3) text += child.nodeValue;
    return text.replace(/[\t\n\f\r ]+/g, ' ').trim();
  }
  return '';
}

/** `baseURI` of a document without a URL: an absolute `<base href>`, else `about:blank`. */
function documentBaseUri(doc: Document): string {
  for (const base of doc.getElementsByTagName('base')) {
    const href = base.getAttribute('href');
    if (href === null) continue;
    try {
      return new URL(href).href;
    } catch {
      return ABOUT_BLANK;
    }
  }
  return ABOUT_BLANK;
}

/** Parses a full HTML page into a linkedom document (see the module comment). */
export function parseDocument(html: string): Document {
  const tree = parse(html, { scriptingEnabled: false });
  const doc = emptyDocument();
  copyChildren(
    doc,
    doc,
    tree.childNodes.filter((n) => !defaultTreeAdapter.isDocumentTypeNode(n)),
  );
  const create = doc.createElement.bind(doc);
  Object.defineProperties(doc, {
    title: { configurable: true, get: () => documentTitle(doc) },
    baseURI: { configurable: true, get: () => documentBaseUri(doc) },
    documentURI: { configurable: true, value: ABOUT_BLANK },
    createElement: {
      configurable: true,
      value: (name: string) => browserInnerHtml(create(asciiLower(name))),
    },
  });
  if (doc.body) browserInnerHtml(doc.body);
  return doc;
}

/** HTML documents lowercase the names given to createElement (ASCII only); linkedom keeps them. */
function asciiLower(name: string): string {
  return String(name).replace(/[A-Z]+/g, (s) => s.toLowerCase());
}
