/**
 * Fuzz inputs (fast-check arbitraries): generated text, HTML, Markdown and JSON full of hostile pieces
 * (markup characters, control characters, lone surrogates, right-to-left marks, emoji sequences, huge
 * attributes, deep nesting), and mutated real files — the test fixtures and windows of the shared corpus
 * pages — with byte flips, truncation, duplicated or deleted tags, inserted Unicode and huge attributes.
 * Every arbitrary shrinks, so a failing case is reported in a minimal form.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { corpusPages, corpusText, projectRoot } from '../helpers/corpus.js';
import type { FuzzCase, FuzzFormat } from './fuzz-pipeline.js';
import { scaled } from './suite-form.js';

/** Pieces chosen to break parsers, escapers, sentence splitters and bidi handling. */
export const HOSTILE_PIECES = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '&amp;',
  '&nbsp;',
  '&#0;',
  '&#xD800;',
  '&#x110000;',
  '&bogus;',
  ']]>',
  '<![CDATA[x]]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<speak>',
  '</p>',
  '\u0000',
  '\u0001',
  '\u0007',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u0301\u0301\u0301',
  'مرحبا بالعالم',
  '«اقتباس»، قال',
  'שלום עולם',
  '"ציטוט", אמר',
  'Привет, мир',
  '«Цитата», — сказал он.',
  '東京都',
  '😀',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  '👍🏿',
  '🇫🇷',
  'Mr.',
  'e.g.',
  'U.S.',
  '2021-05-19',
  '10:30',
  '+1 (202) 555-0143',
  '“',
  '”',
  '„',
  '‘',
  '’',
  '«',
  '»',
  '—',
  ' said ',
  ', he said.',
  'By ',
  'Photo: ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '   ',
  'javascript:alert(1)',
  'file:///etc/passwd',
];

const word = fc.stringMatching(/^[A-Za-z]{1,12}$/);
const piece = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'grapheme' }) },
);
const phrase = fc.array(piece, { minLength: 1, maxLength: 30 }).map((p) => p.join(' '));
/**
 * Sometimes enormous: one word of thousands of letters, or a sentence with no punctuation (smaller in the
 * short form, where every second counts).
 */
const bigPhrase = fc.oneof(
  { weight: 20, arbitrary: phrase },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: scaled(5000, 20_000) }).map((n) => 'x'.repeat(n)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 200, max: scaled(1000, 3000) })
      .map((n) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ')),
  },
);

// ---------------------------------------------------------------------------------------------- text

export const textInput: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.array(bigPhrase, { minLength: 1, maxLength: 25 }), fc.constantFrom('\n', '\n\n', '\r\n', ' '))
  .map(([lines, sep]) => ({ family: 'text', format: 'text' as const, data: lines.join(sep) }));

// ---------------------------------------------------------------------------------------------- HTML

