/**
 * The input of `POST /v1/batches`, written straight to disk (an archive may be far larger than one article,
 * and is never held in memory): a multipart upload (field `file`, via multer's disk storage) or the raw body
 * (its Content-Type names the kind). Parameters come as query parameters or form fields: `to`, `options`,
 * `anthology`, `anthologyTitle`.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import type { SourceKind } from '../batch/source-types.js';
import { InputError, LimitError, UnsupportedError } from '../errors.js';
import { type BatchParams, safeInputName } from '../jobs/batch-service.js';

const PARAMS = ['to', 'options', 'anthology', 'anthologyTitle'] as const;

/** Raw body media types → kind of input and the name it is stored under. */
const RAW_KINDS: Record<string, { kind: SourceKind; name: string }> = {
  'application/x-ndjson': { kind: 'jsonl', name: 'batch.jsonl' },
  'application/jsonl': { kind: 'jsonl', name: 'batch.jsonl' },
  'application/json-lines': { kind: 'jsonl', name: 'batch.jsonl' },
  'application/zip': { kind: 'zip', name: 'batch.zip' },
  'application/x-zip-compressed': { kind: 'zip', name: 'batch.zip' },
  'application/gzip': { kind: 'tar', name: 'batch.tar.gz' },
  'application/x-gzip': { kind: 'tar', name: 'batch.tar.gz' },
  'application/x-tar': { kind: 'tar', name: 'batch.tar' },
  'application/x-gtar': { kind: 'tar', name: 'batch.tar.gz' },
  'text/uri-list': { kind: 'urls', name: 'batch.urls' },
  'text/plain': { kind: 'urls', name: 'batch.urls' },
};

export const BATCH_MEDIA_TYPES = Object.keys(RAW_KINDS);

export interface StagedInput {
  /** The file on disk (in the service's incoming folder). */
  file: string;
  name: string;
  kind?: SourceKind;
  params: BatchParams;
}

function tooLarge(limit: number): LimitError {
  return new LimitError(
    'limit/input-too-large',
    `The batch input is larger than the limit of ${limit} bytes (READOUT_MAX_BATCH_BYTES).`,
  );
}

/** Parses a multipart body, the `file` part streamed to `dir`. */
/** `limit`: the largest upload in bytes (READOUT_MAX_BATCH_BYTES). */
export function batchMultipart(dir: () => string, limit: number) {
  const upload = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, cb) => cb(null, dir()),
      filename: (_req, _file, cb) => cb(null, `${randomUUID()}.upload`),
    }),
    limits: { fileSize: limit, fieldSize: 1024 * 1024, files: 1, fields: 10, parts: 11 },
  }).single('file');
  return (req: Request, res: Response, next: NextFunction): void => {
    upload(req, res, (error?: unknown) => {
      if (!error) return next();
      if (req.file?.path) void rm(req.file.path, { force: true });
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') return next(tooLarge(limit));
        const hint = error.code === 'LIMIT_UNEXPECTED_FILE' ? ': send the input in a part named "file"' : '';
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

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'string' ? value : undefined;
}

/** The batch parameters from form fields (multipart) or else the query string. */
export function batchParams(req: Request): BatchParams {
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const unknown = Object.keys(body).filter((k) => !(PARAMS as readonly string[]).includes(k));
  if (unknown.length) {
    throw new InputError(
      'request/invalid',
      `Unknown form field(s): ${unknown.join(', ')}; expected: file, ${PARAMS.join(', ')}.`,
      unknown.map((k) => ({ path: k, message: 'unknown field' })),
    );
  }
  const get = (name: (typeof PARAMS)[number]) => text(body[name]) ?? text(req.query[name]);
  const formats = (get('to') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (!formats.length) {
    throw new InputError('request/invalid', 'Name the output formats: to=html,epub (comma-separated).', [
      { path: 'to', message: 'required' },
    ]);
  }
  let options: Record<string, unknown> | undefined;
  const rawOptions = get('options');
  if (rawOptions?.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawOptions);
    } catch (error) {
      throw new InputError('request/invalid', `"options" is not valid JSON: ${(error as Error).message}`, [
        { path: 'options', message: 'not valid JSON' },
      ]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InputError('request/invalid', '"options" must be a JSON object keyed by format.', [
        { path: 'options', message: 'must be an object' },
      ]);
    }
    options = parsed as Record<string, unknown>;
  }
  const anthologyRaw = get('anthology')?.trim();
  const anthology =
    anthologyRaw === undefined || anthologyRaw === '' || anthologyRaw === 'false'
      ? undefined
      : anthologyRaw === 'true'
        ? true
        : anthologyRaw;
  const anthologyTitle = get('anthologyTitle');
  return {
    formats,
    ...(options ? { options } : {}),
    ...(anthology !== undefined ? { anthology } : {}),
    ...(anthologyTitle ? { anthologyTitle } : {}),
  };
}

/** A multipart request's input (after batchMultipart). */
export function multipartInput(req: Request): StagedInput {
  const params = batchParams(req);
  if (!req.file) {
    throw new InputError('request/source', 'Send the batch input as a file part named "file".', [
      { path: 'file', message: 'required' },
    ]);
  }
  if (req.file.size === 0) throw new InputError('request/empty', 'The uploaded file is empty.');
  return { file: req.file.path, name: safeInputName(req.file.originalname, 'batch'), params };
}

function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A raw body's input: its kind from the Content-Type, its bytes streamed to `dir`, bounded. */
export async function rawInput(req: Request, dir: string, maxBytes: number): Promise<StagedInput> {
  const mediaType = mediaTypeOf(req);
  const raw = RAW_KINDS[mediaType];
  if (!raw) {
    throw new UnsupportedError(
      'request/media-type',
      `Unsupported Content-Type "${mediaType || '(none)'}" for a batch; send multipart/form-data with a "file" part, or one of: ${BATCH_MEDIA_TYPES.join(', ')}.`,
    );
  }
  // Checked before the body is read: a bad request costs no upload.
  const params = batchParams(req);
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const file = join(dir, `${randomUUID()}.upload`);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > maxBytes) cb(tooLarge(maxBytes));
      else cb(null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    if (error instanceof LimitError) throw error;
    throw new InputError('request/body', `The request body could not be read: ${(error as Error).message}.`);
  }
  if (size === 0) {
    await rm(file, { force: true });
    throw new InputError('request/empty', 'The request body is empty.');
  }
  const name = typeof req.query.name === 'string' ? safeInputName(req.query.name, raw.name) : raw.name;
  return { file, name, kind: raw.kind, params };
}
