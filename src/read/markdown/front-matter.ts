/** YAML front matter → article metadata (title, authors, date…), with aliases for common static-site keys. */
import slugify from '@sindresorhus/slugify';
import type { Yaml } from 'mdast';
import { parseDocument } from 'yaml';
import { type ErrorDetail, errorMessage, InputError } from '../../errors.js';
import { Article, type Person, Speaker } from '../../model/schema.js';
import type { Report } from '../../report.js';
import { normaliseLang } from '../language.js';

export type FrontMatter = Partial<
  Pick<
    Article,
    | 'id'
    | 'lang'
    | 'title'
    | 'subtitle'
    | 'rubric'
    | 'authors'
    | 'translators'
    | 'source'
    | 'publishedAt'
    | 'modifiedAt'
    | 'url'
    | 'description'
    | 'speakers'
  >
>;
type Field = keyof FrontMatter;

/** Front matter keys (matched case-insensitively) → the field they fill. The first key present wins. */
const KEYS: Record<string, Field> = {
  title: 'title',
  subtitle: 'subtitle',
  rubric: 'rubric',
  kicker: 'rubric',
  section: 'rubric',
  authors: 'authors',
  author: 'authors',
  translators: 'translators',
  translator: 'translators',
  lang: 'lang',
  language: 'lang',
  date: 'publishedAt',
  modified: 'modifiedAt',
  updated: 'modifiedAt',
  lastmod: 'modifiedAt',
  source: 'source',
  url: 'url',
  description: 'description',
  id: 'id',
  speakers: 'speakers',
};

function fail(message: string, details: ErrorDetail[] = []): never {
  throw new InputError('input/front-matter', message, details);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return JSON.stringify(value) ?? String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

function text(key: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value).replace(/\s+/g, ' ').trim() || undefined;
  }
  return fail(`Front matter "${key}" must be text, not ${describe(value)}.`, [
    { path: key, message: 'must be text' },
  ]);
}

/**
 * One string may name several people ("Jane Doe, John Roe and Ann Lee"). It is split only when every part has
 * at least two words, so "Doe, Jane" or "Ph.D." suffixes stay one name.
 */
function splitNames(value: string): string[] {
  const whole = value.replace(/\s+/g, ' ').trim();
  if (!whole) return []; // a blank name names nobody
  const parts = whole
    .split(/\s*(?:[,;&]|\band\b)\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length > 1 && parts.every((p) => p.includes(' ')) ? parts : [whole];
}

function person(key: string, value: unknown): Person {
  if (!isRecord(value)) {
    const name = text(key, value);
    if (!name) fail(`Front matter "${key}" must be a name.`, [{ path: key, message: 'must be a name' }]);
    return { name };
  }
  const name = text(`${key}.name`, value.name);
  if (!name) fail(`Front matter "${key}" needs a name.`, [{ path: `${key}.name`, message: 'is required' }]);
  const url = text(`${key}.url`, value.url);
  return { name, ...(url ? { url } : {}) };
}

function people(key: string, value: unknown): Person[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return splitNames(value).map((name) => ({ name }));
  if (Array.isArray(value)) return value.map((item, i) => person(`${key}[${i}]`, item));
  return [person(key, value)];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A YAML or free-form date as ISO 8601: a date alone stays a date, a date-time keeps its offset. */
function isoDate(key: string, value: unknown, report: Report): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  const raw = text(key, value);
  if (!raw) return undefined;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(raw)) return raw;
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw);
  if (iso) return `${iso[1]}T${iso[2]}${iso[5]?.toUpperCase() ?? ''}`;
  const parsed = new Date(raw);
  if (Number.isNaN(parsed.getTime())) {
    report.warn('read:markdown:bad-date', `Front matter "${key}" is not a date (${raw}); it was ignored.`);
    return undefined;
  }
  // Free-form dates ("March 5, 2024") parse in local time; a date without a time stays a date.
  if (parsed.getHours() === 0 && parsed.getMinutes() === 0 && parsed.getSeconds() === 0) {
    return `${parsed.getFullYear()}-${pad(parsed.getMonth() + 1)}-${pad(parsed.getDate())}`;
  }
  return parsed.toISOString();
}

function source(key: string, value: unknown): Article['source'] {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) {
    const name = text(key, value);
    return name ? { name } : undefined;
  }
  const name = text(`${key}.name`, value.name);
  if (!name) fail(`Front matter "${key}" needs a name.`, [{ path: `${key}.name`, message: 'is required' }]);
  const url = text(`${key}.url`, value.url);
  return { name, ...(url ? { url } : {}) };
}

