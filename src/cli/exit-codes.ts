/** The one place where errors become CLI exit codes: 0 ok, 2 bad input or usage, 1 internal error. */
import { ConfigError } from '../config.js';
import { isCallerError, ReadoutError } from '../errors.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

/** Bad input, bad usage and a bad setting (an environment variable) are the caller's to fix: 2. */
export function exitCodeFor(error: unknown): number {
  return isCallerError(error) || error instanceof ConfigError ? EXIT_INPUT : EXIT_INTERNAL;
}

/** One line for stderr: the message, with details folded in; never a stack trace for caller errors. */
export function errorLine(error: unknown): string {
  if (error instanceof ReadoutError) {
    const details = error.details
      .slice(0, 5)
      .map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))
      .join('; ');
    const more = error.details.length > 5 ? `; and ${error.details.length - 5} more` : '';
    return `${error.message}${details && !error.message.includes(details) ? ` [${details}${more}]` : ''}`.replace(
      /\s*\n\s*/g,
      ' ',
    );
  }
  return error instanceof Error ? error.message : String(error);
}
