import { describe, expect, it } from 'vitest';
import { processImages } from '../src/enrich/images/index.js';
import { InputError } from '../src/errors.js';
import type { Article, Block } from '../src/model/schema.js';
import type { Fetcher } from '../src/net/fetcher.js';
import { finalizeArticle } from '../src/read/finalize.js';
import { readText } from '../src/read/text.js';
import {
  AccessibilityReport,
  accessibilityReportJsonSchema,
  buildAccessibilityReport,
} from '../src/report/accessibility.js';
import { Report } from '../src/report.js';
import { dataUri, figure, jpeg } from './enrich/images-fixtures.js';
import { corpusText } from './helpers/corpus.js';
import { testCtx } from './helpers/ctx.js';

const offline: Fetcher = {
  async fetch(url) {
    throw new InputError('input/url-unreachable', `Could not fetch ${url}.`);
  },
};

function para(text: string, extra: Block[] = []): Block[] {
  return [{ id: '', type: 'paragraph', children: [{ type: 'text', text }] }, ...extra];
}

function article(blocks: Block[], lang?: string): Article {
  return finalizeArticle({
    title: 'Harbour reopens after the storm',
    authors: [],
    translators: [],
    ...(lang ? { lang } : {}),
    blocks,
  });
}

describe('buildAccessibilityReport', () => {
  it('lists every image with its source, alt, altSource, credit and flags, after the images transform', async () => {
    const ctx = testCtx({ fetcher: offline });
    const input = article(
      [
        ...para('The harbour reopened on Monday after a week of repairs to the pier and the breakwater.'),
        figure('https://img.example/IMG_2041.JPG', { alt: 'IMG_2041.JPG', altSource: 'author' }),
        figure('https://img.example/a.jpg', {
          alt: 'Getty Images',
          altSource: 'author',
          caption: [{ type: 'text', text: 'Ferries return to the harbour. Photo: Jane Doe/Reuters' }],
        }),
        figure(dataUri(await jpeg(), 'image/jpeg'), { decorative: true }),
        figure('https://img.example/b.jpg'),
      ],
      'en',
    );
    const out = await processImages(input, ctx);
    const report = buildAccessibilityReport(out, ctx.report);
    expect(AccessibilityReport.parse(report)).toEqual(report);
    const [file, captioned, decorative, missing] = report.images;
    expect(file).toMatchObject({ src: 'https://img.example/IMG_2041.JPG', altSource: 'missing' });
    expect(file!.flags).toEqual(expect.arrayContaining(['missing', 'filename', 'fetch_failed']));
    expect(captioned).toMatchObject({
      alt: 'Ferries return to the harbour.',
      altSource: 'caption',
      credit: 'Jane Doe/Reuters',
      caption: 'Ferries return to the harbour.',
    });
    expect(captioned!.flags).toEqual(['credit_only', 'fetch_failed']);
    expect(decorative!.flags).toEqual(['decorative']);
    expect(decorative!.src).toMatch(/^data:image\/jpeg,… \(\d+ characters\)$/);
    expect(missing!.flags).toEqual(['missing', 'fetch_failed']);
    expect(report.summary).toMatchObject({ images: 4, withAlt: 1, decorative: 1, missing: 2 });
    expect(report.findings.filter((f) => f.code === 'image-missing-alt').map((f) => f.blockId)).toEqual([
      file!.id,
      missing!.id,
    ]);
  });

  it('flags what is wrong with alts in an article that was not transformed', () => {
    const report = buildAccessibilityReport(
      article(
        [
          ...para('The harbour reopened on Monday after a week of repairs to the pier and the breakwater.'),
          figure('https://img.example/x.jpg', { alt: 'https://img.example/x.jpg', altSource: 'author' }),
          figure('https://img.example/y.jpg', {
            alt: 'Harbour reopens after the storm',
            altSource: 'author',
          }),
          figure('https://img.example/z.jpg', { alt: 'x'.repeat(300), altSource: 'author' }),
        ],
        'en',
      ),
    );
    expect(report.images.map((i) => i.flags)).toEqual([['url'], ['title_repeated'], ['too_long']]);
  });

  it('finds skipped heading levels, empty links and figures without caption', () => {
    const blocks: Block[] = [
      { id: '', type: 'heading', level: 3, children: [{ type: 'text', text: 'Repairs' }] },
      {
        id: '',
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Read the port authority notice ' },
          { type: 'link', href: 'https://port.example/notice', children: [] },
          { type: 'text', text: ' before you travel to the harbour this week.' },
        ],
      },
      { id: '', type: 'heading', level: 2, children: [{ type: 'text', text: 'Timetable' }] },
      { id: '', type: 'heading', level: 4, children: [{ type: 'text', text: 'Weekend' }] },
      figure('https://img.example/a.jpg', { alt: 'A ferry', altSource: 'author' }),
    ];
    const report = buildAccessibilityReport(article(blocks, 'en'));
    expect(report.findings.map((f) => [f.code, f.blockId])).toEqual([
      ['heading-level-skipped', 'b1'],
      ['empty-link', 'b2'],
      ['heading-level-skipped', 'b4'],
      ['figure-without-caption', 'b5'],
    ]);
  });

  it('says when the language was detected rather than declared', async () => {
    const text = corpusText('meduza-lavrov-blinken.txt');
    const detected = await readText({ text }, testCtx());
    expect(detected.langSource).toBe('detected');
    expect(buildAccessibilityReport(detected).findings.map((f) => f.code)).toContain('lang-not-declared');
    const declared = article(para('The harbour reopened on Monday after a week of repairs.'), 'en');
    expect(declared.langSource).not.toBe('detected');
    expect(buildAccessibilityReport(declared).findings.map((f) => f.code)).not.toContain('lang-not-declared');
  });

  it('reports too many images as an article finding', () => {
    const report = new Report();
    report.warn('images:too-many', 'The article has 60 images; only the first 50 are included.');
    const out = buildAccessibilityReport(
      article(para('The harbour reopened on Monday after repairs.'), 'en'),
      report,
    );
    expect(out.findings).toContainEqual(expect.objectContaining({ code: 'too-many-images' }));
  });

  it('has a JSON Schema', () => {
    const schema = accessibilityReportJsonSchema();
    expect(schema).toMatchObject({ type: 'object' });
    expect(Object.keys((schema as { properties: object }).properties)).toEqual(
      expect.arrayContaining(['images', 'findings', 'summary']),
    );
  });
});