const TAGS = [
  'p',
  'div',
  'span',
  'article',
  'section',
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'figure',
  'figcaption',
  'picture',
  'blockquote',
  'q',
  'cite',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'tr',
  'td',
  'th',
  'a',
  'em',
  'strong',
  'b',
  'i',
  'abbr',
  'small',
  'sup',
  'sub',
  'time',
  'pre',
  'code',
  'address',
  'details',
  'summary',
  'template',
  'noscript',
  'svg',
  'math',
  'script',
  'style',
  'iframe',
  'object',
  'title',
  'button',
  'form',
  'select',
];
const VOID_TAGS = ['br', 'hr', 'img', 'source', 'meta', 'link', 'wbr', 'embed', 'input', 'base'];
const ATTRS = [
  'href',
  'src',
  'srcset',
  'alt',
  'title',
  'class',
  'id',
  'lang',
  'dir',
  'style',
  'onerror',
  'onload',
  'data-src',
  'itemprop',
  'property',
  'content',
  'name',
  'datetime',
  'cite',
  'rel',
  'width',
  'height',
  'role',
  'aria-label',
  'aria-hidden',
  'hidden',
  'xml:lang',
  'xmlns',
];
const ATTR_VALUES = [
  'http://example.com/a.jpg',
  'https://example.com/broken.png',
  '//example.com/x.png',
  '/relative/path.jpg',
  'data:image/png;base64,iVBORw0KGgo=',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'file:///etc/passwd',
  'x.jpg 1x, y.jpg 2x, ,,, 3w',
  'article-body',
  'caption',
  'byline author',
  'rtl',
  'en',
  'ar',
  'xx-invalid-',
  '2021-05-19T10:30:00Z',
  'not a date',
  'headline',
  'og:title',
  'author',
  'true',
  '-1',
  '999999999999',
];
/** Attribute values of 10 to 300 thousand characters. */
const hugeValue = fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'A'.repeat(n));
const attrValue = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ATTR_VALUES) },
  { weight: 4, arbitrary: phrase },
  { weight: 1, arbitrary: hugeValue },
);
const attribute = fc
  .tuple(fc.constantFrom(...ATTRS), attrValue, fc.constantFrom('"', "'", ''))
  .map(([name, value, q]) => ` ${name}=${q}${q ? value.replaceAll(q, '') : value.replace(/[\s>]/g, '')}${q}`);
const attributes = fc.array(attribute, { maxLength: 4 }).map((a) => a.join(''));

const { tree: htmlTree } = fc.letrec<{ tree: string; node: string }>((tie) => ({
  tree: fc.array(tie('node'), { maxLength: 6 }).map((nodes) => nodes.join('')),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: phrase.map((t) => t.replace(/</g, '&lt;')) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...TAGS), attributes, tie('tree'), fc.boolean())
        .map(([tag, attrs, inner, close]) => `<${tag}${attrs}>${inner}${close ? `</${tag}>` : ''}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...VOID_TAGS), attributes, fc.boolean())
        .map(([tag, attrs, slash]) => `<${tag}${attrs}${slash ? ' /' : ''}>`),
    },
    { weight: 1, arbitrary: fc.constantFrom('</div>', '</p>', '</article>', '</html>', '<body>', '<html>') },
  ),
}));

/** JSON-LD and Open Graph metadata, which the HTML reader parses separately. */
const jsonLd = fc
  .oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({
        '@type': fc.constantFrom('NewsArticle', 'Article', ['NewsArticle'], 42),
        headline: fc.oneof(phrase, fc.jsonValue()),
        author: fc.oneof(
          phrase,
          fc.jsonValue(),
          fc.array(fc.record({ name: fc.oneof(phrase, fc.jsonValue()) })),
        ),
        datePublished: fc.oneof(fc.constantFrom('2021-05-19', 'yesterday', ''), fc.jsonValue()),
        image: fc.oneof(fc.constantFrom(...ATTR_VALUES), fc.jsonValue()),
      })
      .map((v) => JSON.stringify(v)),
    phrase,
  )
  .map((text) => `<script type="application/ld+json">${text}</script>`);

/** Elements nested tens to thousands deep (the HTML reader flattens what is deeper than 256). */
const deepHtml = fc
  .tuple(
    fc.constantFrom('div', 'blockquote', 'span', 'ul><li', 'b', 'section'),
    fc.integer({ min: 10, max: scaled(600, 3000) }),
  )
  .map(
    ([tag, depth]) =>
      `${`<${tag}>`.repeat(depth)}Deep text, she said.${`</${tag.split('><')[0]}>`.repeat(depth)}`,
  );

export const htmlInput: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.option(phrase),
    fc.array(jsonLd, { maxLength: 2 }),
    fc.array(fc.tuple(fc.constantFrom(...ATTR_VALUES.slice(14, 20)), attrValue), { maxLength: 3 }),
    fc.oneof({ weight: 12, arbitrary: htmlTree }, { weight: 1, arbitrary: deepHtml }),
    fc.boolean(),
  )
  .map(([title, ld, metas, body, full]) => {
    const head = [
      title === null ? '' : `<title>${title}</title>`,
      ...ld,
      ...metas.map(([p, c]) => `<meta property="${p}" content="${c.replaceAll('"', '')}">`),
    ].join('');
    const data = full
      ? `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`
      : `${head}${body}`;
    return { family: 'html', format: 'html' as const, data };
  });

