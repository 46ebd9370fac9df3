import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { Article, SCHEMA_VERSION } from '../../src/model/schema.js';
import { walkBlocks } from '../../src/model/walk.js';
import { findJsonSyntaxError, formatJsonPath, readJson } from '../../src/read/json.js';
import { projectRoot } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

const fixtureText = (name: string) => readFileSync(join(projectRoot, 'tests/fixtures/json', name), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(fixtureText(name));

async function read(value: unknown) {
  const ctx = testCtx();
  const article = await readJson({ text: typeof value === 'string' ? value : JSON.stringify(value) }, ctx);
  return { article, report: ctx.report };
}

async function readError(value: unknown): Promise<InputError> {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const error = await readJson({ text }, testCtx()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

const ids = (article: Article) => [...walkBlocks(article.blocks)].map((b) => b.id);

/** A minimal article body: three paragraphs, ids as given (undefined → left out). */
function withIds(...blockIds: (string | undefined)[]) {
  return {
    schemaVersion: SCHEMA_VERSION,
    title: 'Ids',
    blocks: blockIds.map((id, i) => ({
      ...(id === undefined ? {} : { id }),
      type: 'paragraph',
      children: [{ type: 'text', text: `Paragraph number ${i + 1} of the article.` }],
    })),
  };
}

describe('readJson: valid articles', () => {
  it('round-trips a full article using every block and inline type', async () => {
    const article = Article.parse(fixture('full-article.json'));
    const { article: read1, report } = await read(article);
    expect(read1).toEqual(article);
    expect(report.messages).toEqual([]);
  });

  it('fills what may be left out: id, lang, authors, translators, speakers, block ids', async () => {
    const { article, report } = await read({
      schemaVersion: 1,
      title: 'Night trains are back',
      blocks: [
        {
          type: 'paragraph',
          children: [{ type: 'text', text: 'The first sleeper left the capital on Sunday, fully booked.' }],
        },
      ],
    });
    expect(article.id).toMatch(/^night-trains-are-back-[0-9a-f]{8}$/);
    expect(article.lang).toBe('en');
    expect(article).toMatchObject({ authors: [], translators: [], speakers: [] });
    expect(ids(article)).toEqual(['b1']);
    expect(report.messages).toEqual([]);
  });

  it('reads a missing schemaVersion as the current one, with a warning', async () => {
    const { schemaVersion: _v, ...rest } = fixture('full-article.json');
    const { article, report } = await read(rest);
    expect(article.schemaVersion).toBe(SCHEMA_VERSION);
    expect(report.warnings.map((w) => w.origin)).toEqual(['read:json:no-schema-version']);
  });

  it('normalises a hand-written language tag', async () => {
    const { article } = await read({ ...withIds('a', 'b', 'c'), lang: 'pt_br' });
    expect(article.lang).toBe('pt-BR');
  });
});

describe('readJson: block ids', () => {
  it('keeps ids that are valid and unique', async () => {
    const { article } = await read(withIds('intro', 'p-2', 'Third_one'));
    expect(ids(article)).toEqual(['intro', 'p-2', 'Third_one']);
    const full = Article.parse(fixture('full-article.json'));
    expect(ids((await read(full)).article)).toContain('li-2-1');
  });

  it('numbers blocks in document order when ids are missing', async () => {
    const { article, report } = await read(withIds(undefined, '', 'kept'));
    expect(ids(article)).toEqual(['b1', 'b2', 'b3']);
    expect(report.messages).toEqual([]);
  });

  it('renumbers every block, nested ones included, when ids repeat, and says so', async () => {
    const doc = fixture('full-article.json') as { blocks: { id: string }[] };
    doc.blocks[1]!.id = 'lead';
    const { article, report } = await read(doc);
    const found = ids(article);
    expect(found).toEqual(found.map((_, i) => `b${i + 1}`));
    expect(found.length).toBe(12);
    expect(report.messages.map((m) => m.origin)).toEqual(['read:json:block-ids-renumbered']);
  });

  it('renumbers when an id is not a valid id', async () => {
    const { article } = await read(withIds('intro', '2nd', 'end'));
    expect(ids(article)).toEqual(['b1', 'b2', 'b3']);
  });
});

describe('readJson: refused input', () => {
  it('lists every wrong JSON path of a document with three distinct errors', async () => {
    const error = await readError(fixtureText('three-errors.json'));
    expect(error.code).toBe('input/schema');
    expect(error.details.map((d) => d.path).sort()).toEqual(
      ['authors[0].name', 'blocks[1].level', 'blocks[2].children[0].text'].sort(),
    );
    expect(error.message).toMatch(/3 problems/);
    for (const detail of error.details) expect(error.message).toContain(detail.path!);
    expect(error.details.find((d) => d.path === 'authors[0].name')?.message).toMatch(/required/);
  });

  it('summarises only the first problems in the message but lists all of them in the details', async () => {
    const blocks = Array.from({ length: 5 }, () => ({ type: 'heading', level: 1, children: [] }));
    const error = await readError({ schemaVersion: 1, title: 'T', blocks });
    expect(error.details.map((d) => d.path)).toEqual([0, 1, 2, 3, 4].map((i) => `blocks[${i}].level`));
    expect(error.message).toContain('and 2 more');
    expect(error.message).not.toContain('blocks[4]');
  });

  it('names an unknown block type at its path', async () => {
    const error = await readError({
      schemaVersion: 1,
      title: 'T',
      blocks: [{ type: 'video', src: 'x.mp4' }],
    });
    expect(error.details).toEqual([
      { path: 'blocks[0].type', message: expect.stringContaining('paragraph') },
    ]);
  });

  it('refuses another schemaVersion', async () => {
    const error = await readError({ ...fixture('full-article.json'), schemaVersion: 2 });
    expect(error.code).toBe('input/schema-version');
    expect(error.message).toContain('2');
    expect((await readError({ ...fixture('full-article.json'), schemaVersion: '1' })).code).toBe(
      'input/schema-version',
    );
  });

  it('reports a syntax error with its line and column', async () => {
    const text = '{\n  "schemaVersion": 1,\n  "title": "T",\n  "blocks": [}\n}';
    const error = await readError(text);
    expect(error.code).toBe('input/json-syntax');
    expect(error.message).toContain('line 4, column 14');
    expect(error.details[0]?.path).toBe('line 4, column 14');
    const comma = await readError('{"title": "T",\n"blocks": [],\n}');
    expect(comma.message).toMatch(/line 3, column 1: .*property name/);
    expect((await readError('')).message).toMatch(/line 1, column 1: unexpected end of input/);
  });

  it('refuses JSON that is not an object', async () => {
    for (const text of ['[]', '[{"title": "T"}]', '42', 'null', '"article"', 'true']) {
      const error = await readError(text);
      expect(error.code).toBe('input/json-not-object');
    }
    expect((await readError('[1]')).message).toContain('an array');
  });

  it('refuses an article without text', async () => {
    const error = await readError({ schemaVersion: 1, title: 'Empty', blocks: [] });
    expect(error.code).toBe('input/no-article-text');
  });

  it('refuses absurdly nested input with an InputError instead of crashing', async () => {
    const open = '{"type":"blockquote","children":['.repeat(20000);
    const inner = '{"type":"paragraph","children":[{"type":"text","text":"deep text here"}]}';
    const text = `{"schemaVersion":1,"title":"Deep","blocks":[${open}${inner}${']}'.repeat(20000)}]}`;
    expect((await readError(text)).code).toMatch(/^input\//);
  });
});

describe('readJson: unknown keys', () => {
  it('strips keys outside the model and lists them in a warning', async () => {
    const doc = fixture('full-article.json') as Record<string, unknown> & {
      blocks: Record<string, unknown>[];
    };
    doc.tags = ['port'];
    doc.blocks[2]!.lightbox = true;
    const { article, report } = await read(doc);
    expect(article).not.toHaveProperty('tags');
    expect(article.blocks[2]).not.toHaveProperty('lightbox');
    const warning = report.warnings.find((w) => w.origin === 'read:json:unknown-keys');
    expect(warning?.message).toContain('tags');
    expect(warning?.message).toContain('blocks[2].lightbox');
  });
});

describe('findJsonSyntaxError', () => {
  const valid = [
    '{}',
    '[]',
    ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]} ',
    '"s"',
    '0',
    '{"a":{"b":[]}}',
  ];
  const invalid = [
    '{"a": }',
    '{"a":1,}',
    '[1 2]',
    '{"a":tru}',
    '{',
    '{"a":"x\ny"}',
    'xyz',
    '{"a" 1}',
    '[01]',
    '"\\q"',
    '{} {}',
    "{'a': 1}",
    '[1,]',
    '',
  ];

  it('agrees with JSON.parse on what is valid', () => {
    for (const text of valid) expect(findJsonSyntaxError(text), text).toBeUndefined();
    for (const text of invalid) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(findJsonSyntaxError(text), text).toBeDefined();
    }
  });

  it('points at the offending character', () => {
    expect(findJsonSyntaxError('{"a": }')?.offset).toBe(6);
    expect(findJsonSyntaxError('[1 2]')).toEqual({
      offset: 3,
      message: "unexpected \"2\", expected ',' or ']'",
    });
    expect(findJsonSyntaxError('{"a":"x\ny"}')?.offset).toBe(7);
    expect(findJsonSyntaxError('{"a": "open')).toEqual({ offset: 6, message: 'unterminated string' });
  });
});

describe('formatJsonPath', () => {
  it('writes paths as JavaScript accessors', () => {
    expect(formatJsonPath(['blocks', 3, 'children', 0, 'text'])).toBe('blocks[3].children[0].text');
    expect(formatJsonPath(['source', 'odd key'])).toBe('source["odd key"]');
    expect(formatJsonPath([])).toBe('(the article)');
  });
});
