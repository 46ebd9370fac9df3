/**
 * The html reader's parser (parse5 tree construction copied into a linkedom document): the tree a browser
 * builds, the DOM answers Readability relies on, and no document kept alive after reading.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Readability } from '@mozilla/readability';
import { describe, expect, it } from 'vitest';
import { articleText } from '../../src/model/walk.js';
import { parseHtml } from '../../src/read/html/dom.js';
import { MAX_DEPTH, parseDocument } from '../../src/read/html/parse.js';
import { readHtml } from '../../src/read/html.js';
import { corpusText } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

const body = (inner: string) =>
  parseDocument(`<!doctype html><html><head></head><body>${inner}</body></html>`);

describe('parseDocument builds the tree of the HTML standard', () => {
  it('closes paragraphs, fosters table text before the table and adds tbody', () => {
    const doc = body('<p>one<div>two</div><table>stray<tr><td>cell</td></tr></table>');
    expect([...doc.body.children].map((el) => el.localName)).toEqual(['p', 'div', 'table']);
    expect(doc.querySelector('div')?.previousElementSibling?.textContent).toBe('one');
    // A browser (and parse5) puts text found directly in a table just before the table.
    const table = doc.querySelector('table')!;
    expect(table.previousSibling?.textContent).toBe('stray');
    expect(table.firstElementChild?.localName).toBe('tbody');
  });

  it('parses noscript content as markup and keeps template content out of the tree', () => {
    const doc = body(
      '<noscript><img src="a.jpg"></noscript><template><p>template text</p></template><p>x</p>',
    );
    expect(doc.querySelector('noscript img')?.getAttribute('src')).toBe('a.jpg');
    expect(doc.body.textContent).not.toContain('template text');
    expect(doc.querySelectorAll('p')).toHaveLength(1);
  });

  it('keeps attributes in source order and svg names in their case', () => {
    const doc = body('<img data-b="1" src="a.jpg" alt="x"><svg viewBox="0 0 1 1"><linearGradient/></svg>');
    expect([...doc.querySelector('img')!.attributes].map((a) => a.name)).toEqual(['data-b', 'src', 'alt']);
    expect(doc.querySelector('svg')?.firstElementChild?.localName).toBe('linearGradient');
  });
});

describe('parseDocument answers as a browser DOMParser document', () => {
  it('gives document.title from the HTML title only, whitespace collapsed', () => {
    const doc = parseDocument(
      '<html><head></head><body><svg><title>icon</title></svg><title>\n  A   long\n title </title></body></html>',
    );
    expect(doc.title).toBe('A long title');
  });

  it('reports about:blank, or an absolute <base href>, as the base URI', () => {
    expect(body('<p>x</p>').baseURI).toBe('about:blank');
    expect(body('<p>x</p>').documentURI).toBe('about:blank');
    expect(parseDocument('<head><base href="/rel/"></head>').baseURI).toBe('about:blank');
    expect(parseDocument('<head><base href="https://example.org/a/"></head>').baseURI).toBe(
      'https://example.org/a/',
    );
  });

  it('reads display and visibility like a browser, !important included', () => {
    const doc = body(
      '<p style="display: none !important">a</p><p style="display:none;display:block">b</p>' +
        '<p style="display:none !important;display:block">c</p><p style="visibility: HIDDEN">d</p>',
    );
    const styles = [...doc.querySelectorAll('p')].map((p) => (p as HTMLElement).style);
    expect(styles.map((s) => s.display)).toEqual(['none', 'block', 'none', '']);
    expect(styles[3]!.visibility).toBe('hidden');
  });

  it('lowercases created element names and serialises and parses innerHTML by the standard', () => {
    const doc = body('<div><p title="&quot;x&quot; &amp; y">one &lt;two&gt;</p><br></div>');
    expect(doc.createElement('DIV').localName).toBe('div');
    const before = doc.body.innerHTML;
    expect(before).toBe('<div><p title="&quot;x&quot; &amp; y">one &lt;two&gt;</p><br></div>');
    doc.body.innerHTML = before;
    expect(doc.body.innerHTML).toBe(before);
    const box = doc.createElement('div');
    box.innerHTML = '<table><tr><td>x';
    expect(box.innerHTML).toBe('<table><tbody><tr><td>x</td></tr></tbody></table>');
  });
});

function articleOf(paragraphs: string[]): string {
  return `<!doctype html><html><head><title>Hidden text</title></head><body><article>${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
}

describe('the html reader on the new parser', () => {
  const filler = 'The council met on Tuesday evening to debate the new library budget at some length.';

  it('leaves out a paragraph hidden with display: none !important', async () => {
    const page = articleOf([filler.repeat(3), filler.repeat(3), filler.repeat(3)]).replace(
      '</article>',
      '<div style="display: none !important"><p>SECRET DRAFT TEXT. '.concat(
        filler.repeat(2),
        '</p></div></article>',
      ),
    );
    const direct = new Readability(parseDocument(page)).parse();
    expect(direct?.textContent).not.toContain('SECRET');
    expect(articleText(await readHtml({ text: page }, testCtx()))).not.toContain('SECRET');
  });

  it('keeps no parsed document alive once read', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const page = corpusText('pages', 'nytimes-1', 'source.html');
    const refs: WeakRef<Document>[] = [];
    for (let i = 0; i < 4; i++) refs.push(new WeakRef(parseHtml(page)));
    for (let i = 0; i < 3; i++) await readHtml({ text: page }, testCtx());
    await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRefs hold their target until the job ends
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10; i++) await readHtml({ text: page }, testCtx());
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(refs.filter((ref) => ref.deref())).toEqual([]);
    // A retained document of this page is about 2 MB (5 MB with jsdom): 10 reads would show.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(8e6);
  });
});

describe('hostile nesting', () => {
  it('flattens elements nested deeper than MAX_DEPTH, keeping their text (no quadratic walks)', () => {
    const n = 5000;
    const text = 'The text at the bottom of the pit.';
    const doc = parseDocument(
      `<html><body>${'<div>'.repeat(n)}<p>${text}</p>${'</div>'.repeat(n)}</body></html>`,
    );
    let deepest = 0;
    for (const el of doc.querySelectorAll('*')) {
      let depth = 0;
      for (let e: Element | null = el; e; e = e.parentElement) depth++;
      deepest = Math.max(deepest, depth);
    }
    expect(deepest).toBeLessThanOrEqual(MAX_DEPTH + 2);
    expect(deepest).toBeGreaterThan(MAX_DEPTH / 2);
    expect(doc.body.textContent).toContain(text);
  });
});
