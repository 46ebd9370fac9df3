import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Article, Block, Inline, TextRun } from '../../src/model/schema.js';
import { articleText, blockText, inlineText, walkBlocks } from '../../src/model/walk.js';
import { isBoilerplate } from '../../src/read/text/boilerplate.js';
import { parseCreditLine, parsePersonLine, parseSourceLine } from '../../src/read/text/byline.js';
import { findContent } from '../../src/read/text/content.js';
import { isDateish, parseDateLine } from '../../src/read/text/dates.js';
import { parseImageCredit, splitTrailingCredit } from '../../src/read/text/figures.js';
import { isHeadlineLike } from '../../src/read/text/header.js';
import { runsFromSpan } from '../../src/read/text/inline-offsets.js';
import { splitLines } from '../../src/read/text/lines.js';
import { isMetaLine } from '../../src/read/text/meta.js';
import { isOnwardLabel } from '../../src/read/text/navigation.js';
import { splitTitleLine } from '../../src/read/text/title.js';
import { readText } from '../../src/read/text.js';
import { corpusJson, corpusPages, corpusText, projectRoot } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';
import { expectGold, type GoldFile, goldMismatches } from '../helpers/gold.js';

const fixture = (name: string) => readFileSync(join(projectRoot, 'tests/fixtures/text', name), 'utf8');

async function read(text: string, name?: string) {
  const ctx = testCtx();
  const article = await readText({ text, ...(name ? { name } : {}) }, ctx);
  return { article, ctx };
}

function runsOf(inlines: readonly Inline[]): TextRun[] {
  return inlines.flatMap((run) => {
    if (run.type === 'text') return [run];
    if (run.type === 'code' || run.type === 'break') return [];
    return runsOf(run.children);
  });
}

function allRuns(article: Article): TextRun[] {
  return [...walkBlocks(article.blocks)].flatMap((b: Block) => {
    if (b.type === 'heading' || b.type === 'paragraph') return runsOf(b.children);
    if (b.type === 'figure') return runsOf(b.caption ?? []);
    return [];
  });
}

/** Every run with a source is the verbatim input slice; the only runs without one are ' ' joiners. */
function expectOffsets(input: string, article: Article) {
  const runs = allRuns(article);
  expect(runs.length).toBeGreaterThan(0);
  for (const run of runs) {
    if (run.source) expect(input.slice(run.source.start, run.source.end)).toBe(run.text);
    else expect(run.text).toBe(' ');
  }
}

const paragraphs = (a: Article) => [...walkBlocks(a.blocks)].filter((b) => b.type === 'paragraph');
const headings = (a: Article) => a.blocks.filter((b) => b.type === 'heading').map(blockText);
const figures = (a: Article) => a.blocks.filter((b) => b.type === 'figure');

describe('readText on the Meduza dump', () => {
  const input = corpusText('meduza-lavrov-blinken.txt');
  const gold = corpusJson<GoldFile>('gold', 'meduza-lavrov-blinken.json');

  it('meets every expectation of the gold file', async () => {
    const { article } = await read(input, 'meduza-lavrov-blinken.txt');
    expect(Object.keys(gold.expect).length).toBeGreaterThan(5);
    expectGold(article, gold.expect);
  });

  it('keeps the input offsets of every text run', async () => {
    const { article } = await read(input);
    expectOffsets(input, article);
    // The whole of each paragraph line is one verbatim run here (the dump has no inner whitespace to collapse).
    for (const p of paragraphs(article)) expect(input).toContain(blockText(p));
  });

  it('keeps typography and reports no warning', async () => {
    const { article, ctx } = await read(input);
    expect(articleText(article)).toContain('Russia’s recent military deployments');
    expect(articleText(article)).toContain('“constructive,”');
    expect(ctx.report.warnings).toEqual([]);
  });
});

describe('readText on variants of the Meduza dump', () => {
  const original = corpusText('meduza-lavrov-blinken.txt');
  const gold = corpusJson<GoldFile>('gold', 'meduza-lavrov-blinken.json');
  const lines = original.split('\n');
  const credits = lines.filter((l) => /^(?:Story|Translation) by /.test(l));
  const headline = lines.find((l) => l.startsWith(gold.expect.titleStartsWith ?? '?'))!;
  const variants: Record<string, string> = {
    'credits at the top, after the source line': lines
      .filter((l) => !credits.includes(l))
      .flatMap((l) => (l.startsWith('Source:') ? [l, ...credits] : [l]))
      .join('\n'),
    'no blank lines': lines.filter((l) => l.trim()).join('\n'),
    'CRLF line ends': original.replace(/\n/g, '\r\n'),
    'title and subtitle on two lines': original.replace(
      headline,
      `${gold.expect.titleStartsWith}\n${headline.slice((gold.expect.titleStartsWith ?? '').length + 1)}`,
    ),
  };

  for (const [name, input] of Object.entries(variants)) {
    it(`still meets the gold: ${name}`, async () => {
      expect(input).not.toBe(original);
      const { article } = await read(input);
      expectGold(article, gold.expect);
      expectOffsets(input, article);
    });
  }
});

