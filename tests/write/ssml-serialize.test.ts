/**
 * The serialiser writes each distinct piece (start and end tags, empty elements, texts) with xmlbuilder2
 * once and puts documents together from the pieces. Property: for random trees full of markup and
 * control characters, the result is byte for byte what xmlbuilder2 writes for the whole tree at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { Attr } from '../../src/write/ssml/dialects/types.js';
import { XmlCache, XmlSink } from '../../src/write/ssml/serialize.js';
import { stripIllegal } from '../../src/write/ssml/text.js';

type XNode = { text: string } | { name: string; attrs: Attr[]; children: XNode[] };

const NS = 'http://www.w3.org/2001/10/synthesis';

const hostile = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 6, unit: 'binary' }),
  fc.constantFrom(
    '&',
    '&amp;',
    '&nbsp;',
    '&#0;',
    '<',
    '>',
    '"',
    "'",
    ']]>',
    '\u0000',
    '\ud800',
    '😀',
    ' ',
    '',
  ),
);
const attrs = fc
  .uniqueArray(
    fc.tuple(fc.constantFrom('name', 'time', 'alias', 'interpret-as', 'xml:lang', 'gender'), hostile),
    { maxLength: 3, selector: ([k]) => k },
  )
  .map((xs) => xs.map(([k, v]): Attr => [k, v]));
const { node } = fc.letrec<{ node: XNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostile.map((text): XNode => ({ text })),
    fc
      .record({
        name: fc.constantFrom('p', 's', 'voice', 'say-as', 'sub', 'break', 'mark', 'lang'),
        attrs,
        children: fc.array(tie('node'), { maxLength: 4 }),
      })
      .map((n): XNode => n),
  ),
}));

/** What serialize.ts hands xmlbuilder2: illegal characters removed, every `&` escaped (see its header). */
const safe = (v: string) => stripIllegal(v).replace(/&/g, '&amp;');

function reference(children: XNode[], root: Attr[], declaration: boolean): string {
  const doc = create(declaration ? { version: '1.0', encoding: 'UTF-8' } : {});
  const object = (a: Attr[]) =>
    Object.fromEntries(a.filter(([k]) => k !== 'xmlns').map(([k, v]) => [k, safe(v)]));
  const ns = root.find(([k]) => k === 'xmlns')?.[1];
  const speak = ns ? doc.ele(ns, 'speak', object(root)) : doc.ele('speak', object(root));
  const add = (parent: ReturnType<typeof create>, n: XNode) => {
    if ('text' in n) {
      const value = safe(n.text);
      if (value) parent.txt(value);
      return;
    }
    const el = parent.ele(n.name, object(n.attrs));
    for (const c of n.children) add(el, c);
  };
  for (const c of children) add(speak, c);
  return doc.end({ headless: !declaration, prettyPrint: false });
}

function pieces(children: XNode[], root: Attr[], sink: XmlSink): string {
  const write = (n: XNode) => {
    if ('text' in n) sink.text(n.text);
    else if (!n.children.length) sink.empty(n.name, n.attrs);
    else {
      sink.open(n.name, n.attrs);
      for (const c of n.children) write(c);
      sink.close();
    }
  };
  sink.open('speak', root);
  for (const c of children) write(c);
  sink.close();
  return sink.toString();
}

describe('the SSML serialiser', () => {
  it('writes exactly what xmlbuilder2 writes for the whole tree', () => {
    const cache = new XmlCache();
    fc.assert(
      fc.property(
        // Elements only at the top, as the writer's documents have (the root always holds something).
        fc
          .array(node, { minLength: 1, maxLength: 5 })
          .map((xs) => xs.map((x): XNode => ('text' in x ? { name: 's', attrs: [], children: [x] } : x))),
        fc.boolean(),
        fc.boolean(),
        (children, namespaced, declaration) => {
          const root: Attr[] = namespaced
            ? [
                ['xmlns', NS],
                ['version', '1.1'],
                ['xml:lang', 'en'],
              ]
            : [];
          const expected = reference(children, root, declaration);
          // Cold (pieces written on the way) and warm (pieces from the cache), and texts prepared ahead.
          expect(pieces(children, root, new XmlSink(declaration, cache))).toBe(expected);
          expect(pieces(children, root, new XmlSink(declaration, cache))).toBe(expected);
          const prepared = new XmlCache();
          const texts: string[] = [];
          const collect = (n: XNode) => ('text' in n ? texts.push(n.text) : n.children.forEach(collect));
          children.forEach(collect);
          prepared.prepare(texts);
          expect(pieces(children, root, new XmlSink(declaration, prepared))).toBe(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('counts spoken characters and voice elements per request', () => {
    const sink = new XmlSink(false);
    sink.open('speak', []);
    sink.open('p', []);
    sink.open('s', []);
    sink.text('a&b');
    sink.open('voice', [['name', 'X']]);
    sink.text('😀');
    sink.close();
    sink.close();
    sink.close();
    sink.close();
    expect(sink.toString()).toBe('<speak><p><s>a&amp;b<voice name="X">😀</voice></s></p></speak>');
    expect(sink.textLength).toBe(5);
    expect(sink.voices).toBe(1);
  });
});
