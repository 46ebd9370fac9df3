/** STUB: replaced by the real url reader. */
import type { Reader } from './types.js';
import { UnsupportedError } from '../errors.js';

export const readUrl: Reader = async () => {
  throw new UnsupportedError('input/not-implemented', 'The url reader is not implemented yet.');
};
