import { beforeAll, describe, expect, it } from 'vitest';
import { type EvalReport, evaluateGold } from '../../scripts/eval-quotes.js';
import { analyzeArticle } from '../../src/analyze.js';
import { quotesTransform } from '../../src/enrich/quotes/index.js';
import { Article } from '../../src/model/schema.js';
import { readArticle } from '../../src/read/index.js';
import { Report } from '../../src/report.js';
import { corpusText, sharedPath } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

let report: EvalReport;

beforeAll(async () => {
  report = await evaluateGold(sharedPath('corpus', 'gold'));
}, 60_000);

const rate = (n: number, d: number) => (d ? n / d : 1);

describe('quotes on the shared gold', () => {
  it('finds all 17 quotes of the original article, each with the right speaker', () => {
    const meduza = report.files.find((f) => f.file === 'meduza-lavrov-blinken')!;
    expect(meduza.problems.filter((p) => !p.startsWith('kind:'))).toEqual([]);
    expect([meduza.matched, meduza.gold]).toEqual([17, 17]);
    expect(meduza.speakerRight).toBe(17);
  });

  it('meets the recall and speaker targets over all gold files', () => {
    const c = report.overall;
    expect(rate(c.matched, c.gold)).toBeGreaterThanOrEqual(0.98);
    expect(rate(c.directRight, c.direct)).toBeGreaterThanOrEqual(0.95);
    expect(rate(c.partialRight, c.partial)).toBeGreaterThanOrEqual(0.85);
    expect(rate(c.other - c.otherWithSpeaker, c.other)).toBeGreaterThanOrEqual(0.9);
  });

  it('covers the French page', () => {
    const lemonde = report.files.find((f) => f.file === 'lemonde-1')!;
    expect(lemonde.matched).toBe(lemonde.gold);
    expect(rate(lemonde.speakerRight, lemonde.gold)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('analyze on plain-text input', () => {
  it('gives offsets into the original input for quotes and mentions', async () => {
    const input = corpusText('meduza-lavrov-blinken.txt');
    const { article } = await readArticle({ data: input, format: 'text' }, testCtx());
    const enriched = quotesTransform()(article, new Report());
    expect(Article.safeParse(enriched).success).toBe(true);
    const result = analyzeArticle(enriched, input);
    expect(result.quotes).toHaveLength(17);
    for (const q of result.quotes) {
      expect(input.slice(q.start, q.end)).toBe(q.text);
      expect(q.mention).not.toBeNull();
      expect(input.slice(q.mention!.start, q.mention!.end)).toBe(q.mention!.text);
    }
    expect(result.speakers.map((s) => s.name).sort()).toEqual([
      'Antony Blinken',
      'Ned Price',
      'Sergey Lavrov',
    ]);
    // The quote "When he [Obama] was leaving …" keeps its bracketed insertion.
    expect(result.quotes.some((q) => q.text.startsWith('When he [Obama] was leaving'))).toBe(true);
  });
});
