/**
 * readHtml (parse5's fragment parser, no DOM) against what it replaced: jsdom parsing the same markup as the
 * `innerHTML` of an inert <template>. Both must give the same tree (names, namespaces, attributes as the DOM
 * names them, text) for any markup, malformed, foreign (SVG, MathML) and nested templates included — except
 * text foster-parented out of a table, where jsdom is known to depart from the standard (tested apart).
 */
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { type MarkupNode, readHtml, XHTML_NS } from '../../src/write/epub/markup-tree.js';

const { document } = new JSDOM('<!DOCTYPE html><title>t</title>').window;

function fromDom(node: Node): MarkupNode[] {
  const out: MarkupNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) out.push({ type: 'text', text: (child as Text).data });
    else if (child.nodeType === 1) {
      const el = child as Element;
      out.push({
        type: 'element',
        name: el.localName.toLowerCase(),
        namespace: el.namespaceURI,
        attrs: Array.from(el.attributes, (a): [string, string] => [a.name.toLowerCase(), a.value]),
        children: fromDom(
          el.localName === 'template' && el.namespaceURI === XHTML_NS
            ? (el as HTMLTemplateElement).content
            : el,
        ),
      });
    }
  }
  return out;
}

function viaJsdom(markup: string): MarkupNode[] {
  const template = document.createElement('template');
  template.innerHTML = markup;
  return fromDom(template.content);
}

/** Pieces of hostile and ordinary markup, joined at random. */
const PIECES = [
  '<p>',
  '</p>',
  '<p class="a b">',
  '<b>',
  '</b>',
  '<i>',
  '</i>',
  '<a href="x">',
  '</a>',
  '<ul><li>',
  '<li>',
  '</ul>',
  '<svg viewBox="0 0 1 1">',
  '</svg>',
  '<use xlink:href="#a"/>',
  '<foreignObject>',
  '<math>',
  '<mi>',
  '</math>',
  '<template>',
  '</template>',
  '<br>',
  '<img src=x alt="&amp;">',
  '<script>alert(1)</script>',
  '<style>p{}</style>',
  '<!-- c -->',
  '<![CDATA[x]]>',
  '&nbsp;',
  '&copy',
  '&#x1F600;',
  '<select><option>',
  '<noscript><b>n</b></noscript>',
  '<textarea><b></textarea>',
  '<h1>',
  '</h2>',
  '<div dir=rtl LANG=EN>',
  '</div>',
  '<frameset>',
  '<body onload="x()">',
  '<html lang="fr">',
];

const markup = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
      { weight: 2, arbitrary: fc.stringMatching(/^[a-z ]{1,8}$/) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('readHtml', () => {
  it('parses as a browser does the content of a template (compared with jsdom)', () => {
    fc.assert(
      fc.property(markup, (html) => {
        expect(readHtml(html)).toEqual(viaJsdom(html));
      }),
      { numRuns: 500 },
    );
  });

  it('puts text found directly in a table before the table, as the standard and browsers do', () => {
    const names = (html: string) => readHtml(html).map((n) => (n.type === 'text' ? n.text : n.name));
    expect(names('<table>a ')).toEqual(['a ', 'table']);
    expect(names('x<table>a<tr><td>b</table>')).toEqual(['xa', 'table']);
    // Tables themselves parse as jsdom parses them.
    const table = '<table><caption>c<tr><td>1<td>2<tr><th>h</table><p>after';
    expect(readHtml(table)).toEqual(viaJsdom(table));
  });

  it('reads a MathML or SVG <template> as an ordinary element with children (only HTML’s has content)', () => {
    const [math] = readHtml('<math><template>x</template></math>');
    expect(math?.type === 'element' && math.children).toEqual([
      {
        type: 'element',
        name: 'template',
        namespace: 'http://www.w3.org/1998/Math/MathML',
        attrs: [],
        children: [{ type: 'text', text: 'x' }],
      },
    ]);
  });

  it('keeps foreign elements in their namespace with prefixed attributes, and template content', () => {
    const tree = readHtml('<svg><use xlink:href="#a"/></svg><template><i>t</i></template><p>x');
    expect(tree).toEqual([
      {
        type: 'element',
        name: 'svg',
        namespace: 'http://www.w3.org/2000/svg',
        attrs: [],
        children: [
          {
            type: 'element',
            name: 'use',
            namespace: 'http://www.w3.org/2000/svg',
            attrs: [['xlink:href', '#a']],
            children: [],
          },
        ],
      },
      {
        type: 'element',
        name: 'template',
        namespace: 'http://www.w3.org/1999/xhtml',
        attrs: [],
        children: [
          {
            type: 'element',
            name: 'i',
            namespace: 'http://www.w3.org/1999/xhtml',
            attrs: [],
            children: [{ type: 'text', text: 't' }],
          },
        ],
      },
      {
        type: 'element',
        name: 'p',
        namespace: 'http://www.w3.org/1999/xhtml',
        attrs: [],
        children: [{ type: 'text', text: 'x' }],
      },
    ]);
  });
});
