/**
 * The JSON reader: the Article model itself, as printed by `readout schema`. Checked against the versioned
 * schema; every wrong field is reported by its JSON path. Block ids, `id`, `lang`, `authors`, `translators` and
 * `speakers` may be left out.
 */
import type { z } from 'zod';
import { type ErrorDetail, errorMessage, InputError } from '../errors.js';
import { Article, SCHEMA_VERSION } from '../model/schema.js';
import type { Report } from '../report.js';
import { finalizeArticle } from './finalize.js';
import { normaliseLang } from './language.js';
import type { Reader } from './types.js';

type JsonObject = Record<string, unknown>;

/** What the reader accepts: the model, with the fields it can fill in left optional. */
const ArticleInput = Article.partial({
  schemaVersion: true,
  id: true,
  lang: true,
  authors: true,
  translators: true,
  speakers: true,
});

const MAX_LISTED_PROBLEMS = 3;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Syntax errors
// ---------------------------------------------------------------------------------------------------------------

interface SyntaxProblem {
  offset: number;
  message: string;
}

/**
 * Finds the first syntax error of a text JSON.parse refused. Hand-written because Node 20's JSON.parse gives no
 * position for some errors (`Unexpected token '}', "…" is not valid JSON`) and no installed library locates
 * them. Iterative (an explicit stack), so deeply nested input cannot exhaust the call stack.
 */
export function findJsonSyntaxError(text: string): SyntaxProblem | undefined {
  let i = 0;
  const stack: ('{' | '[')[] = [];
  const fail = (message: string, at = i): SyntaxProblem => ({ offset: at, message });
  const unexpected = (what: string): SyntaxProblem =>
    i >= text.length
      ? fail(`unexpected end of input, expected ${what}`)
      : fail(`unexpected ${JSON.stringify(text[i])}, expected ${what}`);
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const scanString = (): SyntaxProblem | undefined => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) return fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20)
        return fail('line break or control character inside a string (write it as \\n or \\u00XX)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else return fail('invalid escape sequence in a string');
      } else i++;
    }
  };
  let mode: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    skipSpace();
    if (mode === 'value') {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        skipSpace();
        const close = c === '{' ? '}' : ']';
        if (text[i] === close) {
          stack.pop();
          i++;
          mode = 'after';
        } else mode = c === '{' ? 'key' : 'value';
      } else if (c === '"') {
        const problem = scanString();
        if (problem) return problem;
        mode = 'after';
      } else if (c !== undefined && /[-0-9]/.test(c)) {
        const number = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
        number.lastIndex = i;
        if (!number.exec(text)) return fail('invalid number');
        i = number.lastIndex;
        mode = 'after';
      } else {
        const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!literal) return unexpected('a value (object, array, string, number, true, false or null)');
        i += literal.length;
        mode = 'after';
      }
    } else if (mode === 'key') {
      if (text[i] !== '"') return unexpected('a property name in double quotes');
      const problem = scanString();
      if (problem) return problem;
      skipSpace();
      if (text[i] !== ':') return unexpected("':' after the property name");
      i++;
      mode = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (!top)
        return i < text.length
          ? fail(`unexpected ${JSON.stringify(text[i])} after the end of the JSON value`)
          : undefined;
      const close = top === '{' ? '}' : ']';
      if (text[i] === ',') {
        i++;
        mode = top === '{' ? 'key' : 'value';
      } else if (text[i] === close) {
        stack.pop();
        i++;
      } else return unexpected(`',' or '${close}'`);
    }
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    if (!problem) throw new InputError('input/json-syntax', `Invalid JSON: ${errorMessage(error)}.`);
    const { line, column } = lineAndColumn(text, problem.offset);
    throw new InputError(
      'input/json-syntax',
      `Invalid JSON at line ${line}, column ${column}: ${problem.message}.`,
      [{ path: `line ${line}, column ${column}`, message: problem.message }],
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Paths, versions, block ids, unknown keys
// ---------------------------------------------------------------------------------------------------------------

/** A JSON path as written in JavaScript: `blocks[3].children[0].text`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(the article)';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function checkSchemaVersion(raw: JsonObject, report: Report): void {
  if (!('schemaVersion' in raw)) {
    report.warn(
      'read:json:no-schema-version',
      `The article JSON has no "schemaVersion"; it was read as version ${SCHEMA_VERSION}. Add "schemaVersion": ${SCHEMA_VERSION}.`,
    );
    return;
  }
  if (raw.schemaVersion !== SCHEMA_VERSION) {
    throw new InputError(
      'input/schema-version',
      `The article JSON has schemaVersion ${JSON.stringify(raw.schemaVersion)}; this readout reads schemaVersion ${SCHEMA_VERSION}.`,
      [{ path: 'schemaVersion', message: `must be ${SCHEMA_VERSION}` }],
    );
  }
}

/** Block objects in the raw input, in the order walkBlocks visits them (quotes and list items depth first). */
function rawBlocks(value: unknown, out: JsonObject[] = []): JsonObject[] {
  if (!Array.isArray(value)) return out;
  for (const block of value) {
    if (!isObject(block)) continue;
    out.push(block);
    if (block.type === 'blockquote') rawBlocks(block.children, out);
    if (block.type === 'list' && Array.isArray(block.items)) {
      for (const item of block.items) if (isObject(item)) rawBlocks(item.children, out);
    }
  }
  return out;
}

const BLOCK_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Block ids are optional in input. When every block has a valid, unique id they are kept; otherwise all blocks
 * are numbered b1, b2… in document order (mixing kept and new ids could collide). Non-string ids are left for
 * the schema check to report.
 */
function prepareBlockIds(raw: JsonObject, report: Report): void {
  const blocks = rawBlocks(raw.blocks);
  const seen = new Set<string>();
  let missing = 0;
  let wrong = 0;
  for (const block of blocks) {
    const id = block.id;
    if (id === undefined || id === '') missing++;
    else if (typeof id === 'string') {
      if (!BLOCK_ID.test(id) || seen.has(id)) wrong++;
      seen.add(id);
    }
  }
  if (!missing && !wrong) return;
  blocks.forEach((block, i) => {
    if (block.id === undefined || typeof block.id === 'string') block.id = `b${i + 1}`;
  });
  if (wrong) {
    report.info(
      'read:json:block-ids-renumbered',
      `${wrong} block id(s) were repeated or not valid ids; all blocks were numbered b1…b${blocks.length}.`,
    );
  }
}

/** Keys present in the input that the schema dropped (zod strips unknown keys), as JSON paths. */
function strippedKeys(raw: unknown, parsed: unknown, path: PropertyKey[] = [], out: string[] = []): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    raw.forEach((item, i) => {
      strippedKeys(item, parsed[i], [...path, i], out);
    });
  } else if (isObject(raw) && isObject(parsed)) {
    for (const [key, value] of Object.entries(raw)) {
      if (!(key in parsed)) out.push(formatJsonPath([...path, key]));
      else strippedKeys(value, parsed[key], [...path, key], out);
    }
  }
  return out;
}

