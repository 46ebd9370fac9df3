/**
 * Multipart export requests, in the manner of Gotenberg's form API: a `file` field with the article
 * (format from its name or Content-Type, or an `inputFormat` field), or one of the source fields
 * (`text`, `html`, `markdown`, `url`, `article`) as a form field; plus `formats` (comma-separated,
 * repeated, or a JSON array) and `options` (JSON keyed by format).
 */
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import type { Config } from '../config.js';
import { InputError, LimitError } from '../errors.js';
import { type ArticleInput, parseInputFormat } from '../read/index.js';
import { inputFromFields } from './requests.js';

const FORM_FIELDS = [
  'formats',
  'options',
  'inputFormat',
  'baseUrl',
  'text',
  'html',
  'markdown',
  'url',
  'article',
];

export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
}

/** Parses a multipart body into req.file / req.body, turning multer's errors into typed ones. */
export function multipartBody(config: Pick<Config, 'maxInputBytes'>) {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: config.maxInputBytes,
      fieldSize: config.maxInputBytes,
      files: 1,
      fields: 20,
      parts: 21,
    },
  }).single('file');
  return (req: Request, res: Response, next: NextFunction): void => {
    upload(req, res, (error?: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE' || error.code === 'LIMIT_FIELD_VALUE') {
          return next(
            new LimitError(
              'limit/input-too-large',
              `The ${error.field ? `"${error.field}" ` : ''}part is larger than the limit of ${config.maxInputBytes} bytes (READOUT_MAX_INPUT_BYTES).`,
            ),
          );
        }
        const hint =
          error.code === 'LIMIT_UNEXPECTED_FILE' ? ': send the article in a part named "file"' : '';
        return next(
          new InputError(
            'request/multipart',
            `Invalid multipart request: ${error.message}${error.field ? ` (${error.field})` : ''}${hint}.`,
          ),
        );
      }
      next(new InputError('request/multipart', `Malformed multipart body: ${(error as Error).message}.`));
    });
  };
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (Array.isArray(v)) return v.join(',');
  return typeof v === 'string' ? v : undefined;
}

function parseJsonField(body: Record<string, unknown>, name: string): unknown {
  const raw = field(body, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new InputError(
      'request/invalid',
      `The "${name}" field is not valid JSON: ${(error as Error).message}`,
      [{ path: name, message: 'not valid JSON' }],
    );
  }
}

/** The export request of a parsed multipart body. */
export function exportFromMultipart(req: Request): {
  input: ArticleInput;
  formats: string[];
  options: Record<string, unknown>;
} {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(body).filter((k) => !FORM_FIELDS.includes(k));
  if (unknown.length) {
    throw new InputError(
      'request/invalid',
      `Unknown form field(s): ${unknown.join(', ')}; expected: file, ${FORM_FIELDS.join(', ')}.`,
      unknown.map((k) => ({ path: k, message: 'unknown field' })),
    );
  }
  const rawFormats = field(body, 'formats')?.trim() ?? '';
  const formats = rawFormats.startsWith('[')
    ? (parseJsonField(body, 'formats') as unknown[]).map(String)
    : rawFormats
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
  if (formats.length === 0) {
    throw new InputError(
      'request/invalid',
      'The "formats" field is missing: name one or more output formats.',
      [{ path: 'formats', message: 'required' }],
    );
  }
  const options = parseJsonField(body, 'options') ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InputError('request/invalid', 'The "options" field must be a JSON object keyed by format.', [
      { path: 'options', message: 'must be an object' },
    ]);
  }
  const format = parseInputFormat(field(body, 'inputFormat'));
  const sources = ['text', 'html', 'markdown', 'url', 'article'].filter((k) => field(body, k) !== undefined);
  let input: ArticleInput;
  if (req.file) {
    if (sources.length) {
      throw new InputError(
        'request/source',
        `The request has a file and ${sources.join(', ')}; give exactly one source.`,
      );
    }
    if (req.file.size === 0) throw new InputError('request/empty', 'The uploaded file is empty.');
    const charset = /charset=("?)([^";]+)\1/i.exec(req.file.mimetype)?.[2];
    input = {
      data: req.file.buffer,
      format,
      name: req.file.originalname || 'upload',
      ...(charset ? { charset } : {}),
    };
  } else {
    const article = parseJsonField(body, 'article');
    input = inputFromFields({
      article: article as Record<string, unknown> | undefined,
      text: field(body, 'text'),
      html: field(body, 'html'),
      markdown: field(body, 'markdown'),
      url: field(body, 'url'),
      baseUrl: field(body, 'baseUrl'),
    });
  }
  const baseUrl = field(body, 'baseUrl');
  return {
    input: { ...input, ...(baseUrl ? { baseUrl } : {}) },
    formats,
    options: options as Record<string, unknown>,
  };
}
