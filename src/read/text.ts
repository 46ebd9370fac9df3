/** STUB: replaced by the real text reader. */
import type { Reader } from './types.js';
import { UnsupportedError } from '../errors.js';

export const readText: Reader = async () => {
  throw new UnsupportedError('input/not-implemented', 'The text reader is not implemented yet.');
};
