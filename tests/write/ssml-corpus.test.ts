/**
 * The SSML writer on the real corpus (the original article through the text reader, every page through
 * the HTML reader, all through the quotes transform): W3C output valid against the SSML 1.1 schema
 * (xmllint), every engine's requests clean for the dialect checker and within limits, nothing lost.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { articleText, walkBlocks } from '../../src/model/walk.js';
import { Report } from '../../src/report.js';
import { checkSsml } from '../../src/write/ssml/check.js';
import { renderSsml, type SsmlRendering } from '../../src/write/ssml/index.js';
import { stripIllegal } from '../../src/write/ssml/text.js';
import { documentText } from '../../src/write/ssml/tree.js';
import {
  type CorpusArticle,
  corpusArticles,
  requestsText,
  spokenText,
  xmllintValidate,
} from './ssml-support.js';

let corpus: CorpusArticle[];
const renderings = new Map<string, SsmlRendering>();

beforeAll(async () => {
  corpus = await corpusArticles();
  for (const { name, article } of corpus) renderings.set(name, await renderSsml(article, {}, new Report()));
}, 120_000);

/** True when the characters of `needle` appear in `hay` in order (white space ignored). */
function inOrder(needle: string, hay: string): boolean {
  const n = needle.replace(/\s+/g, '');
  const h = hay.replace(/\s+/g, '');
  let j = 0;
  for (let i = 0; i < h.length && j < n.length; i++) if (h[i] === n[j]) j++;
  return j === n.length;
}

describe('SSML on the corpus', () => {
  it('reads the original article and all ten pages', () => {
    expect(corpus.map((c) => c.name)).toContain('meduza-lavrov-blinken');
    expect(corpus).toHaveLength(11);
    // The quotes transform found speakers in the original article: its script switches voices.
    expect(renderings.get('meduza-lavrov-blinken')!.article).toContain('<voice gender="female">');
  });

  it('writes article.ssml that validates against the W3C SSML 1.1 schema (xmllint)', async () => {
    const problems = await xmllintValidate(
      corpus.map((c) => ({ name: c.name, xml: renderings.get(c.name)!.article })),
    );
    expect(problems).toBe('');
  }, 60_000);

  it('is checked for real: xmllint reports a document the schema does not allow', async () => {
    const bad =
      '<?xml version="1.0"?><speak xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en"><p><p>x</p></p></speak>';
    const problems = await xmllintValidate([{ name: 'bad', xml: bad }]);
    expect(problems).toMatch(/version|Element '\{http:\/\/www\.w3\.org\/2001\/10\/synthesis\}p'/);
  });

  it('validates with the options that change the markup too (partial quotes voiced, lexicon, long pauses)', async () => {
    const lexicon = `<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en">
      <lexeme><grapheme>Lavrov</grapheme><phoneme>lɐˈvrof</phoneme></lexeme>
      <lexeme><grapheme>Blinken</grapheme><alias>Blinken</alias></lexeme></lexicon>`;
    const docs = [];
    for (const { name, article } of corpus) {
      const r = await renderSsml(
        article,
        {
          voicePartialQuotes: true,
          lexicon,
          pauses: { beforeHeading: 25_000 },
          voices: { w3c: { narrator: 'male' } },
        },
        new Report(),
      );
      docs.push({ name, xml: r.article });
      for (const e of r.engines)
        for (const q of e.requests) expect(await checkSsml(e.engine, q.xml)).toEqual([]);
    }
    expect(docs[0]!.xml).toContain('<phoneme alphabet="ipa" ph="lɐˈvrof">Lavrov</phoneme>');
    expect(await xmllintValidate(docs)).toBe('');
  }, 120_000);

  it('passes the dialect checker for every request of every engine', async () => {
    for (const { name } of corpus) {
      for (const e of renderings.get(name)!.engines) {
        expect(e.requests.length, `${name} ${e.engine}`).toBeGreaterThan(0);
        for (const q of e.requests)
          expect(await checkSsml(e.engine, q.xml), `${name} ${e.engine} ${q.file}`).toEqual([]);
      }
    }
  }, 120_000);

  it('speaks, across the requests of each engine, exactly the narration of the script', async () => {
    for (const { name } of corpus) {
      const r = renderings.get(name)!;
      for (const e of r.engines) {
        expect(await requestsText(e.requests.map((q) => q.xml)), `${name} ${e.engine}`).toBe(
          spokenText(r.script, e.engine),
        );
      }
    }
  }, 120_000);

  it('loses no text of the article and gives every block a mark, once, in order', async () => {
    for (const { name, article } of corpus) {
      const r = renderings.get(name)!;
      for (const line of articleText(article).split('\n')) {
        expect(inOrder(stripIllegal(line), documentText(r.script)), `${name}: ${line.slice(0, 60)}`).toBe(
          true,
        );
      }
      const ids = [...walkBlocks(article.blocks)].map((b) => b.id);
      const marks = [...r.article.matchAll(/<mark name="([^"]+)"\/>/g)].map((m) => m[1]);
      expect(marks).toEqual(ids);
      expect(new Set(marks).size).toBe(marks.length);
      for (const e of r.engines) {
        expect(
          e.requests.flatMap((q) => q.marks),
          `${name} ${e.engine}`,
        ).toEqual(ids);
      }
    }
  });
});
