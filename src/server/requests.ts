/** Request bodies of the HTTP API (zod), shared with the OpenAPI document later. */
import { z } from 'zod';
import { InputError, UnsupportedError } from '../errors.js';
import type { ArticleInput, InputFormat } from '../read/index.js';

const SOURCE_FIELDS = ['article', 'html', 'text', 'markdown', 'url'] as const;

export const ConvertRequest = z
  .object({
    article: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'An Article (the model) as JSON.' }),
    html: z.string().optional().meta({ description: 'A web page or HTML fragment.' }),
    text: z.string().optional().meta({ description: 'Plain text, e.g. a text dump of a web page.' }),
    markdown: z.string().optional().meta({ description: 'CommonMark with optional YAML front matter.' }),
    url: z
      .string()
      .optional()
      .meta({ description: 'An http(s) URL to fetch (private addresses are refused).' }),
    baseUrl: z.string().url().optional().meta({ description: 'Base URL for relative links in html.' }),
    options: z.record(z.string(), z.unknown()).optional().meta({ description: 'Writer options.' }),
  })
  .strict();
export type ConvertRequest = z.infer<typeof ConvertRequest>;

const FIELD_FORMAT: Record<(typeof SOURCE_FIELDS)[number], InputFormat> = {
  article: 'json',
  html: 'html',
  text: 'text',
  markdown: 'markdown',
  url: 'url',
};

function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({
    path: i.path.length ? i.path.join('.') : '(body)',
    message: i.message,
  }));
}

/** Validates a JSON request body and returns the article input it names. */
export function inputFromJsonBody(body: unknown): { input: ArticleInput; options: Record<string, unknown> } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('request/body', 'The request body must be a JSON object.');
  }
  const parsed = ConvertRequest.safeParse(body);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    throw new InputError(
      'request/invalid',
      `Invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  const present = SOURCE_FIELDS.filter((f) => parsed.data[f] !== undefined);
  if (present.length !== 1) {
    throw new InputError(
      'request/source',
      present.length === 0
        ? `The request needs one of: ${SOURCE_FIELDS.join(', ')}.`
        : `The request has ${present.join(' and ')}; give exactly one of: ${SOURCE_FIELDS.join(', ')}.`,
      [
        {
          path: present.join(',') || SOURCE_FIELDS.join('|'),
          message: 'exactly one source field is required',
        },
      ],
    );
  }
  const field = present[0]!;
  const value = parsed.data[field];
  const data = field === 'article' ? JSON.stringify(value) : (value as string);
  return {
    input: {
      data,
      format: FIELD_FORMAT[field],
      name: field === 'url' ? data : `request.${field}`,
      ...(parsed.data.baseUrl ? { baseUrl: parsed.data.baseUrl } : {}),
    },
    options: parsed.data.options ?? {},
  };
}

const RAW_TYPES: Record<string, InputFormat> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};

export const RAW_MEDIA_TYPES = Object.keys(RAW_TYPES);

/** An article sent as the raw body (Content-Type text/html, text/plain, text/markdown). */
export function inputFromRawBody(mediaType: string, body: Uint8Array, charset?: string): ArticleInput {
  const format = RAW_TYPES[mediaType];
  if (!format) {
    throw new UnsupportedError(
      'request/media-type',
      `Unsupported Content-Type "${mediaType}"; send application/json or one of: ${RAW_MEDIA_TYPES.join(', ')}.`,
    );
  }
  return { data: body, format, name: 'request body', ...(charset ? { charset } : {}) };
}