describe('the gold checker', () => {
  it('names each mismatch, including unknown keys', async () => {
    const { article } = await read(corpusText('meduza-lavrov-blinken.txt'));
    const problems = goldMismatches(article, {
      rubric: 'politics',
      headings: ['What Lavrov said to Blinken'],
      notInBody: ['Lavrov'],
      figures: [{ captionContains: 'Reykjavik', captionOccurrences: 2 }],
      ...({ unheardOf: 1 } as object),
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'rubric',
      'headings',
      'notInBody',
      'figures',
      'unknown gold key "unheardOf"',
    ]);
  });
});

describe('readText on invented dumps', () => {
  it('title and subtitle on separate lines, rubric, date, repeated caption with "Photo:" credit', async () => {
    const input = fixture('title-subtitle-lines.txt');
    const { article, ctx } = await read(input);
    expectGold(article, {
      lang: 'en',
      titleStartsWith: 'Glaciers in the Alps are melting faster than models predicted',
      subtitleContains: 'ice loss has doubled in two decades',
      rubric: 'Science',
      authors: ['Sofia Berger'],
      translators: [],
      headings: ['Why the models missed it', 'What comes next'],
      notInBody: [
        'cookies',
        'Accept all',
        'Skip to content',
        'Advertisement',
        'Reporting by',
        'Editing by',
        'Share',
        'Read more',
        'June 3',
      ],
      figures: [
        {
          captionContains: 'A retreating glacier tongue',
          credit: 'Lena Brandt / Alpine Survey',
          captionOccurrences: 1,
        },
      ],
      bodyParagraphsAtLeast: 5,
    });
    expect(article.title).toBe('Glaciers in the Alps are melting faster than models predicted');
    expect(article.publishedAt).toBe('2023-06-03');
    expect(article.blocks[0]?.type).toBe('figure');
    expectOffsets(input, article);
    expect(ctx.report.warnings).toEqual([]);
  });

  it('"By Jane Doe and John Roe" at the top, hard-wrapped lines, a list and a section break', async () => {
    const input = fixture('byline-top-wrapped.txt');
    const { article } = await read(input);
    expectGold(article, {
      titleStartsWith: 'Harbour fire contained after nine hours',
      authors: ['Jane Doe', 'John Roe'],
      headings: ['What the city asks residents to do'],
      notInBody: ['By Jane Doe', 'Updated', 'Subscribe'],
    });
    expect(article.subtitle).toBeUndefined();
    expect(article.modifiedAt).toBe('2022-03-04');
    // Wrapped lines are joined into one paragraph; the double space and the tab collapse to one space.
    const texts = article.blocks.filter((b) => b.type === 'paragraph').map(blockText);
    expect(texts[0]).toBe(
      'Firefighters from three districts worked through the night to stop a blaze that broke out in a warehouse on Pier 4 on Sunday evening from spreading to the wooden houses of the old town, the city said.',
    );
    expect(texts[1]).toContain('which stored rope and paint, was destroyed. Investigators');
    expect(article.blocks.map((b) => b.type)).toEqual([
      'paragraph',
      'paragraph',
      'heading',
      'paragraph',
      'list',
      'separator',
      'paragraph',
    ]);
    const list = article.blocks.find((b) => b.type === 'list');
    expect(list?.type === 'list' && list.items.map((i) => i.children.map(blockText).join())).toEqual([
      'keep windows and doors closed',
      'stay away from the cordon at Pier 4',
      'call the hotline before driving into the old town',
    ]);
    expectOffsets(input, article);
  });

  it('a Russian dump: rubric, title and subtitle on one line, "Текст:", "Фото:" and "Перевод:" lines', async () => {
    const input = fixture('russian.txt');
    const { article } = await read(input);
    expectGold(article, {
      lang: 'ru',
      titleStartsWith: 'Мост откроют весной',
      subtitleContains: 'Власти Казани назвали сроки',
      rubric: 'город',
      authors: ['Анна Петрова'],
      translators: ['Мария Иванова'],
      headings: ['Что известно о ремонте'],
      notInBody: ['Перейти к содержанию', 'Текст:', 'Фото:', 'Перевод:', 'Реклама', 'Поделиться', '10:42'],
      figures: [
        {
          captionContains: 'Рабочие на мосту через Волгу',
          credit: 'Иван Сидоров / «Город»',
          captionOccurrences: 1,
        },
      ],
      bodyParagraphsAtLeast: 4,
    });
    expect(article.title).toBe('Мост откроют весной');
    expect(article.publishedAt).toBe('2024-03-12');
    // Dialogue dashes are not list bullets.
    expect(article.blocks.some((b) => b.type === 'list')).toBe(false);
    expectOffsets(input, article);
  });

  it('a dump with no boilerplate: title and subtitle on one line split at a sentence opener', async () => {
    const input = fixture('no-boilerplate.txt');
    const { article, ctx } = await read(input);
    expect(article.title).toBe('Harbour fire contained');
    expect(article.subtitle).toBe(
      'The blaze that broke out on Pier 4 on Sunday night was put out after nine hours',
    );
    expect(article.rubric).toBeUndefined();
    expect(article.authors).toEqual([]);
    expect(headings(article)).toEqual(['How the fire spread']);
    expect(paragraphs(article)).toHaveLength(4);
    expect(figures(article)).toHaveLength(0);
    expect(ctx.report.warnings).toEqual([]);
    expectOffsets(input, article);
  });
});

