/**
 * A real engine speaks the SSML: espeak-ng (`-m`, SSML mode) turns every w3c and espeak request of the
 * corpus into WAV audio of non-zero duration, and a quotation is heard in another voice than the
 * narrator's. The voice check: the same paragraph is rendered twice — with its speaker's voice, and with
 * an empty palette so the narrator reads the quote too. eSpeak is deterministic, so the two recordings are
 * identical up to where the quotation starts and from where it ends; what lies between is the quotation
 * in each voice, and its pitch is measured.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Article, type Block } from '../../src/model/schema.js';
import { walkBlocks } from '../../src/model/walk.js';
import { Report } from '../../src/report.js';
import { renderSsml } from '../../src/write/ssml/index.js';
import type { SsmlOptions } from '../../src/write/ssml/options.js';
import { corpusArticles, medianPitch, readWav, requireTool, speak } from './ssml-support.js';

const dir = mkdtempSync(join(tmpdir(), 'readout-espeak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
async function spoken(xml: string): Promise<ReturnType<typeof readWav>> {
  const n = ++counter;
  const ssml = join(dir, `${n}.ssml`);
  const wav = join(dir, `${n}.wav`);
  writeFileSync(ssml, xml);
  await speak(ssml, wav);
  return readWav(wav);
}

/** The samples where two recordings differ: after their common beginning and before their common end. */
function difference(a: Int16Array, b: Int16Array): { a: Int16Array; b: Int16Array; prefix: number } {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return { a: a.subarray(p, a.length - s), b: b.subarray(p, b.length - s), prefix: p };
}

describe('espeak-ng speaks the SSML', () => {
  it('is installed (the tests below need it)', () => {
    expect(requireTool('espeak-ng')).toMatch(/espeak-ng$/);
  });

  it('speaks every w3c and espeak request of the corpus to audio of non-zero duration', async () => {
    requireTool('espeak-ng');
    const corpus = await corpusArticles();
    let files = 0;
    for (const { name, article } of corpus) {
      const r = await renderSsml(article, { engines: ['w3c', 'espeak'] }, new Report());
      for (const e of r.engines) {
        for (const q of e.requests) {
          const wav = await spoken(q.xml);
          files++;
          expect(wav.sampleRate, `${name} ${e.engine} ${q.file}`).toBeGreaterThan(8000);
          expect(wav.channels).toBe(1);
          expect(wav.bitsPerSample).toBe(16);
          // Roughly a second per 20 characters of text at eSpeak's default rate: far more than nothing.
          expect(wav.seconds, `${name} ${e.engine} ${q.file}`).toBeGreaterThan(q.size.billed / 60);
        }
      }
    }
    expect(files).toBeGreaterThanOrEqual(22);
  }, 300_000);

  it('speaks a quotation by another speaker in a different voice than the narrator', async () => {
    requireTool('espeak-ng');
    const [original] = await corpusArticles();
    const article = original!.article;
    // The first paragraph of the original article with a direct quotation in a speaker's voice.
    const block = [...walkBlocks(article.blocks)].find(
      (b): b is Extract<Block, { type: 'paragraph' }> =>
        b.type === 'paragraph' &&
        b.children.some((c) => c.type === 'quote' && c.kind === 'direct' && c.speakerId !== undefined),
    );
    expect(block, 'a paragraph with a direct quote in the original article').toBeDefined();
    const one = Article.parse({
      ...article,
      blocks: [block],
      subtitle: undefined,
      authors: [],
      translators: [],
    });
    for (const engine of ['w3c', 'espeak'] as const) {
      const voiced = await renderSsml(one, { engines: [engine] }, new Report());
      const narrated: SsmlOptions = { engines: [engine], voices: { [engine]: { palette: [] } } };
      const plain = await renderSsml(one, narrated, new Report());
      const a = voiced.engines[0]!.requests[0]!.xml;
      const b = plain.engines[0]!.requests[0]!.xml;
      expect(a).toMatch(/<voice gender="female">/);
      expect(b).not.toContain('<voice');
      const [wa, wb] = [await spoken(a), await spoken(b)];
      const diff = difference(wa.samples, wb.samples);
      // The recordings share the narrator's opening, then differ for the length of the quotation.
      expect(diff.a.length / wa.sampleRate, engine).toBeGreaterThan(1);
      const speaker = medianPitch(diff.a, wa.sampleRate);
      const narrator = medianPitch(diff.b, wb.sampleRate);
      expect(narrator, engine).toBeGreaterThan(60);
      expect(speaker / narrator, `${engine}: speaker ${speaker} Hz, narrator ${narrator} Hz`).toBeGreaterThan(
        1.3,
      );
    }
  }, 120_000);
});