function friendlyMessage(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/^Invalid input: expected (.+), received undefined$/, 'required ($1)');
}

function schemaError(issues: readonly z.core.$ZodIssue[]): InputError {
  const details: ErrorDetail[] = issues.map((issue) => ({
    path: formatJsonPath(issue.path),
    message: friendlyMessage(issue),
  }));
  const listed = details
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((d) => `${d.path}: ${d.message}`)
    .join('; ');
  const more =
    details.length > MAX_LISTED_PROBLEMS ? ` (and ${details.length - MAX_LISTED_PROBLEMS} more)` : '';
  const count = details.length === 1 ? '1 problem' : `${details.length} problems`;
  return new InputError(
    'input/schema',
    `The article JSON does not match the readout schema (${count}): ${listed}${more}.`,
    details,
  );
}

function validate(raw: JsonObject): z.infer<typeof ArticleInput> {
  const result = ArticleInput.safeParse(raw);
  if (!result.success) throw schemaError(result.error.issues);
  return result.data;
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function readArticle(text: string, report: Report): Article {
  const raw = parseJson(text);
  if (!isObject(raw)) {
    throw new InputError(
      'input/json-not-object',
      `The article JSON must be an object (an Article), not ${describe(raw)}.`,
    );
  }
  checkSchemaVersion(raw, report);
  // Be kind to hand-written language tags (`en_US`, `EN-us`); anything else is left for the schema to refuse.
  if (typeof raw.lang === 'string') raw.lang = normaliseLang(raw.lang) ?? raw.lang;
  prepareBlockIds(raw, report);
  const data = validate(raw);
  const unknown = strippedKeys(raw, data);
  if (unknown.length) {
    report.warn(
      'read:json:unknown-keys',
      `Ignored keys that are not part of the Article model: ${unknown.join(', ')}.`,
    );
  }
  const { schemaVersion: _version, ...rest } = data;
  return finalizeArticle(
    { ...rest, authors: rest.authors ?? [], translators: rest.translators ?? [] },
    { keepBlockIds: true },
  );
}

export const readJson: Reader = async (input, ctx) => {
  try {
    return readArticle(input.text.replace(/^\uFEFF/, ''), ctx.report);
  } catch (error) {
    // Thousands of nested quotes or lists exhaust the stack while walking them: refuse the input, do not crash.
    if (isStackOverflow(error))
      throw new InputError('input/too-deep', 'The article JSON is nested too deeply to read.');
    throw error;
  }
};