describe('readText edge cases', () => {
  it('throws an InputError for a dump of boilerplate only', async () => {
    const input =
      'Skip to main content\n\nAdvertisement\nShare\nSubscribe\nRead more\nWe use cookies. Accept all cookies?\n';
    await expect(read(input, 'chrome.txt')).rejects.toBeInstanceOf(InputError);
    await expect(read(input, 'chrome.txt')).rejects.toMatchObject({ code: 'input/no-article-text' });
  });

  it('throws an InputError for empty input', async () => {
    await expect(read(' \n\t\n')).rejects.toMatchObject({ code: 'input/empty' });
  });

  it('uses the first line as title, with a warning, when no title line exists', async () => {
    const input =
      'The council met on Monday to discuss the budget for next year, which is expected to grow by four percent.\n\nMembers agreed to postpone the vote until the auditors have reported on the current accounts.\n';
    const { article, ctx } = await read(input);
    expect(ctx.report.warnings.map((w) => w.origin)).toEqual(['read:text:no-title']);
    expect(article.title.startsWith('The council met on Monday')).toBe(true);
    expect(article.title.length).toBeLessThanOrEqual(121);
    expect(paragraphs(article)).toHaveLength(2);
  });

  it('keeps a one-line note as title and body', async () => {
    const { article } = await read('Meeting moved to Thursday afternoon');
    expect(article.title).toBe('Meeting moved to Thursday afternoon');
    expect(articleText(article)).toBe('Meeting moved to Thursday afternoon');
  });

  it('does not take body sentences for bylines or sources', async () => {
    const input = [
      'Talks resume in Geneva',
      '',
      'Negotiators returned to the table on Monday after a break of two weeks, officials said.',
      '',
      'By Tuesday',
      '',
      'the two sides hoped to agree on an agenda for the next round of the talks in the spring.',
      '',
      'Source: officials familiar with the talks',
      '',
      'Both delegations declined to comment on the progress of the talks so far this week.',
    ].join('\n');
    const { article } = await read(input);
    expect(article.authors).toEqual([]);
    expect(article.source).toBeUndefined();
    expect(articleText(article)).toContain('By Tuesday');
    expect(articleText(article)).toContain('Source: officials familiar with the talks');
  });

  it('reads CRLF input and keeps offsets across collapsed whitespace', async () => {
    const input =
      'Storm warning issued\r\n\r\nWinds  of up to 120 km/h are\texpected on the coast tonight, forecasters said.\r\n';
    const { article } = await read(input);
    const p = paragraphs(article)[0]!;
    expect(blockText(p)).toBe('Winds of up to 120 km/h are expected on the coast tonight, forecasters said.');
    expectOffsets(input, article);
  });

  it('does not split a one-line headline that has no title/subtitle boundary', async () => {
    const title = 'Russia and the US agree to extend New START treaty for five more years, officials said';
    const { article } = await read(
      `${title}\n\nThe agreement was announced in both capitals on Wednesday, a week before the treaty would have expired.\n\nIt keeps limits on deployed warheads in place.`,
    );
    expect(article.title).toBe(title);
    expect(article.subtitle).toBeUndefined();
  });
});

