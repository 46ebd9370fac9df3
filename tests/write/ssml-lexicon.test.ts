/**
 * PLS lexicons as the service reads them from callers: the parts of PLS 1.0 the script uses, strict XML
 * (no entity expansion), and no memory kept per lexicon parsed (a long-running service sees many).
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseLexicon } from '../../src/write/ssml/lexicon.js';
import { parseXmlTree } from '../../src/write/ssml/xml-tree.js';

const PLS = 'http://www.w3.org/2005/01/pronunciation-lexicon';

describe('PLS lexicons', () => {
  it('reads graphemes, the preferred alias and phoneme, alphabets, xml:lang, CDATA and character references', async () => {
    const lexicon = await parseLexicon(`<?xml version="1.0"?>
<pls:lexicon xmlns:pls="${PLS}" version="1.0" alphabet="x-sampa" xml:lang="en-GB">
  <!-- a comment -->
  <pls:lexeme id="one">
    <pls:grapheme>Tomato</pls:grapheme><pls:grapheme>tomato</pls:grapheme>
    <pls:phoneme>t@"mA:t@U</pls:phoneme>
    <pls:phoneme prefer="true" alphabet="ipa">təˈmɑːtəʊ</pls:phoneme>
  </pls:lexeme>
  <pls:lexeme id="two">
    <pls:grapheme>R&amp;D</pls:grapheme>
    <pls:alias>research and <![CDATA[development]]></pls:alias>
    <pls:alias prefer="true">R and D&#x21;</pls:alias>
  </pls:lexeme>
</pls:lexicon>`);
    expect(lexicon).toEqual({
      lang: 'en-GB',
      entries: [
        { graphemes: ['Tomato', 'tomato'], phoneme: { ph: 'təˈmɑːtəʊ', alphabet: 'ipa' } },
        { graphemes: ['R&D'], alias: 'R and D!' },
      ],
    });
  });

  it('takes the default alphabet of the lexicon, and elements in no namespace', async () => {
    const lexicon = await parseLexicon(
      '<lexicon alphabet="X-SAMPA"><lexeme><grapheme>data</grapheme><phoneme>"deIt@</phoneme></lexeme></lexicon>',
    );
    expect(lexicon.entries).toEqual([
      { graphemes: ['data'], phoneme: { ph: '"deIt@', alphabet: 'x-sampa' } },
    ]);
  });

  it('refuses entities it would have to expand (no DTD entity, internal or external, is ever read)', async () => {
    for (const entity of ['SYSTEM "file:///etc/hostname"', '"expanded"']) {
      const xml = `<!DOCTYPE lexicon [<!ENTITY x ${entity}>]>
<lexicon xmlns="${PLS}"><lexeme><grapheme>a</grapheme><alias>&x;</alias></lexeme></lexicon>`;
      await expect(parseLexicon(xml)).rejects.toMatchObject({
        code: 'input/ssml-lexicon',
        message: expect.stringMatching(/not well-formed XML \(.*entity/i),
      });
    }
  });

  it('names the line and column of a syntax error', () => {
    expect(() => parseXmlTree('<a>\n  <b></a>')).toThrow(/2:\d+/);
    expect(() => parseXmlTree('')).toThrow();
    expect(() => parseXmlTree('<a/><b/>')).toThrow();
  });

  it('keeps nothing of the lexicons it has parsed', async () => {
    const lexiconOf = (i: number) =>
      `<lexicon xmlns="${PLS}">${Array.from(
        { length: 50 },
        (_, j) => `<lexeme id="l${i}-${j}"><grapheme>w${i}x${j}</grapheme><alias>a${j}</alias></lexeme>`,
      ).join('')}</lexicon>`;
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    for (let i = 0; i < 200; i++) await parseLexicon(lexiconOf(i)); // warm up
    const before = heap();
    for (let i = 200; i < 2200; i++) await parseLexicon(lexiconOf(i));
    const grown = (heap() - before) / 1024 / 1024;
    // jsdom's DOMParser (one shared window) kept every id'd element: +13 MB over the same 2,000 lexicons.
    expect(grown).toBeLessThan(4);
  });
});
