/**
 * The reader registry (pandoc's Readers.hs): format name → reader. The CLI, HTTP API and OpenAPI list
 * formats from this table only.
 */
import type { Ctx } from '../context.js';
import { UnsupportedError } from '../errors.js';
import type { Article } from '../model/schema.js';
import { assertSize, assertText, decodeInput } from './decode.js';
import { detectFormat } from './detect.js';
import { readHtml } from './html.js';
import { readJson } from './json.js';
import { readMarkdown } from './markdown.js';
import { readText } from './text.js';
import { INPUT_FORMATS, type InputFormat, type Reader } from './types.js';
import { readUrl } from './url.js';

export { INPUT_FORMATS, type InputFormat } from './types.js';

export const readers: Record<InputFormat, Reader> = {
  json: readJson,
  html: readHtml,
  markdown: readMarkdown,
  text: readText,
  url: readUrl,
};

export function isInputFormat(value: string): value is InputFormat {
  return (INPUT_FORMATS as readonly string[]).includes(value);
}

export function parseInputFormat(value: string | undefined): InputFormat | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (isInputFormat(value)) return value;
  throw new UnsupportedError(
    'input/unknown-format',
    `Unknown input format "${value}"; expected one of: auto, ${INPUT_FORMATS.join(', ')}.`,
  );
}

export interface ArticleInput {
  /** Raw bytes (files, uploads) or already-decoded text (JSON request fields, stdin as text). */
  data: Uint8Array | string;
  format?: InputFormat | 'auto';
  /** File name or URL, for messages and detection. */
  name?: string;
  baseUrl?: string;
  /** Charset declared outside the bytes (HTTP Content-Type). */
  charset?: string;
}

export interface ReadResult {
  article: Article;
  format: InputFormat;
  /** The decoded input text (for `url`: the URL), to which text runs' `source` offsets refer. */
  text: string;
}

/** Decodes, checks, detects the format and reads one input into an Article. */
export async function readArticle(input: ArticleInput, ctx: Ctx): Promise<ReadResult> {
  const label = input.name ? `"${input.name}"` : 'The input';
  let text: string;
  if (typeof input.data === 'string') {
    assertSize(Buffer.byteLength(input.data), ctx.config.maxInputBytes, label);
    assertText(input.data, label);
    text = input.data;
  } else {
    text = decodeInput(input.data, { maxBytes: ctx.config.maxInputBytes, label, charset: input.charset });
  }
  const format = !input.format || input.format === 'auto' ? detectFormat(text, input.name) : input.format;
  const reader = readers[format];
  const article = await reader(
    {
      text: format === 'url' ? text.trim() : text,
      ...(input.name ? { name: input.name } : {}),
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
    },
    ctx,
  );
  return { article, format, text };
}