describe('text reader rules', () => {
  it('drops page chrome only when it is the whole line', () => {
    for (const line of [
      'Skip to main content',
      'Share on Facebook',
      'ADVERTISEMENT',
      'Read more »',
      'Поделиться',
      '© 2024 Example Media. All rights reserved.',
      'This website uses cookies to improve your experience. By continuing you agree to our cookie policy.',
    ]) {
      expect(isBoilerplate(line), line).toBe(true);
    }
    for (const line of [
      'Share prices fell sharply on Monday.',
      'Read more about the plan in our explainer.',
      'Advertisement revenue doubled.',
      '* * *',
    ]) {
      expect(isBoilerplate(line), line).toBe(false);
    }
  });

  it('parses byline and translator lines, and rejects sentences', () => {
    expect(parseCreditLine('By Jane Doe and John Roe')?.authors.map((p) => p.name)).toEqual([
      'Jane Doe',
      'John Roe',
    ]);
    expect(parseCreditLine('Words by Ana Lima, Ben Ode and Chi Wu')?.authors.map((p) => p.name)).toEqual([
      'Ana Lima',
      'Ben Ode',
      'Chi Wu',
    ]);
    expect(
      parseCreditLine('Translated from the Russian by Eilish Hart')?.translators.map((p) => p.name),
    ).toEqual(['Eilish Hart']);
    const both = parseCreditLine('Story by Ivan Ivanov. Translation by Anna Smith');
    expect([both?.authors.map((p) => p.name), both?.translators.map((p) => p.name)]).toEqual([
      ['Ivan Ivanov'],
      ['Anna Smith'],
    ]);
    expect(
      parseCreditLine('Reporting by Sofia Berger; Editing by Tom Price')?.authors.map((p) => p.name),
    ).toEqual(['Sofia Berger']);
    expect(parseCreditLine('By Jane Doe, Staff Writer')?.authors.map((p) => p.name)).toEqual(['Jane Doe']);
    expect(parseCreditLine('Written by Ludwig van Beethoven')?.authors.map((p) => p.name)).toEqual([
      'Ludwig van Beethoven',
    ]);
    expect(parseCreditLine('Текст: Анна Петрова и Олег Сидоров')?.authors.map((p) => p.name)).toEqual([
      'Анна Петрова',
      'Олег Сидоров',
    ]);
    expect(parseCreditLine('Перевод: Мария Иванова')?.translators.map((p) => p.name)).toEqual([
      'Мария Иванова',
    ]);
    expect(parseCreditLine('By contrast, the talks went on for hours')).toBeUndefined();
    expect(parseCreditLine('By the end of the week the deal was done.')).toBeUndefined();
  });

  it('parses source lines', () => {
    expect(parseSourceLine('Source: Meduza')).toEqual({ name: 'Meduza' });
    expect(parseSourceLine('Источник: Новая газета')).toEqual({ name: 'Новая газета' });
    expect(parseSourceLine('Source: https://www.example.org/story')).toEqual({
      name: 'example.org',
      url: 'https://www.example.org/story',
    });
    expect(parseSourceLine('Sources said the deal was close.')).toBeUndefined();
  });

  it('parses date lines', () => {
    expect(parseDateLine('May 19, 2021')).toEqual({ iso: '2021-05-19', modified: false });
    expect(parseDateLine('Wednesday, 19 May 2021, 10:42 am EDT')).toEqual({
      iso: '2021-05-19',
      modified: false,
    });
    expect(parseDateLine('Updated 2021-05-20T08:00:00Z')).toEqual({ iso: '2021-05-20', modified: true });
    expect(parseDateLine('19 мая 2021 года')).toEqual({ iso: '2021-05-19', modified: false });
    expect(parseDateLine('May 19 was a good day')).toBeUndefined();
    expect(parseDateLine('February 30, 2021')).toBeUndefined();
  });

  it('recognises image credit lines', () => {
    expect(parseImageCredit('Russian Foreign Ministry / TASS / Scanpix / LETA')).toEqual({
      credit: 'Russian Foreign Ministry / TASS / Scanpix / LETA',
      marked: false,
      parts: 4,
    });
    expect(parseImageCredit('Фото: Иван Сидоров / «Город»')).toMatchObject({
      credit: 'Иван Сидоров / «Город»',
      marked: true,
    });
    expect(parseImageCredit('Cover photo: Jane Doe')).toMatchObject({ credit: 'Jane Doe', marked: true });
    expect(parseImageCredit('© Jane Doe / Reuters')).toMatchObject({
      credit: '© Jane Doe / Reuters',
      marked: true,
    });
    expect(parseImageCredit('The ministry said the talks were useful.')).toBeUndefined();
  });

  it('makes one figure of a caption the page repeats, placed at its credit', async () => {
    const input = [
      'Dock workers unload grain in Odesa',
      'Port reopens',
      'Dock workers unload grain in Odesa',
      '',
      'The port of Odesa reopened on Monday after a three-day closure caused by a storm, the port authority said.',
      '',
      'Dock workers unload grain in Odesa',
      'Dock workers unload grain in Odesa',
      'Nina Koval / Port Press',
      '',
      'Ships that waited outside the harbour began to enter in the morning, one every half hour.',
    ].join('\n');
    const { article } = await read(input);
    expect(article.title).toBe('Port reopens');
    expect(article.blocks.map((b) => b.type)).toEqual(['paragraph', 'figure', 'paragraph']);
    expect(articleText(article).split('Dock workers unload grain').length - 1).toBe(1);
    const figure = figures(article)[0];
    expect(
      figure?.type === 'figure' && [
        figure.credit,
        figure.src,
        figure.alt,
        figure.altSource,
        figure.decorative,
      ],
    ).toEqual(['Nina Koval / Port Press', '', '', 'missing', false]);
    expectOffsets(input, article);
  });

  it('splits a caption and a trailing "Photo:" credit on one line', async () => {
    const input =
      'Port reopens after storm\n\nThe port of Odesa reopened on Monday after a three-day closure caused by a storm.\n\nShips wait outside the harbour. Photo: Nina Koval\n\nShips began to enter in the morning, one every half hour, the port authority said.';
    const { article } = await read(input);
    const figure = figures(article)[0];
    expect(figure?.type === 'figure' && [inlineText(figure.caption ?? []), figure.credit]).toEqual([
      'Ships wait outside the harbour.',
      'Nina Koval',
    ]);
    expectOffsets(input, article);
  });

  it('splits a title/subtitle line only on general evidence', () => {
    expect(
      splitTitleLine(
        'Clearing the air Officials and residents discuss new limits on traffic in the city centre',
      ),
    ).toEqual({
      title: 'Clearing the air',
      subtitle: 'Officials and residents discuss new limits on traffic in the city centre',
    });
    // A shorter line elsewhere in the dump (a breadcrumb, "Title | Site") that starts this one.
    expect(
      splitTitleLine('New rules for old Bridges Council votes on heritage plan', [
        'New rules for old Bridges | City Paper',
      ]),
    ).toEqual({
      title: 'New rules for old Bridges',
      subtitle: 'Council votes on heritage plan',
    });
    // Title Case, a function word before the capital, a short line, an ordinary long headline: no split.
    expect(
      splitTitleLine('Clearing The Roadblocks Lavrov And Blinken Discuss Regional Conflicts'),
    ).toBeUndefined();
    expect(splitTitleLine('Meeting with Lavrov and Blinken ends without a deal on Ukraine')).toBeUndefined();
    expect(splitTitleLine('Scientists find water on Mars')).toBeUndefined();
    expect(
      splitTitleLine(
        'Russia and the US agree to extend New START treaty for five more years, officials said',
      ),
    ).toBeUndefined();
  });

  it('collapses whitespace into runs that keep their offsets', () => {
    const input = 'xx  one  two\n three\tfour\u00a0five yy';
    const runs = runsFromSpan(input, 4, input.length - 3);
    expect(inlineText(runs)).toBe('one two three four\u00a0five');
    for (const run of runs) {
      if (run.source) expect(input.slice(run.source.start, run.source.end)).toBe(run.text);
      else expect(run.text).toBe(' ');
    }
  });
});

