/**
 * The one place where errors become HTTP statuses: RFC 9457 problem+json bodies.
 */
import type { Request, Response } from 'express';
import type { ErrorDetail } from '../errors.js';
import {
  InputError,
  LimitError,
  NotFoundError,
  ReadoutError,
  RenderError,
  UnsupportedError,
} from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: ErrorDetail[];
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unreadable article',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Not ready',
};

export function statusFor(error: ReadoutError): number {
  if (error instanceof InputError) return error.code.startsWith('request/') ? 400 : 422;
  if (error instanceof LimitError) {
    if (error.code === 'limit/input-too-large') return 413;
    if (error.code.startsWith('limit/rate') || error.code === 'limit/queue-full') return 429;
    if (error.code === 'limit/timeout') return 503;
    return 422; // e.g. a fetched page over the fetch limit: the article cannot be read
  }
  if (error instanceof UnsupportedError)
    return error.code.startsWith('request/media-type') || error.code === 'input/url-content-type' ? 415 : 400;
  if (error instanceof NotFoundError) return error.code === 'job/not-finished' ? 409 : 404;
  if (error instanceof RenderError) return error.code === 'engine/closed' ? 503 : 500;
  return 500;
}

/** Seconds a client should wait before trying again after a 429 or 503 (the Retry-After header). */
export function retryAfterFor(status: number, code: string): number | undefined {
  if (status === 429) return code === 'limit/queue-full' ? 5 : 10;
  if (status === 503) return code === 'limit/timeout' ? 30 : 5;
  return undefined;
}

export function problem(status: number, code: string, detail: string, errors?: ErrorDetail[]): Problem {
  return {
    type: `urn:readout:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors?.length ? { errors } : {}),
  };
}

/** body-parser / http-errors errors carry `type` and `status`. */
interface HttpParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

function isParserError(error: unknown): error is HttpParserError {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
}

/** An error that is already an HTTP problem (e.g. 503 when the jobs API has no service behind it). */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'HttpProblem';
  }
}

export function problemFor(error: unknown): Problem {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof ReadoutError) {
    return problem(statusFor(error), error.code, error.message, error.details);
  }
  if (isParserError(error)) {
    switch (error.type) {
      case 'entity.too.large':
        return problem(
          413,
          'limit/input-too-large',
          'The request body is larger than the configured limit (READOUT_MAX_INPUT_BYTES).',
        );
      case 'entity.parse.failed':
        return problem(
          400,
          'request/json-syntax',
          `The request body is not valid JSON: ${error.message ?? ''}`.trim(),
        );
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return problem(
          415,
          'request/media-type',
          error.message ?? 'Unsupported content encoding or charset.',
        );
      default:
        if (error.expose && error.status && error.status < 500) {
          return problem(error.status, 'request/invalid', error.message ?? 'Invalid request.');
        }
    }
  }
  return problem(500, 'internal/error', 'An internal error occurred; it has been logged.');
}

export function sendProblem(res: Response, req: Request, body: Problem): void {
  const retryAfter = retryAfterFor(body.status, body.code);
  if (retryAfter !== undefined && !res.getHeader('Retry-After'))
    res.setHeader('Retry-After', String(retryAfter));
  res
    .status(body.status)
    .type('application/problem+json')
    .json({ ...body, instance: req.originalUrl });
}