// ------------------------------------------------------------------------------------------ Markdown

const yamlValue = fc.oneof(
  phrase.map((t) => JSON.stringify(t)),
  fc.constantFrom(
    '&a [1, 2]',
    '*a',
    '!!binary aGVsbG8=',
    '{',
    '[[[[',
    '~',
    '2021-05-19',
    '"\\u0000"',
    '|\n  block',
    '? x',
  ),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);
const frontMatter = fc
  .array(
    fc.tuple(
      fc.constantFrom('title', 'subtitle', 'author', 'authors', 'date', 'lang', 'source', 'url', 'x'),
      yamlValue,
    ),
    {
      maxLength: 6,
    },
  )
  .map((pairs) => `---\n${pairs.map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n`);
const MD_PREFIXES = [
  '',
  '',
  '',
  '# ',
  '## ',
  '###### ',
  '> ',
  '> > ',
  '- ',
  '* ',
  '1. ',
  '    ',
  '| ',
  '[^1]: ',
];
const mdInline = fc.oneof(
  { weight: 6, arbitrary: phrase },
  {
    weight: 1,
    arbitrary: fc.tuple(phrase, fc.constantFrom(...ATTR_VALUES)).map(([a, s]) => `![${a}](${s} "t")`),
  },
  { weight: 1, arbitrary: fc.tuple(phrase, fc.constantFrom(...ATTR_VALUES)).map(([a, s]) => `[${a}](${s})`) },
  { weight: 1, arbitrary: phrase.map((t) => `*${t}* **${t}** \`${t}\` ~~${t}~~`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('<b>', '</i>', '<script>x</script>', '<http://a.b/>', '[^1]', '\\', '  '),
  },
);
const mdLine = fc
  .tuple(fc.constantFrom(...MD_PREFIXES), fc.array(mdInline, { minLength: 1, maxLength: 4 }))
  .map(([prefix, parts]) => prefix + parts.join(' '));
const mdBlock = fc.oneof(
  { weight: 8, arbitrary: mdLine },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '***',
      '---',
      '```',
      '```js',
      '~~~',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '<div>',
      '</div>',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: scaled(500, 3000) }).map((n) => `${'>'.repeat(n)} deep`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 2000 }).map((n) => `${'  '.repeat(n)}- nested`) },
);

export const markdownInput: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: frontMatter }),
    fc.array(mdBlock, { minLength: 1, maxLength: 25 }),
    fc.constantFrom('\n', '\n\n'),
  )
  .map(([fm, blocks, sep]) => ({
    family: 'markdown',
    format: 'markdown' as const,
    data: (fm ?? '') + blocks.join(sep),
  }));

// ---------------------------------------------------------------------------------------------- JSON

function fixtureText(...parts: string[]): string {
  return readFileSync(join(projectRoot, 'tests/fixtures', ...parts), 'utf8');
}

const ARTICLE_SEEDS = ['every-block.en.json', 'hostile.en.json', 'arabic.ar.json'].map((f) =>
  JSON.parse(fixtureText('articles', f)),
);
ARTICLE_SEEDS.push(JSON.parse(fixtureText('json', 'full-article.json')));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into a JSON value (objects and arrays), the root first. */
function containers(
  value: Json,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (value === null || typeof value !== 'object') return out;
  out.push(at);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) containers(v, [...at, i], out);
  } else for (const [k, v] of Object.entries(value)) containers(v, [...at, k], out);
  return out;
}

function lookup(value: Json, path: (string | number)[]): Json {
  let current = value;
  for (const key of path) current = (current as Record<string, Json>)[key] as Json;
  return current;
}

