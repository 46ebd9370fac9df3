/**
 * Typed errors. The core throws these; only `src/server` maps them to HTTP statuses and only
 * `src/cli` maps them to exit codes. Every error has a stable `code` (`area/what`).
 */

export interface ErrorDetail {
  /** Where the problem is: a JSON path (`blocks[3].children`), a field name, a line number… */
  path?: string;
  message: string;
}

export abstract class ReadoutError extends Error {
  abstract readonly kind: 'input' | 'limit' | 'render' | 'unsupported' | 'not-found' | 'internal';
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(code: string, message: string, details: ErrorDetail[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
    this.name = new.target.name;
  }

  toJSON(): { code: string; message: string; details?: ErrorDetail[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.details.length ? { details: this.details } : {}),
    };
  }
}

/** The input is unreadable or invalid: the caller must change it (HTTP 4xx, CLI exit 2). */
export class InputError extends ReadoutError {
  readonly kind = 'input' as const;
}

/** The input or request exceeds a configured limit (HTTP 413/429, CLI exit 2). */
export class LimitError extends ReadoutError {
  readonly kind = 'limit' as const;
}

/** A format, option or media type the service does not support (HTTP 415/400, CLI exit 2). */
export class UnsupportedError extends ReadoutError {
  readonly kind = 'unsupported' as const;
}

/** Something that exists nowhere (an unknown job or file). */
export class NotFoundError extends ReadoutError {
  readonly kind = 'not-found' as const;
}

/** A writer or external engine failed on valid input (HTTP 500/503, CLI exit 1). */
export class RenderError extends ReadoutError {
  readonly kind = 'render' as const;
}

/** True for errors the caller caused (bad input, limits, unsupported): never retried. */
export function isCallerError(error: unknown): error is InputError | LimitError | UnsupportedError {
  return error instanceof InputError || error instanceof LimitError || error instanceof UnsupportedError;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why work whose AbortSignal fired stops: the caller's reason when it is a readout error (a request's
 * `limit/timeout`), otherwise `render/cancelled` (a job cancelled, a client gone, a shutdown).
 */
export function cancellation(signal: AbortSignal): ReadoutError {
  if (signal.reason instanceof ReadoutError) return signal.reason;
  return new RenderError('render/cancelled', 'The export was cancelled before it finished.', [], {
    cause: signal.reason,
  });
}

/** Throws `cancellation(signal)` when the signal has fired (checked between the stages of an export). */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancellation(signal);
}
