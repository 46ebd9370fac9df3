/** The quotes transform wired into exports: HTML quote spans and speaker list, `readout analyze`, POST /v1/analyze. */
import { JSDOM } from 'jsdom';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { corpusJson, corpusText, sharedPath } from './helpers/corpus.js';

interface Gold {
  quotes: { startsWith: string; speaker: string | null; kind: string }[];
}

const meduza = sharedPath('corpus', 'meduza-lavrov-blinken.txt');
const input = corpusText('meduza-lavrov-blinken.txt');
const gold = corpusJson<Gold>('gold', 'meduza-lavrov-blinken.json');

describe('quotes in exports', () => {
  it('readout analyze --json gives every gold quote with offsets into the original input', async () => {
    const r = await runCli(['analyze', meduza, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      quotes: {
        text: string;
        start: number;
        end: number;
        speaker: string | null;
        mention: { start: number; end: number; text: string } | null;
      }[];
    };
    expect(result.quotes).toHaveLength(gold.quotes.length);
    gold.quotes.forEach((g, i) => {
      const q = result.quotes[i]!;
      expect(q.text.startsWith(g.startsWith), `${i}: ${q.text}`).toBe(true);
      expect(input.slice(q.start, q.end)).toBe(q.text);
      expect(q.speaker).toBe(g.speaker);
      if (q.mention) expect(input.slice(q.mention.start, q.mention.end)).toBe(q.mention.text);
    });
  });

  it('the HTML output marks quotes with their speaker and lists the speakers', async () => {
    const res = await request(testApp())
      .post('/v1/convert/html')
      .set('Content-Type', 'text/plain')
      .send(input);
    expect(res.status).toBe(200);
    const doc = new JSDOM(res.text).window.document;
    const spans = [...doc.querySelectorAll('span.quote')];
    expect(spans).toHaveLength(gold.quotes.length);
    const listed = new Map(
      [...doc.querySelectorAll('section.speakers li')].map((li) => [
        li.getAttribute('data-speaker'),
        li.textContent,
      ]),
    );
    expect([...listed.values()].join(' ')).toMatch(/Sergey Lavrov/);
    for (const span of spans) {
      const id = span.getAttribute('data-speaker');
      expect(id && listed.has(id), span.textContent ?? '').toBe(true);
      expect(span.getAttribute('data-speaker-name')).toBe(listed.get(id)!.split(',')[0]);
    }
    // The original quotation marks stay in the text.
    expect(spans[0]!.textContent).toMatch(/^“constructive,”$/);
  });

  it('POST /v1/analyze returns quotes, speakers and the accessibility report', async () => {
    const res = await request(testApp()).post('/v1/analyze').send({ text: input });
    expect(res.status).toBe(200);
    expect(res.body.speakers.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['Sergey Lavrov', 'Antony Blinken', 'Ned Price']),
    );
    expect(res.body.quotes).toHaveLength(gold.quotes.length);
    expect(res.body.accessibility.images).toHaveLength(1);
  });
});
