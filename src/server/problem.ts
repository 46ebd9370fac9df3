/**
 * The one place where errors become HTTP statuses: RFC 9457 problem+json bodies.
 */
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
    return 422; // e.g. a fetched page over the fetch limit: the article cannot be read
  }
  if (error instanceof UnsupportedError)
    return error.code.startsWith('request/media-type') || error.code === 'input/url-content-type' ? 415 : 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof RenderError) return 500;
  return 500;
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

export function problemFor(error: unknown): Problem {
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