interface JsonEdit {
  target: number;
  key: number;
  kind: 'replace' | 'delete' | 'duplicate' | 'string';
  value: Json;
}

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({
  target: fc.nat(),
  key: fc.nat(),
  kind: fc.constantFrom('string', 'string', 'string', 'replace', 'delete', 'duplicate'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, phrase as fc.Arbitrary<Json>),
});

/** Applies one edit to a (copied) article: replace or delete a field, duplicate an item, or change a text. */
function applyEdit(root: Json, edit: JsonEdit): void {
  const paths = containers(root);
  const container = lookup(root, paths[edit.target % paths.length] ?? []);
  if (container === null || typeof container !== 'object') return;
  const keys = Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container);
  if (keys.length === 0) return;
  const key = keys[edit.key % keys.length] as string & number;
  const text = typeof edit.value === 'string' ? edit.value : JSON.stringify(edit.value);
  if (Array.isArray(container)) {
    if (edit.kind === 'delete') container.splice(key, 1);
    else if (edit.kind === 'duplicate') container.splice(key, 0, structuredClone(container[key] as Json));
    else container[key] = edit.kind === 'string' ? text : edit.value;
    return;
  }
  if (edit.kind === 'delete') delete container[key];
  else if (edit.kind === 'string' && typeof container[key] === 'string')
    container[key] = `${container[key]}${text}`;
  else container[key] = edit.value;
}

/**
 * A paragraph inside `depth` block quotes (valid for the schema; tests recursion in every writer), as JSON
 * text built by hand: JSON.stringify itself overflows the stack on such depths.
 */
function nestedQuotesJson(depth: number): string {
  const paragraph =
    '{"id":"","type":"paragraph","children":[{"type":"text","text":"\\"Deep,\\" she said."}]}';
  return `${'{"id":"","type":"blockquote","children":['.repeat(depth)}${paragraph}${']}'.repeat(depth)}`;
}

export const jsonInput: fc.Arbitrary<FuzzCase> = fc
  .oneof(
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.nat({ max: ARTICLE_SEEDS.length - 1 }), fc.array(jsonEdit, { minLength: 1, maxLength: 4 }))
        .map(([seed, edits]) => {
          const article = structuredClone(ARTICLE_SEEDS[seed]) as Json;
          for (const edit of edits) applyEdit(article, edit);
          return JSON.stringify(article);
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat({ max: ARTICLE_SEEDS.length - 1 }), fc.integer({ min: 50, max: scaled(300, 1000) }))
        .map(([seed, depth]) => {
          const article = structuredClone(ARTICLE_SEEDS[seed]) as { blocks: Json[] };
          article.blocks.push('@deep@');
          return JSON.stringify(article).replace('"@deep@"', nestedQuotesJson(depth));
        }),
    },
  )
  .map((data) => ({ family: 'json', format: 'json' as const, data }));

// ---------------------------------------------------------------------------------- mutated files

interface SeedFile {
  name: string;
  format: FuzzFormat;
  bytes: Buffer;
}

const FORMAT_BY_FOLDER: Record<string, FuzzFormat> = {
  html: 'html',
  text: 'text',
  markdown: 'markdown',
  json: 'json',
  articles: 'json',
};

/** The fixtures, and windows of at most `window` bytes from each corpus page (start and middle). */
export function seedFiles(window: number): SeedFile[] {
  const seeds: SeedFile[] = [];
  for (const [folder, format] of Object.entries(FORMAT_BY_FOLDER)) {
    const dir = join(projectRoot, 'tests/fixtures', folder);
    for (const file of readdirSync(dir, { withFileTypes: true })) {
      if (!file.isFile() || file.name === 'README.txt') continue;
      seeds.push({ name: `${folder}/${file.name}`, format, bytes: readFileSync(join(dir, file.name)) });
    }
  }
  for (const page of corpusPages()) {
    const bytes = Buffer.from(corpusText('pages', page, 'source.html'), 'utf8');
    const middle = Math.max(0, Math.floor(bytes.length / 2) - window / 2);
    seeds.push({ name: `corpus/${page}[0]`, format: 'html', bytes: bytes.subarray(0, window) });
    seeds.push({
      name: `corpus/${page}[${middle}]`,
      format: 'html',
      bytes: bytes.subarray(middle, middle + window),
    });
  }
  const meduza = Buffer.from(corpusText('meduza-lavrov-blinken.txt'), 'utf8');
  seeds.push({ name: 'corpus/meduza', format: 'text', bytes: meduza.subarray(0, window) });
  return seeds;
}

