import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Article, Block, Figure, Inline } from '../../src/model/schema.js';
import { articleText, blockText, inlineText, walkBlocks } from '../../src/model/walk.js';
import { MAX_BLOCK_NESTING } from '../../src/read/finalize.js';
import { readMarkdown } from '../../src/read/markdown.js';
import { projectRoot } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

// Fixtures end in .md.txt: Biome formats .md files and would rewrite their YAML front matter.
const fixture = (name: string) => readFileSync(join(projectRoot, 'tests/fixtures/markdown', name), 'utf8');

async function read(text: string, baseUrl?: string) {
  const ctx = testCtx();
  const article = await readMarkdown({ text, ...(baseUrl ? { baseUrl } : {}) }, ctx);
  return { article, report: ctx.report };
}

async function readError(text: string): Promise<InputError> {
  const error = await readMarkdown({ text }, testCtx()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

const all = (article: Article): Block[] => [...walkBlocks(article.blocks)];
const figures = (article: Article) => all(article).filter((b): b is Figure => b.type === 'figure');
const texts = (article: Article) => all(article).map(blockText).filter(Boolean);

function inlineTypes(inlines: readonly Inline[]): string[] {
  return inlines.flatMap((run) =>
    'children' in run ? [run.type, ...inlineTypes(run.children)] : [run.type],
  );
}

describe('readMarkdown: front matter', () => {
  it('maps every key, with aliases, to the article', async () => {
    const { article, report } = await read(fixture('front-matter.md.txt'));
    expect(article).toMatchObject({
      id: 'harbour-cranes-2024',
      lang: 'en-GB',
      title: 'Harbour cranes return to the old docks',
      subtitle: 'A decade after the port moved, the city brings its machines home',
      rubric: 'City',
      authors: [{ name: 'Jane Doe', url: 'https://example.org/staff/jane-doe' }, { name: 'John Roe' }],
      translators: [{ name: 'Ann Lee' }],
      publishedAt: '2024-03-05',
      modifiedAt: '2024-03-06T08:15:00Z',
      source: { name: 'The Example Gazette', url: 'https://example.org' },
      url: 'https://example.org/2024/03/cranes',
      description: 'The city restores three harbour cranes as a museum.',
      speakers: [
        { id: 'maria-keller', name: 'Maria Keller', aliases: [] },
        { id: 'mayor', name: 'Tom Fischer', aliases: ['the mayor', 'Fischer'], voice: 'en-GB-male-1' },
      ],
    });
    expect(article.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph']);
    expect(report.messages).toContainEqual(
      expect.objectContaining({ origin: 'read:markdown:front-matter-ignored' }),
    );
    expect(report.messages.find((m) => m.origin === 'read:markdown:front-matter-ignored')?.message).toContain(
      'tags',
    );
  });

  it('accepts the other aliases and splits a string of several authors', async () => {
    const md = [
      '---',
      'Title: Rail strike ends',
      'section: Business',
      'author: Jane Doe, John Roe and Ann Lee',
      'lang: de',
      'source: Example Wire',
      '---',
      'Die Gewerkschaft hat den Streik nach drei Tagen beendet.',
    ].join('\n');
    const { article } = await read(md);
    expect(article.title).toBe('Rail strike ends');
    expect(article.rubric).toBe('Business');
    expect(article.authors.map((a) => a.name)).toEqual(['Jane Doe', 'John Roe', 'Ann Lee']);
    expect(article.lang).toBe('de');
    expect(article.source).toEqual({ name: 'Example Wire' });
  });

  it('keeps "Surname, Given" as one author', async () => {
    const { article } = await read(
      '---\ntitle: T\nauthor: Doe, Jane\n---\nSome text of the article body here.',
    );
    expect(article.authors).toEqual([{ name: 'Doe, Jane' }]);
  });

  it('reads a blank author string as no author (found by the fuzzer: it ended in an invalid article)', async () => {
    const { article } = await read(
      '---\ntitle: T\nauthors: "\\n \\f"\n---\nSome text of the article body here.',
    );
    expect(article.authors).toEqual([]);
    const spaced = await read(
      '---\ntitle: T\nauthor: "Jane\\n   Doe"\n---\nSome text of the article body here.',
    );
    expect(spaced.article.authors).toEqual([{ name: 'Jane Doe' }]);
  });

  it('turns YAML timestamps (Date values) and free-form dates into ISO 8601', async () => {
    const stamped = await read('---\ntitle: T\ndate: !!timestamp 2024-03-05\n---\nBody text of the article.');
    expect(stamped.article.publishedAt).toBe('2024-03-05');
    const timed = await read(
      '---\ntitle: T\ndate: !!timestamp 2024-03-05T10:30:00Z\n---\nBody text of the article.',
    );
    expect(timed.article.publishedAt).toBe('2024-03-05T10:30:00.000Z');
    const spaced = await read('---\ntitle: T\ndate: 2024-03-05 10:30\n---\nBody text of the article.');
    expect(spaced.article.publishedAt).toBe('2024-03-05T10:30');
    const words = await read('---\ntitle: T\ndate: March 5, 2024\n---\nBody text of the article.');
    expect(words.article.publishedAt).toBe('2024-03-05');
  });

  it('ignores a date it cannot read, with a warning', async () => {
    const { article, report } = await read(
      '---\ntitle: T\ndate: next Tuesday-ish\n---\nBody text of the article.',
    );
    expect(article.publishedAt).toBeUndefined();
    expect(report.warnings.map((w) => w.origin)).toContain('read:markdown:bad-date');
  });

  it('refuses YAML that does not parse, naming the line in the file', async () => {
    const error = await readError('---\ntitle: "Unclosed\nauthor: [Jane\n---\nBody text.');
    expect(error.code).toBe('input/front-matter');
    expect(error.message).toMatch(/line 3/);
    expect(error.message).toMatch(/quote/i);
    expect(error.details[0]?.path).toBe('line 3');
  });

  it('refuses duplicate keys, a non-mapping front matter and unresolved aliases', async () => {
    expect((await readError('---\ntitle: A\ntitle: B\n---\nBody.')).message).toMatch(/line 3.*unique/);
    expect((await readError('---\n- a\n- b\n---\nBody.')).message).toMatch(/mapping/);
    expect((await readError('---\ntitle: *nowhere\n---\nBody.')).code).toBe('input/front-matter');
  });

  it('refuses values of the wrong kind, naming the key', async () => {
    const title = await readError('---\ntitle: [a, b]\n---\nBody text.');
    expect(title.code).toBe('input/front-matter');
    expect(title.message).toContain('"title"');
    const id = await readError('---\ntitle: T\nid: Not An Id!\n---\nBody text.');
    expect(id.message).toContain('"id"');
    expect(id.details[0]?.path).toBe('id');
    const lang = await readError('---\ntitle: T\nlang: english language\n---\nBody text.');
    expect(lang.message).toContain('"lang"');
    const speakers = await readError(
      '---\ntitle: T\nspeakers:\n  - id: x\n    aliases: nope\n---\nBody text.',
    );
    expect(speakers.details.map((d) => d.path)).toEqual(['speakers[0].name', 'speakers[0].aliases']);
  });
});

describe('readMarkdown: title', () => {
  it('takes the first level-1 heading as the title and removes it from the body', async () => {
    const { article, report } = await read(fixture('article.md.txt'));
    expect(article.title).toBe('Night trains are back on the northern line');
    expect(texts(article)).not.toContain('Night trains are back on the northern line');
    expect(report.warnings.map((w) => w.origin)).not.toContain('read:markdown:no-title');
  });

  it('drops a level-1 heading repeating the front matter title, and demotes another to level 2', async () => {
    const same = await read(
      '---\ntitle: Night trains\n---\n# Night  trains\n\nThe first sleeper left on Sunday.',
    );
    expect(same.article.blocks.map((b) => b.type)).toEqual(['paragraph']);
    const other = await read(
      '---\ntitle: Night trains\n---\nThe first sleeper left.\n\n# Tickets\n\nOn sale now.',
    );
    expect(other.article.title).toBe('Night trains');
    expect(other.article.blocks[1]).toMatchObject({ type: 'heading', level: 2 });
    expect(blockText(other.article.blocks[1]!)).toBe('Tickets');
  });

  it('uses the first line of text when nothing declares a title, with a warning', async () => {
    const { article, report } = await read(
      'Sleeper trains return to the north.\nMore on page two.\n\nSecond paragraph.',
    );
    expect(article.title).toBe('Sleeper trains return to the north. More on page two.');
    expect(report.warnings.map((w) => w.origin)).toContain('read:markdown:no-title');
    expect(texts(article)[0]).toBe(article.title);
  });

  it('refuses a document with no text', async () => {
    expect((await readError('---\ntitle: Empty\n---\n\n<!-- nothing -->\n')).code).toBe(
      'input/no-article-text',
    );
    expect((await readError('')).code).toBe('input/no-article-text');
  });
});

describe('readMarkdown: body', () => {
  it('lifts images to figures: alone, with a title as caption, inline after their paragraph', async () => {
    const { article } = await read(fixture('article.md.txt'));
    const [train, icon] = figures(article);
    expect(train).toMatchObject({
      src: 'images/train.jpg',
      alt: 'A night train waits at platform 4',
      altSource: 'author',
      decorative: false,
      caption: [{ type: 'text', text: 'The 21:40 sleeper before departure. Photo: Rail Press' }],
    });
    expect(icon).toMatchObject({
      src: 'images/map-icon.png',
      alt: '',
      altSource: 'missing',
      decorative: false,
    });
    expect(icon?.caption).toBeUndefined();
    // The inline image's paragraph keeps its text, and the figure follows it.
    const index = article.blocks.indexOf(icon!);
    expect(blockText(article.blocks[index - 1]!)).toBe(
      'Passengers can now board at four stations along the line.',
    );
  });

  it('keeps relative sources as written, or resolves them against a base URL', async () => {
    const md = '# T\n\n![Map](../img/map.png)\n\nSee [the notes](notes.html).';
    const relative = await read(md);
    expect(figures(relative.article)[0]?.src).toBe('../img/map.png');
    const based = await read(md, 'https://example.org/news/2024/story.html');
    expect(figures(based.article)[0]?.src).toBe('https://example.org/news/img/map.png');
    const link = based.article.blocks[1]!;
    expect(link.type === 'paragraph' && link.children[1]).toMatchObject({
      type: 'link',
      href: 'https://example.org/news/2024/notes.html',
    });
  });

  it('resolves reference links and reference images through their definitions', async () => {
    const md = [
      '# T',
      '',
      'Read the [timetable][tt] or the [Rules].',
      '',
      '![Station at night][pic]',
      '',
      '[tt]: https://example.org/timetable "Winter timetable"',
      '[rules]: https://example.org/rules',
      '[pic]: https://example.org/station.jpg "The station"',
    ].join('\n');
    const { article } = await read(md);
    const paragraph = article.blocks[0]!;
    expect(paragraph.type).toBe('paragraph');
    const links = paragraph.type === 'paragraph' ? paragraph.children.filter((r) => r.type === 'link') : [];
    expect(links).toEqual([
      {
        type: 'link',
        href: 'https://example.org/timetable',
        title: 'Winter timetable',
        children: [{ type: 'text', text: 'timetable' }],
      },
      { type: 'link', href: 'https://example.org/rules', children: [{ type: 'text', text: 'Rules' }] },
    ]);
    expect(figures(article)[0]).toMatchObject({
      src: 'https://example.org/station.jpg',
      alt: 'Station at night',
      caption: [{ type: 'text', text: 'The station' }],
    });
  });

  it('maps emphasis, strong, strikethrough, code, hard breaks and links', async () => {
    const md = '# T\n\nA *quiet* **loud** ~~gone~~ `x()` line  \nbreak <https://example.org>.';
    const { article } = await read(md);
    const p = article.blocks[0]!;
    expect(p.type).toBe('paragraph');
    if (p.type !== 'paragraph') return;
    expect(inlineTypes(p.children)).toEqual([
      'text',
      'emphasis',
      'text',
      'text',
      'strong',
      'text',
      'text',
      'code',
      'text',
      'break',
      'text',
      'link',
      'text',
      'text',
    ]);
    expect(inlineText(p.children)).toBe('A quiet loud gone x() line break https://example.org.');
  });

  it('never lets raw HTML through: tags dropped, text kept and decoded, scripts and styles dropped', async () => {
    const { article } = await read(fixture('article.md.txt'));
    const json = JSON.stringify(article);
    expect(json).not.toMatch(/trackVisitor|color:red|<div|<p>|<b>|<span|<script|<style/);
    expect(texts(article)).toContain('Tickets & reservations open on 1 April.');
    expect(texts(article)).toContain('Announcements use the code below.This text stays');
  });

  it('drops inline and block <script> content entirely', async () => {
    const md =
      '# T\n\nHello <script>alert(1)</script> world.\n\n<script>\nalert(2)\n</script>\n\nSafe <b>text</b>.';
    const { article } = await read(md);
    expect(JSON.stringify(article)).not.toContain('alert');
    expect(texts(article)).toEqual(['Hello world.', 'Safe text.']);
  });

  it('turns <br> into a line break and <img> into a figure', async () => {
    const md =
      '# T\n\nFirst line<br>second line <img src="a.png" alt="A crane" width="640">\n\n<p><img src="b.png"></p>';
    const { article } = await read(md);
    const p = article.blocks[0]!;
    expect(p.type === 'paragraph' && p.children).toEqual([
      { type: 'text', text: 'First line' },
      { type: 'break' },
      { type: 'text', text: 'second line' },
    ]);
    expect(figures(article)).toMatchObject([
      { src: 'a.png', alt: 'A crane', altSource: 'author', width: 640 },
      { src: 'b.png', alt: '', altSource: 'missing' },
    ]);
  });

  it('drops javascript: links and images, keeping the link text, with warnings', async () => {
    // A browser ignores tabs inside a URL, so `java<TAB>script:` must be refused as well.
    const md =
      '# T\n\nClick [here](javascript:alert(1)) now.\n\n![x](javascript:alert(2))\n\n[Tabbed](<java\tscript:alert(3)>)';
    const { article, report } = await read(md);
    expect(JSON.stringify(article)).not.toContain('alert');
    expect(texts(article)).toEqual(['Click here now.', 'Tabbed']);
    expect(figures(article)).toEqual([]);
    expect(report.warnings.map((w) => w.origin)).toEqual(
      expect.arrayContaining(['read:markdown:unsafe-link', 'read:markdown:unsafe-image']),
    );
  });

  it('writes each table row as one paragraph, cells joined by " — "', async () => {
    const { article } = await read(fixture('article.md.txt'));
    const rows = texts(article).filter((t) => t.includes(' — '));
    expect(rows).toEqual(['Cabin — Price', 'Four-berth — €89', 'Two-berth — €139']);
  });

  it('keeps ordered lists with their start and nested lists inside items', async () => {
    const { article } = await read(fixture('article.md.txt'));
    const list = article.blocks.find((b) => b.type === 'list');
    expect(list).toMatchObject({ type: 'list', ordered: true, start: 1 });
    if (list?.type !== 'list') return;
    expect(list.items).toHaveLength(3);
    const nested = list.items[0]!.children[1];
    expect(nested).toMatchObject({ type: 'list', ordered: false });
    expect(nested?.type === 'list' && nested.items.map((i) => blockText(i.children[0]!))).toEqual([
      'four-berth cabins',
      'two-berth cabins',
    ]);
    const started = await read('# T\n\n3. third\n4. fourth\n\n- [x] done task\n- [ ] open task');
    expect(started.article.blocks[0]).toMatchObject({ type: 'list', ordered: true, start: 3 });
    expect(texts(started.article)).toEqual(['third', 'fourth', 'done task', 'open task']);
  });

  it('maps code blocks, thematic breaks, block quotes and headings', async () => {
    const { article } = await read(fixture('article.md.txt'));
    expect(article.blocks.find((b) => b.type === 'preformatted')).toMatchObject({
      type: 'preformatted',
      language: 'json',
      text: '{"line": "north", "night": true}',
    });
    expect(article.blocks.find((b) => b.type === 'heading')).toMatchObject({ level: 2 });
    const quote = article.blocks.find((b) => b.type === 'blockquote');
    expect(quote?.type === 'blockquote' && blockText(quote.children[0]!)).toBe(
      'The line had been closed since 2011.',
    );
    expect(article.blocks.filter((b) => b.type === 'separator').length).toBe(2);
  });

  it('appends footnotes after a separator at the end, without their markers', async () => {
    const { article } = await read(fixture('article.md.txt'));
    const last = article.blocks.slice(-2);
    expect(last[0]?.type).toBe('separator');
    expect(blockText(last[1]!)).toBe('Service ended when the old rolling stock was retired.');
    expect(articleText(article)).not.toContain('closed]');
  });

  it('numbers every block in document order', async () => {
    const { article } = await read(fixture('article.md.txt'));
    expect(all(article).map((b) => b.id)).toEqual(all(article).map((_, i) => `b${i + 1}`));
  });

  it('refuses absurdly nested input with an InputError instead of crashing', async () => {
    const error = await readMarkdown({ text: `${'>'.repeat(3000)} x` }, testCtx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
  });
});

describe('readMarkdown: hostile nesting', () => {
  it('unwraps block quotes nested deeper than MAX_BLOCK_NESTING, keeping every line of text', async () => {
    const levels = 300;
    const md = `# Deep\n\n${Array.from({ length: levels }, (_, i) => `${'>'.repeat(i + 1)} level ${i}`).join('\n\n')}\n`;
    const article = await readMarkdown({ text: md }, testCtx());
    const depthOf = (blocks: Block[], depth: number): number =>
      Math.max(
        depth,
        ...blocks.map((b) => (b.type === 'blockquote' ? depthOf(b.children, depth + 1) : depth)),
      );
    expect(depthOf(article.blocks, 0)).toBe(MAX_BLOCK_NESTING);
    const text = articleText(article);
    for (const i of [0, 15, 16, 150, levels - 1]) expect(text).toContain(`level ${i}`);
  });
});

describe('readMarkdown: list staircase', () => {
  it('refuses lists indented one level deeper on every line, before parsing, with input/too-deep', async () => {
    const md = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}- item ${i}`).join('\n');
    const error = await readMarkdown({ text: md }, testCtx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('input/too-deep');
    // A normally nested list (a few levels) is read.
    const ok = await readMarkdown(
      { text: '# T\n\n- one\n  - two\n    - three\n      - four with text\n' },
      testCtx(),
    );
    expect(articleText(ok)).toContain('four with text');
  });
});
