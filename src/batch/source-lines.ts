/**
 * Line-based batches: JSONL (one Article JSON, or `{ "html"|"text"|"markdown"|"url": …, "name"? }`, per
 * line) and plain lists of URLs (one per line; blank lines and `#` comments ignored). Lines are read from a
 * stream one at a time; a line longer than the input limit is skipped without being held in memory and
 * fails on its own, like an invalid JSON line.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError, LimitError, type ReadoutError } from '../errors.js';
import type { ArticleInput, InputFormat } from '../read/index.js';
import type { ArchiveLimits } from './archive-safety.js';
import type { BatchSource, SourceEntry, SourceKind, SourceOptions } from './source-types.js';

export interface Line {
  /** 1-based line number. */
  number: number;
  text: string;
  /** The line's length in bytes when it was longer than the limit (its text is then empty). */
  tooLong?: number;
}

/**
 * Splits a byte stream into lines of at most `maxBytes` each. Hand-written because node:readline keeps a
 * whole line in memory however long it is; this one drops an over-long line's bytes as they arrive.
 */
export async function* boundedLines(
  stream: Readable,
  maxBytes: number,
): AsyncGenerator<Line, void, undefined> {
  let parts: Buffer[] = [];
  let size = 0;
  let number = 1;
  const finish = (): Line => {
    const line: Line =
      size > maxBytes
        ? { number, text: '', tooLong: size }
        : { number, text: Buffer.concat(parts, size).toString('utf8').replace(/\r$/, '') };
    parts = [];
    size = 0;
    number += 1;
    return line;
  };
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    for (;;) {
      const nl = buf.indexOf(0x0a);
      const piece = nl === -1 ? buf : buf.subarray(0, nl);
      size += piece.byteLength;
      if (size <= maxBytes) parts.push(piece);
      else parts = [];
      if (nl === -1) break;
      yield finish();
      buf = buf.subarray(nl + 1);
    }
  }
  if (size > 0 || parts.length > 0) yield finish();
}

const FORM_FORMATS: Record<string, InputFormat> = {
  html: 'html',
  text: 'text',
  markdown: 'markdown',
  url: 'url',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One JSONL line as an entry: an Article JSON, or one of the `{ html|text|markdown|url }` forms. */
export function jsonlEntry(line: Line, file: string, maxBytes: number): SourceEntry | undefined {
  const where = `${file}:${line.number}`;
  const fail = (error: ReadoutError): SourceEntry => ({ name: where, error });
  if (line.tooLong !== undefined) {
    return fail(
      new LimitError(
        'limit/input-too-large',
        `Line ${line.number} of "${file}" is ${line.tooLong} bytes; the limit is ${maxBytes} bytes (READOUT_MAX_INPUT_BYTES).`,
      ),
    );
  }
  if (!line.text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return fail(
      new InputError(
        'input/batch-jsonl',
        `Line ${line.number} of "${file}" is not valid JSON: ${(error as Error).message}.`,
      ),
    );
  }
  if (!isRecord(value)) {
    return fail(
      new InputError('input/batch-jsonl', `Line ${line.number} of "${file}" is not a JSON object.`),
    );
  }
  const named = typeof value.name === 'string' && value.name.trim() ? value.name.trim() : undefined;
  // An Article has blocks; its optional `url` field must not make it a URL to fetch.
  if ('blocks' in value || 'schemaVersion' in value) {
    return { name: named ?? where, input: { data: line.text, format: 'json', name: named ?? where } };
  }
  const forms = Object.keys(FORM_FORMATS).filter((k) => k in value);
  const key = forms[0];
  if (forms.length !== 1 || key === undefined || typeof value[key] !== 'string') {
    return fail(
      new InputError(
        'input/batch-jsonl',
        `Line ${line.number} of "${file}" must be an Article JSON or an object with exactly one string field of: html, text, markdown, url.`,
      ),
    );
  }
  const data = value[key] as string;
  const input: ArticleInput = {
    data,
    format: FORM_FORMATS[key]!,
    name: named ?? (key === 'url' ? data : where),
  };
  if (typeof value.baseUrl === 'string') input.baseUrl = value.baseUrl;
  return { name: input.name ?? where, input };
}

const URL_LINE = /^https?:\/\/\S+$/i;

/** One line of a URL list as an entry (undefined for blank lines and comments). */
export function urlEntry(line: Line, file: string): SourceEntry | undefined {
  const text = line.text.trim();
  if (line.tooLong === undefined && (!text || text.startsWith('#'))) return undefined;
  if (line.tooLong !== undefined || !URL_LINE.test(text)) {
    const shown = line.tooLong !== undefined ? `(${line.tooLong} bytes)` : JSON.stringify(text.slice(0, 200));
    return {
      name: `${file}:${line.number}`,
      error: new InputError(
        'input/batch-url',
        `Line ${line.number} of "${file}" is not an http(s) URL: ${shown}.`,
      ),
    };
  }
  return { name: text, input: { data: text, format: 'url', name: text } };
}

function entryOf(kind: 'jsonl' | 'urls', line: Line, file: string, maxBytes: number) {
  return kind === 'jsonl' ? jsonlEntry(line, file, maxBytes) : urlEntry(line, file);
}

/** Entries of a JSONL or URL-list stream (for HTTP bodies; files go through linesSource). */
export async function* lineEntries(
  kind: 'jsonl' | 'urls',
  stream: Readable,
  file: string,
  maxBytes: number,
): AsyncGenerator<SourceEntry, void, undefined> {
  for await (const line of boundedLines(stream, maxBytes)) {
    const entry = entryOf(kind, line, file, maxBytes);
    if (entry) yield entry;
  }
}

export async function linesSource(
  kind: Extract<SourceKind, 'jsonl' | 'urls'>,
  path: string,
  options: SourceOptions,
  limits: ArchiveLimits,
): Promise<BatchSource> {
  const file = basename(path);
  let total = 0;
  // Pre-scan: count the entries (nothing is parsed beyond what telling a blank line or comment takes).
  for await (const line of boundedLines(createReadStream(path), options.maxInputBytes)) {
    const text = line.text.trim();
    if (line.tooLong !== undefined || (text && !(kind === 'urls' && text.startsWith('#')))) total += 1;
    if (total > limits.maxEntries) {
      throw new LimitError(
        'limit/archive-entries',
        `"${file}" has more than ${limits.maxEntries} entries, the limit of entries in a batch.`,
      );
    }
  }
  return {
    kind,
    path,
    total,
    skipped: 0,
    entries: () => lineEntries(kind, createReadStream(path), file, options.maxInputBytes),
  };
}
