/** Request bodies of the HTTP API (zod), shared with the OpenAPI document later. */
import { z } from 'zod';
import { InputError, UnsupportedError } from '../errors.js';
import type { ArticleInput, InputFormat } from '../read/index.js';

const SOURCE_FIELDS = ['article', 'html', 'text', 'markdown', 'url'] as const;

const sourceShape = {
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
};

export const ConvertRequest = z
  .object({
    ...sourceShape,
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: "Options of the format's writer (see the writer option schemas)." }),
  })
  .strict()
  .meta({
    description: 'One article as a source field, with the writer options of the format converted to.',
  });
export type ConvertRequest = z.infer<typeof ConvertRequest>;

/** The JSON body of `POST /v1/exports` (formats and options are checked against the writer registry after). */
export const ExportJobRequest = z
  .object({
    ...sourceShape,
    formats: z.array(z.string()).min(1).meta({ description: 'Output formats to write.' }),
    options: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .meta({ description: 'Writer options keyed by format, e.g. {"ssml": {"engines": ["polly"]}}.' }),
  })
  .strict();
export type ExportJobRequest = z.infer<typeof ExportJobRequest>;

/**
 * The same request as documented in the OpenAPI document: formats from the writer registry and each
 * format's own option schema.
 */
export function exportJobRequestDoc(
  formats: readonly string[],
  optionSchemas: Record<string, z.ZodType>,
): z.ZodType {
  const options = z
    .object(Object.fromEntries(formats.map((f) => [f, optionSchemas[f]!.optional()])))
    .strict()
    .optional()
    .meta({ description: 'Writer options keyed by format.' });
  return z
    .object({
      ...sourceShape,
      formats: z
        .array(z.enum(formats as [string, ...string[]]))
        .min(1)
        .meta({ description: 'Output formats to write.' }),
      options,
    })
    .strict()
    .meta({
      description:
        'An export job: exactly one source field (article, html, text, markdown or url), the formats and their options.',
    });
}

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

type SourceFields = Pick<ConvertRequest, (typeof SOURCE_FIELDS)[number] | 'baseUrl'>;

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('request/body', 'The request body must be a JSON object.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    throw new InputError(
      'request/invalid',
      `Invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  return parsed.data;
}

/** Validates a JSON request body and returns the article input it names. */
export function inputFromJsonBody(body: unknown): { input: ArticleInput; options: Record<string, unknown> } {
  const data = parseBody(ConvertRequest, body);
  return { input: inputFromFields(data), options: data.options ?? {} };
}

/** Validates the JSON body of an export job. */
export function exportFromJsonBody(body: unknown): {
  input: ArticleInput;
  formats: string[];
  options: Record<string, unknown>;
} {
  const data = parseBody(ExportJobRequest, body);
  return { input: inputFromFields(data), formats: data.formats, options: data.options ?? {} };
}

/** The one source field of a request (JSON body or form fields). */
export function inputFromFields(fields: SourceFields): ArticleInput {
  const present = SOURCE_FIELDS.filter((f) => fields[f] !== undefined);
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
  const value = fields[field];
  const text = field === 'article' ? JSON.stringify(value) : (value as string);
  return {
    data: text,
    format: FIELD_FORMAT[field],
    name: field === 'url' ? text : `request.${field}`,
    ...(fields.baseUrl ? { baseUrl: fields.baseUrl } : {}),
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