/** Chrome that a browser's "select all, copy" of a page carries and that no body block may hold. */
const CHROME_IN_BODY: readonly RegExp[] = [
  /Skip to/,
  /\bShare\b/,
  /\bSubscribe\b/,
  /\bAdvertisement\b/,
  /Most viewed/i,
  /Sign in/i,
  /\bPrivacy\b/,
  /\bTerms\b/,
  /\bCookie/,
  /©/,
];

/** The body blocks (paragraphs, headings, list items) that hold page chrome, with the pattern found. */
function chromeInBody(article: Article): string[] {
  return [...walkBlocks(article.blocks)]
    .filter((b) => b.type === 'paragraph' || b.type === 'heading')
    .flatMap((b) =>
      CHROME_IN_BODY.filter((re) => re.test(blockText(b))).map((re) => `${re}: ${blockText(b)}`),
    );
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('readText on invented full-page dumps (menus, share bars, onward lists, footers)', () => {
  it('a news page: nav, rubric, headline-like standfirst, "X in City" byline, "Photograph:" caption, Most viewed, footer', async () => {
    const input = fixture('full-page-news-en.txt');
    const { article } = await read(input);
    expectGold(article, {
      lang: 'en',
      rubric: 'Science',
      authors: ['Tomás Herrera'],
      translators: [],
      headings: ['What the sensors found'],
      notInBody: [
        'International edition',
        'Global development',
        'Tomás Herrera in Lisbon',
        'Photograph:',
        'Explore more',
        'Oceans',
        'Reuse this content',
        'Heatwave warning',
        'morning briefing',
        'All topics',
      ],
      figures: [
        {
          captionContains: 'A test collector vehicle is lowered from a support ship',
          credit: 'Inês Moura/Ocean Watch',
          captionOccurrences: 1,
        },
      ],
      bodyParagraphsAtLeast: 6,
    });
    expect(article.title).toBe('Deep-sea mining trial stirs up more sediment than companies predicted');
    expect(article.subtitle).toBe(
      'Independent monitors say plumes from a test collector travelled twice as far as permit models allowed',
    );
    expect(article.publishedAt).toBe('2024-03-14');
    expect(article.blocks[0]?.type).toBe('figure');
    expect(blockText(article.blocks.at(-1)!)).toBe(
      'Regulators are expected to decide on the next phase of testing before the end of the year.',
    );
    expect(chromeInBody(article)).toEqual([]);
    expectOffsets(input, article);
  });

  it('a magazine page: "By X and Y" over a role line, published/updated line, in-body Related list, "Credit:" caption', async () => {
    const input = fixture('full-page-magazine-en.txt');
    const { article } = await read(input);
    expectGold(article, {
      rubric: 'Cities',
      authors: ['Maria Lopez', 'Tom Becker'],
      notInBody: [
        'Staff Writers',
        'Published',
        'Related',
        'oldest stations flood first',
        'Five ways commuters',
        'Recommended',
        'night bus',
        'More from Cities',
        'Newsletter',
        'Sign up',
        'Credit:',
      ],
      figures: [
        {
          captionContains: 'Crew members walk into the tunnel after the last train has left.',
          credit: 'Dana Whitfield for Example Weekly',
          captionOccurrences: 1,
        },
      ],
      bodyParagraphsAtLeast: 6,
    });
    expect(article.title).toBe('The night shift: who keeps a subway system running while the city sleeps');
    expect(article.subtitle).toBe(
      'Repair crews have four hours a night to fix a century-old network. They rarely get all four.',
    );
    expect([article.publishedAt, article.modifiedAt]).toEqual(['2024-03-03', '2024-03-03']);
    // The paragraphs after the in-body link list are still the article's.
    expect(articleText(article)).toContain('Managers say the system needs twice as many hours');
    expect(chromeInBody(article)).toEqual([]);
    expectOffsets(input, article);
  });

  it('a German page: breadcrumb, "Von X", "12.08.2022, 14:35 Uhr", "Foto: A/B" caption, "Mehr zum Thema"', async () => {
    const input = fixture('full-page-de.txt');
    const { article } = await read(input);
    expectGold(article, {
      lang: 'de',
      rubric: 'Klima',
      authors: ['Lena Hartmann'],
      headings: ['Was die Prognosen sagen'],
      notInBody: [
        'Startseite',
        'Anmelden',
        'Teilen',
        'Anzeige',
        'Mehr zum Thema',
        'Dürre in Europa',
        'Impressum',
      ],
      figures: [
        {
          captionContains: 'Der Rhein bei Kaub mit freiliegenden Sandbänken',
          credit: 'Max Müller/dpa',
          captionOccurrences: 1,
        },
      ],
      bodyParagraphsAtLeast: 5,
    });
    expect(article.title).toBe('Niedrigwasser legt Binnenschifffahrt auf dem Rhein lahm');
    expect(article.subtitle).toBe(
      'Seit Tagen sinkt der Pegel bei Kaub, viele Frachtschiffe können nur noch ein Drittel ihrer Ladung transportieren.',
    );
    expect(article.publishedAt).toBe('2022-08-12');
    expect(chromeInBody(article)).toEqual([]);
    expectOffsets(input, article);
  });

  it('a Russian page: "X, специальный корреспондент", "Фото:" caption, "Самое читаемое", footer', async () => {
    const input = fixture('full-page-ru.txt');
    const { article } = await read(input);
    expectGold(article, {
      lang: 'ru',
      authors: ['Ольга Смирнова'],
      headings: ['Что советуют покупателям'],
      notInBody: [
        'корреспондент',
        'Поделиться',
        'Реклама',
        'Самое читаемое',
        'Цены на авиабилеты',
        'Политика конфиденциальности',
        'Фото:',
      ],
      figures: [
        {
          captionContains: 'Очередь у пункта выдачи в Самаре.',
          credit: 'Андрей Козлов / «Волга»',
          captionOccurrences: 1,
        },
      ],
      bodyParagraphsAtLeast: 5,
    });
    expect(article.title).toBe('Очереди в пунктах выдачи заказов выросли перед праздниками');
    expect(article.subtitle).toBe(
      'Служба доставки наняла еще две тысячи сотрудников, но ожидание в крупных городах все равно доходит до часа',
    );
    expect(article.publishedAt).toBe('2024-04-05');
    expect(chromeInBody(article)).toEqual([]);
    expectOffsets(input, article);
  });
});

describe('readText on browser dumps of the corpus pages (tests/fixtures/text/pages, see its README.txt)', () => {
  const pages = corpusPages();
  const dumpOf = (name: string) =>
    readFileSync(join(projectRoot, 'tests/fixtures/text/pages', `${name}.txt`), 'utf8');
  const expectedTitle = (name: string) =>
    normalise(corpusJson<{ title: string }>('pages', name, 'expected-metadata.json').title);

  it('has a dump for every corpus page', () => {
    expect(pages.length).toBeGreaterThanOrEqual(10);
    for (const name of pages) expect(dumpOf(name).length, name).toBeGreaterThan(1000);
  });

  for (const name of pages) {
    it(`${name}: reads the page's expected title (or its visible headline when the page never shows it)`, async () => {
      const expected = expectedTitle(name);
      const dump = dumpOf(name);
      const { article } = await read(dump, `${name}.txt`);
      if (normalise(dump).includes(expected)) {
        expect(normalise(article.title)).toBe(expected);
      } else {
        // Some pages never show their metadata title (the visible headline is another wording): the title
        // must then be one of the dump's own lines, not an invented one.
        const lines = dump.split('\n').map(normalise);
        expect(lines).toContain(normalise(article.title));
      }
    });

    it(`${name}: keeps page chrome out of the body and keeps the offsets`, async () => {
      const dump = dumpOf(name);
      const { article } = await read(dump, `${name}.txt`);
      expect(chromeInBody(article)).toEqual([]);
      expect(paragraphs(article).length).toBeGreaterThanOrEqual(5);
      expectOffsets(dump, article);
    });
  }

  it('reads the expected title from at least 8 of the 10 dumps', async () => {
    let correct = 0;
    for (const name of pages) {
      const { article } = await read(dumpOf(name));
      if (normalise(article.title) === expectedTitle(name)) correct++;
    }
    expect(correct).toBeGreaterThanOrEqual(8);
  });
});

describe('main-content rules for full-page dumps', () => {
  const nav = ['Home', 'World', 'Business', 'Culture', 'Sport', 'Travel'];
  const para = (n: number) =>
    `Paragraph ${n} of the story tells what happened in the harbour on Monday, who was there and what the council decided to do about it next. It also quotes the harbour master, who said the quay would stay closed until the divers had checked the walls.`;

  function region(lines: string[]) {
    const input = lines.join('\n');
    const all = splitLines(input);
    const found = findContent(
      input,
      all,
      all.filter((l) => !isBoilerplate(l.text)),
    );
    const at = (index: number | undefined) => (index === undefined ? undefined : all[index]?.text);
    return { found, at };
  }

  it('finds the densest run of prose between a menu and an onward-reading list', () => {
    const { found, at } = region([
      ...nav,
      'Harbour reopens after storm',
      para(1),
      'What happens next',
      para(2),
      'Most viewed',
      'A short teaser sentence about another story that happened elsewhere.',
      ...nav,
    ]);
    expect(at(found?.bodyStart)).toBe(para(1));
    expect(at(found?.bodyEnd)).toBe(para(2));
  });

  it('takes in a lead paragraph that a widget separates from the rest of the body', () => {
    const widget = ['Score', '87', 'Pros', 'Fast', 'Quiet', 'Cons', 'Price', 'Buy now', 'From $499'];
    const lead = `${para(0)} ${para(0)}`;
    const { found, at } = region([
      ...nav,
      'Review: a fast laptop',
      lead,
      ...widget,
      para(1),
      para(2),
      para(3),
    ]);
    expect(at(found?.bodyStart)).toBe(lead);
  });

  it('drops a link list inside the body but keeps the article’s own short points', () => {
    const input = [
      ...nav,
      'Harbour reopens after storm',
      para(1),
      para(4),
      'Recommended',
      'Ferry Timetables Change For Summer',
      'Jane Roe',
      'Mar 9, 2018',
      'Port Authority Names New Director',
      para(2),
      'the ferry runs again from Tuesday',
      'the fish market opens on Thursday',
      'the beach stays closed until May',
      para(3),
    ].join('\n');
    const all = splitLines(input);
    const found = findContent(
      input,
      all,
      all.filter((l) => !isBoilerplate(l.text)),
    );
    const dropped = [...(found?.dropped ?? [])].map((i) => all[i]!.text);
    expect(dropped).toEqual([
      'Recommended',
      'Ferry Timetables Change For Summer',
      'Jane Roe',
      'Mar 9, 2018',
      'Port Authority Names New Director',
    ]);
  });

  it('ends the body at a comments label even when the comments are long prose', async () => {
    const comment = (who: string) =>
      `${who} wrote that this was exactly the problem in the garden last year, that mulching helped a lot, and that the advice about watering twice a week should be on every seed packet sold in the shops.`;
    const input = [
      ...nav,
      'Why tomatoes split after the rain',
      'Posted on August 14, 2023 by Helen Marsh',
      para(1),
      para(2),
      '2 Comments',
      comment('One reader'),
      comment('Another reader'),
    ].join('\n');
    const { article } = await read(input);
    expect(article.title).toBe('Why tomatoes split after the rain');
    expect([article.authors, article.publishedAt]).toEqual([[{ name: 'Helen Marsh' }], '2023-08-14']);
    expect(paragraphs(article).map(blockText)).toEqual([para(1), para(2)]);
  });

  it('recognises onward-reading labels as whole lines only', () => {
    for (const label of [
      'Most viewed',
      'More from Business',
      'Related stories',
      'Читайте также',
      'Mehr zum Thema',
    ]) {
      expect(isOnwardLabel(label), label).toBe(true);
    }
    expect(isOnwardLabel('Most viewers stayed until the end of the match.')).toBe(false);
    expect(isOnwardLabel('Related to this, the council also met.')).toBe(false);
  });

  it('tells headline-like lines from menu ends, sentences and dates', () => {
    expect(isHeadlineLike('Manhole fires and burst pipes under N.Y.C.')).toBe(true);
    expect(isHeadlineLike('Where do relations go from here?')).toBe(true);
    expect(isHeadlineLike('Supported by')).toBe(false);
    expect(isHeadlineLike('The operator said it would cut output.')).toBe(false);
    expect(isHeadlineLike('Tue 9 Aug 2022 14.02 BST')).toBe(false);
  });

  it('reads name lines without "By" only in their forms, and bare names only next to a date', () => {
    expect(parsePersonLine('Anna Schmidt in Berlin')).toEqual({
      people: [{ name: 'Anna Schmidt' }],
      form: 'place',
    });
    expect(parsePersonLine('Jane Doe, Staff Writer')).toEqual({
      people: [{ name: 'Jane Doe' }],
      form: 'role',
    });
    expect(parsePersonLine('Jane Doe, @janedoe')).toEqual({ people: [{ name: 'Jane Doe' }], form: 'handle' });
    expect(parsePersonLine('Protests in Paris')).toBeUndefined();
    expect(parsePersonLine('Have Your Say')).toBeUndefined();
    expect(isMetaLine('Sarah Archer', 'header', { next: '1:39 PM ET' })).toBe(true);
    expect(isMetaLine('Middle East', 'header', { prev: 'World', next: 'Talks resume in Geneva' })).toBe(
      false,
    );
    // Bylines far from the article belong to other articles' teasers; translator and source lines still count.
    expect(isMetaLine('By Jane Roe', 'far')).toBe(false);
    expect(isMetaLine('Translated by John Doe', 'far')).toBe(true);
    expect(isMetaLine('By Jane Roe', 'trailer')).toBe(true);
  });

  it('parses more byline and date forms', () => {
    expect(parseCreditLine('by: Jane Roe')?.authors).toEqual([{ name: 'Jane Roe' }]);
    expect(parseCreditLine('By Jane Roe March 18 at 12:22 PM Follow @janeroe')?.authors).toEqual([
      { name: 'Jane Roe' },
    ]);
    const labelled = parseCreditLine(
      'Example Daily | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Jean Dupont (avec Marie Curie et Paul Martin)',
    );
    expect(labelled).toEqual({
      authors: [{ name: 'Jean Dupont' }, { name: 'Marie Curie' }, { name: 'Paul Martin' }],
      translators: [],
      date: '2015-05-04',
      modified: '2015-05-05',
    });
    expect(parseDateLine('April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm')).toEqual({
      iso: '2019-04-28',
      modified: false,
      updated: '2019-04-29',
    });
    expect(parseDateLine('12.08.2022, 14:35 Uhr')?.iso).toBe('2022-08-12');
    // A relative "Updated …" that the page's script never filled in leaves the first date.
    expect(parseDateLine('October 3, 2023 3:41 PM UTC Updated ago')).toEqual({
      iso: '2023-10-03',
      modified: false,
    });
    for (const line of ['1:39 PM ET', '11.03.17 in Gadgetry', 'March 18 at 12:22 PM', '52m ago']) {
      expect(isDateish(line), line).toBe(true);
    }
    expect(isDateish('May 5 things to do')).toBe(false);
  });

  it('splits captions that end in a credit, and leaves sentences alone', () => {
    const credit = (line: string) => {
      const split = splitTrailingCredit(line);
      return split && [line.slice(0, split.captionLength), split.credit];
    };
    expect(credit('Cooling towers on the river. Photograph: Jean-Paul Roux/Agency')).toEqual([
      'Cooling towers on the river.',
      'Jean-Paul Roux/Agency',
    ]);
    expect(credit('Workers repair a cable in Queens.CreditJane Roe for The Example Times')).toEqual([
      'Workers repair a cable in Queens.',
      'Jane Roe for The Example Times',
    ]);
    expect(credit('The prime minister visits the wall on Sunday. (Tom Coe/AFP/Getty Images)')).toEqual([
      'The prime minister visits the wall on Sunday.',
      'Tom Coe/AFP/Getty Images',
    ]);
    expect(credit('Workers remove a sign from the roof in 1989. (AP)')).toEqual([
      'Workers remove a sign from the roof in 1989.',
      'AP',
    ]);
    expect(credit('Protesters march through the centre on Sunday. Anthony Kwan/Getty Images')).toEqual([
      'Protesters march through the centre on Sunday.',
      'Anthony Kwan/Getty Images',
    ]);
    expect(credit('The cabaret in Paris Jean Roux/Agency')).toEqual([
      'The cabaret in Paris',
      'Jean Roux/Agency',
    ]);
    expect(credit('A new bill would store metadata for two years. Source: Supplied')).toEqual([
      'A new bill would store metadata for two years.',
      'Supplied',
    ]);
    expect(parseImageCredit('(Bild: Hersteller)')).toMatchObject({ credit: 'Hersteller', marked: true });
    expect(
      splitTrailingCredit('Shares in the bank fell. Credit Suisse said on Monday it would cut jobs.'),
    ).toBeUndefined();
    expect(splitTrailingCredit('He said he would decide later (in private).')).toBeUndefined();
  });

  it('keeps the copy of a repeated headline that stands just above the article', async () => {
    const title = 'Harbour reopens after the storm';
    const input = [title, ...nav, 'News', title, 'By Jane Roe', '', para(1), '', para(2)].join('\n');
    const { article } = await read(input);
    expect(article.title).toBe(title);
    expect(article.authors).toEqual([{ name: 'Jane Roe' }]);
    expect(articleText(article)).not.toContain('Travel');
    expectOffsets(input, article);
  });
});