const MUTATIONS = [
  'flip',
  'truncate',
  'duplicate-tag',
  'delete-tag',
  'insert-unicode',
  'huge-attribute',
  'copy-range',
  'delete-range',
] as const;

interface Mutation {
  kind: (typeof MUTATIONS)[number];
  /** Where (0 to 1 of the length, or of the tags). */
  at: number;
  /** How much of the following bytes (0 to 1, at most 4 KiB). */
  span: number;
  bit: number;
  text: string;
  size: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  span: fc.double({ min: 0, max: 1, noNaN: true }),
  bit: fc.nat({ max: 7 }),
  text: fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 8, unit: 'binary' })),
  size: fc.integer({ min: 1000, max: 200_000 }),
});

const TAG = /<\/?[A-Za-z][^<>]{0,400}>/g;

/** Applies one mutation; tag edits work on a latin1 view of the bytes, so they never change other bytes. */
export function mutate(bytes: Buffer, m: Mutation): Buffer {
  const pos = Math.floor(m.at * bytes.length);
  const latin = bytes.toString('latin1');
  const tags = [...latin.matchAll(TAG)];
  const tag = tags[Math.floor(m.at * tags.length)];
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = Buffer.from(bytes);
      const i = Math.min(pos, out.length - 1);
      out[i] = (out[i] as number) ^ (1 << m.bit);
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, pos);
    case 'duplicate-tag':
      if (!tag) return bytes;
      return Buffer.from(latin.slice(0, tag.index) + tag[0] + latin.slice(tag.index), 'latin1');
    case 'delete-tag':
      if (!tag) return bytes;
      return Buffer.from(latin.slice(0, tag.index) + latin.slice(tag.index + tag[0].length), 'latin1');
    case 'insert-unicode':
      return Buffer.concat([bytes.subarray(0, pos), Buffer.from(m.text, 'utf8'), bytes.subarray(pos)]);
    case 'huge-attribute': {
      if (!tag || tag[0].startsWith('</')) return bytes;
      const end = tag.index + tag[0].length - 1;
      return Buffer.from(
        `${latin.slice(0, end)} data-x="${'A'.repeat(m.size)}"${latin.slice(end)}`,
        'latin1',
      );
    }
    case 'copy-range': {
      const length = Math.floor(m.span * Math.min(4096, bytes.length - pos));
      return Buffer.concat([bytes.subarray(0, pos), bytes.subarray(pos, pos + length), bytes.subarray(pos)]);
    }
    case 'delete-range': {
      const length = Math.floor(m.span * Math.min(4096, bytes.length - pos));
      return Buffer.concat([bytes.subarray(0, pos), bytes.subarray(pos + length)]);
    }
  }
}

/** A seed file with 1 to 8 mutations, read as its own format or with format detection. */
export function mutatedInput(seeds: readonly SeedFile[]): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(
      fc.nat({ max: seeds.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 8 }),
      fc.boolean(),
    )
    .map(([index, mutations, detect]) => {
      const seed = seeds[index] as SeedFile;
      let bytes = seed.bytes;
      for (const m of mutations) bytes = mutate(bytes, m);
      return {
        family: 'mutated',
        format: detect ? ('auto' as const) : seed.format,
        data: new Uint8Array(bytes),
        name: seed.name.replace(/\[.*$/, ''),
      };
    });
}
