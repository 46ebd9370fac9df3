import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { type MarkupNode, readHtml, readStrictXhtml } from '../../src/write/epub/markup-tree.js';
import { sanitizeChapter } from '../../src/write/epub/sanitize.js';
import { renderHtml } from '../../src/write/html/render.js';
import { corpusPages } from '../helpers/corpus.js';
import { corpusArticle } from './epub-support.js';

const images = new Set(['images/ok.jpg']);

/** Sanitises, then parses the result as XML (throws if it is not well-formed). */
function clean(html: string, baseUrl?: string) {
  const out = sanitizeChapter(html, { images, ...(baseUrl ? { baseUrl } : {}) });
  const doc = new JSDOM(`<div xmlns="http://www.w3.org/1999/xhtml">${out.xhtml}</div>`, {
    contentType: 'application/xhtml+xml',
  }).window.document;
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return { ...out, doc, root: doc.documentElement };
}

describe('sanitizeChapter', () => {
  it('drops scripts, frames, objects, forms and styles with their content, and event handlers', () => {
    const { xhtml, root, removed } = clean(
      '<p id="p1" onclick="steal()" style="color:red">Hello <script>alert(1)</script><b onmouseover="x()">world</b></p>' +
        '<iframe src="https://evil.example/"></iframe><object data="x.swf"><param name="a" value="b"/>fallback</object>' +
        '<embed src="x"/><form action="https://evil.example/"><input name="q"/><button>Go</button></form>' +
        '<style>body{background:url(https://evil.example/t.png)}</style><noscript>no</noscript><template><p>t</p></template>',
    );
    expect(root.textContent).toBe('Hello world');
    expect(xhtml).not.toMatch(/script|iframe|object|embed|form|input|button|style|onclick|onmouseover|evil/i);
    expect(root.querySelector('#p1')).not.toBeNull();
    expect(removed).toEqual(
      expect.arrayContaining(['<script>', '<iframe>', '<object>', '<form>', '@onclick', '@style']),
    );
  });

  it('removes SVG and MathML, namespaced or not', () => {
    for (const markup of [
      '<p>a<svg><script>alert(1)</script><circle r="5"/></svg>b</p>',
      '<p>a<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">x</a></svg>b</p>',
      '<p>a<math><mi>x</mi></math>b</p>',
    ]) {
      const { root, xhtml } = clean(markup);
      expect(root.textContent).toBe('ab');
      expect(xhtml).not.toMatch(/svg|math|script/);
    }
  });

  it('keeps only safe links: http(s), mailto, resolved relative links and fragments that exist', () => {
    const { root } = clean(
      '<p id="top"><a href="javascript:alert(1)">js</a> <a href="data:text/html,x">data</a> ' +
        '<a href="https://example.com/a b|c">web</a> <a href="mailto:editor@example.com">mail</a> ' +
        '<a href="/about">rel</a> <a href="#top">up</a> <a href="#missing">gone</a> <a href="vbscript:x">vb</a></p>',
      'https://news.example/story/1',
    );
    const hrefs = [...root.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(hrefs).toEqual([
      ['web', 'https://example.com/a%20b%7Cc'],
      ['mail', 'mailto:editor@example.com'],
      ['rel', 'https://news.example/about'],
      ['up', '#top'],
    ]);
    expect(root.textContent).toContain('js data');
    expect(root.textContent).toContain('gone');
    // Without a base address a relative link leads nowhere in the book: its text stays.
    expect(clean('<p><a href="/about">rel</a></p>').root.querySelector('a')).toBeNull();
  });

  it('keeps only the book’s own pictures, and keeps an empty alt empty', () => {
    const { root } = clean(
      '<figure><img src="images/ok.jpg" alt="" role="presentation" width="10" height="x"/>' +
        '<img src="https://tracker.example/p.gif" alt="pixel"/><img src="data:image/png;base64,AAAA" alt="d"/></figure>',
    );
    const imgs = [...root.querySelectorAll('img')];
    expect(imgs).toHaveLength(1);
    expect(imgs[0]!.getAttribute('alt')).toBe('');
    expect(imgs[0]!.getAttribute('role')).toBe('presentation');
    expect(imgs[0]!.getAttribute('width')).toBe('10');
    expect(imgs[0]!.hasAttribute('height')).toBe(false);
  });

  it('pairs lang with xml:lang, drops bad values, duplicate ids and characters XML forbids', () => {
    const { root, xhtml } = clean(
      '<p lang="ru">один</p><p xml:lang="de">zwei</p><p lang="not a tag">drei</p>' +
        '<p id="x">a</p><p id="x">b</p><p id="two words">c\u0001\u000b</p><time datetime="soon">t</time>' +
        '<ol start="3" reversed="">ok</ol><span role="button doc-pullquote" dir="sideways">r</span>',
    );
    const ps = [...root.querySelectorAll('p')];
    expect(ps[0]!.getAttribute('lang')).toBe('ru');
    expect(ps[0]!.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang')).toBe('ru');
    expect(ps[1]!.getAttribute('lang')).toBe('de');
    expect(ps[2]!.hasAttribute('lang')).toBe(false);
    expect(root.querySelectorAll('#x')).toHaveLength(1);
    expect(xhtml).not.toContain('two words');
    expect(xhtml.includes('\u0001') || xhtml.includes('\u000b')).toBe(false);
    expect(root.querySelector('time')!.hasAttribute('datetime')).toBe(false);
    expect(root.querySelector('ol')!.getAttribute('start')).toBe('3');
    expect(root.querySelector('ol')!.getAttribute('reversed')).toBe('reversed');
    expect(root.querySelector('span')!.getAttribute('role')).toBe('doc-pullquote');
    expect(root.querySelector('span')!.hasAttribute('dir')).toBe(false);
  });

  it('removes lone surrogates, C1 controls and non-characters, also from references, and keeps emoji', () => {
    const { xhtml, root } = clean(
      '<p title="t\uD800i\u0085t">a\uDC00b\u0090c&#x85;d&#xFFFE;e 👋 f</p><p>plain</p>',
    );
    expect(root.querySelector('p')!.textContent).toBe('abcde 👋 f');
    expect(root.querySelector('p')!.getAttribute('title')).toBe('tit');
    expect(/[\u0080-\u009f\uFFFE]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(xhtml)).toBe(false);
    expect(root.querySelectorAll('p')[1]!.textContent).toBe('plain');
  });

  it('unwraps unknown elements, keeping their text, and reports headings with ids', () => {
    const { root, headings } = clean(
      '<center><font color="red">old</font></center><h2 id="s1">First <em>part</em><script>x</script></h2>' +
        '<h3 id="s2" lang="fr">Deuxième</h3><h2>No id</h2>',
    );
    expect(root.textContent).toContain('old');
    expect(root.querySelector('center, font')).toBeNull();
    expect(headings).toEqual([
      { level: 2, id: 's1', text: 'First part' },
      { level: 3, id: 's2', text: 'Deuxième', lang: 'fr' },
    ]);
  });
  it('moves a figure caption found between other children to the end', () => {
    const { root } = clean(
      '<figure><img src="images/ok.jpg" alt="Port"/><figcaption>Caption</figcaption>' +
        '<details><summary>Image description</summary><p>Long.</p></details></figure>',
    );
    expect([...root.querySelector('figure')!.children].map((c) => c.localName)).toEqual([
      'img',
      'details',
      'figcaption',
    ]);
    const first = clean(
      '<figure><figcaption>First</figcaption><img src="images/ok.jpg" alt="Port"/></figure>',
    );
    expect([...first.root.querySelector('figure')!.children].map((c) => c.localName)).toEqual([
      'figcaption',
      'img',
    ]);
  });

  it('keeps class tokens as written (any non-space characters)', () => {
    const { root } = clean('<pre><code class="language-c++ x">int a;</code></pre>');
    expect(root.querySelector('code')!.getAttribute('class')).toBe('language-c++ x');
  });
});

describe('markup readers', () => {
  it('the strict reader refuses what is not plain well-formed XHTML', () => {
    for (const markup of [
      '<p>a &nbsp; b</p>',
      '<p>a<b>c</p>',
      '<p>open',
      '<img src="x">',
      "<p class='single'>x</p>",
      '<p><!-- comment --></p>',
      '<p a="1" a="2">x</p>',
      '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>',
      '<p xmlns="http://www.w3.org/2000/svg">x</p>',
      '<p>&#0;</p>',
      '<p>a < b</p>',
    ]) {
      expect(readStrictXhtml(markup), markup).toBeUndefined();
    }
    expect(readStrictXhtml('<p class="a" xml:lang="en">x &amp; &#x41;<br/></p>')).toEqual([
      {
        type: 'element',
        name: 'p',
        namespace: 'http://www.w3.org/1999/xhtml',
        attrs: [
          ['class', 'a'],
          ['xml:lang', 'en'],
        ],
        children: [
          { type: 'text', text: 'x & A' },
          { type: 'element', name: 'br', namespace: 'http://www.w3.org/1999/xhtml', attrs: [], children: [] },
        ],
      },
    ]);
  });

  const shape = (nodes: MarkupNode[]): unknown =>
    nodes.map((n) => (n.type === 'text' ? n.text : [n.name, n.attrs, shape(n.children)]));

  it.each(['meduza', ...corpusPages()])(
    'reads the HTML writer’s output of %s strictly, exactly as the HTML parser does',
    async (name) => {
      const { article, ctx } = await corpusArticle(name);
      const html = renderHtml(article, { standalone: false }, ctx.report, (f) =>
        ctx.images?.fileName(f.id, 'epub'),
      );
      const strict = readStrictXhtml(html);
      expect(strict).toBeDefined();
      expect(shape(strict!)).toEqual(shape(readHtml(html)));
      // Nothing the HTML writer produces is removed.
      const files = new Set(
        [...(ctx.images?.entries() ?? [])].map(([id]) => ctx.images!.fileName(id, 'epub')!),
      );
      expect(
        sanitizeChapter(html, { images: files, baseUrl: article.url ?? 'https://example.com/' }).removed,
      ).toEqual([]);
    },
  );
});