function articleId(key: string, value: unknown): string | undefined {
  const id = text(key, value);
  if (id === undefined) return undefined;
  const check = Article.shape.id.safeParse(id);
  if (!check.success) {
    const message = check.error.issues[0]?.message ?? 'is not a valid id';
    fail(`Front matter "${key}" (${JSON.stringify(id)}) ${message}.`, [{ path: key, message }]);
  }
  return id;
}

function language(key: string, value: unknown): string | undefined {
  const raw = text(key, value);
  if (raw === undefined) return undefined;
  const lang = normaliseLang(raw);
  if (!lang) {
    fail(`Front matter "${key}" (${JSON.stringify(raw)}) must be a language tag such as "en" or "pt-BR".`, [
      { path: key, message: 'must be a BCP 47 language tag' },
    ]);
  }
  return lang;
}

/** Speakers as names (`- Jane Doe`) or mappings (`- {id, name, aliases, voice}`); ids default to a slug of the name. */
function speakers(key: string, value: unknown): Speaker[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value))
    fail(`Front matter "${key}" must be a list.`, [{ path: key, message: 'must be a list' }]);
  const out: Speaker[] = [];
  const details: ErrorDetail[] = [];
  value.forEach((item, i) => {
    const entry: Record<string, unknown> = isRecord(item)
      ? { ...item }
      : { name: text(`${key}[${i}]`, item) };
    if (typeof entry.name === 'string' && entry.id === undefined)
      entry.id = slugify(entry.name) || `speaker-${i + 1}`;
    if (entry.aliases === undefined) entry.aliases = [];
    const parsed = Speaker.safeParse(entry);
    if (parsed.success) out.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        details.push({ path: [`${key}[${i}]`, ...issue.path.map(String)].join('.'), message: issue.message });
      }
    }
  });
  const seen = new Set<string>();
  out.forEach((s, i) => {
    if (seen.has(s.id)) details.push({ path: `${key}[${i}].id`, message: `repeats the id "${s.id}"` });
    seen.add(s.id);
  });
  if (details.length) {
    fail(
      `Front matter "${key}" is invalid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`,
      details,
    );
  }
  return out;
}

function parseYaml(node: Yaml): unknown {
  // The YAML starts on the line after the opening `---`.
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const doc = parseDocument(node.value);
  const error = doc.errors[0];
  if (error) {
    const line = firstLine + (error.linePos?.[0].line ?? 1) - 1;
    const problem = error.message.replace(/\s+at line \d+, column \d+:[\s\S]*$/, '');
    fail(`Invalid YAML front matter at line ${line}: ${problem}.`, [
      { path: `line ${line}`, message: problem },
    ]);
  }
  try {
    return doc.toJS();
  } catch (error) {
    // Unresolved or excessive aliases are only found while building the value.
    return fail(`Invalid YAML front matter: ${errorMessage(error)}.`);
  }
}

/** Reads the front matter; unknown keys are listed in the report, wrong values throw `input/front-matter`. */
export function readFrontMatter(node: Yaml, report: Report): FrontMatter {
  const data = parseYaml(node);
  if (data === null || data === undefined) return {};
  if (!isRecord(data)) fail(`The front matter must be a mapping of keys (title: …), not ${describe(data)}.`);
  const values = new Map<Field, [string, unknown]>();
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    const field = KEYS[key.toLowerCase()];
    if (!field) ignored.push(key);
    else if (values.has(field)) ignored.push(`${key} (${values.get(field)![0]} is used)`);
    else values.set(field, [key, value]);
  }
  if (ignored.length)
    report.info('read:markdown:front-matter-ignored', `Front matter keys not used: ${ignored.join(', ')}.`);

  const meta: FrontMatter = {};
  const get = (field: Field): [string, unknown] => values.get(field) ?? [field, undefined];
  const set = <F extends Field>(field: F, value: FrontMatter[F] | undefined): void => {
    if (value !== undefined) meta[field] = value;
  };
  set('title', text(...get('title')));
  set('subtitle', text(...get('subtitle')));
  set('rubric', text(...get('rubric')));
  set('authors', people(...get('authors')));
  set('translators', people(...get('translators')));
  set('lang', language(...get('lang')));
  set('publishedAt', isoDate(...get('publishedAt'), report));
  set('modifiedAt', isoDate(...get('modifiedAt'), report));
  set('source', source(...get('source')));
  set('url', text(...get('url')));
  set('description', text(...get('description')));
  set('id', articleId(...get('id')));
  set('speakers', speakers(...get('speakers')));
  return meta;
}
