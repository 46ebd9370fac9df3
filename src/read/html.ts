/** STUB: replaced by the real html reader. */
import type { Reader } from './types.js';
import { UnsupportedError } from '../errors.js';

export const readHtml: Reader = async () => {
  throw new UnsupportedError('input/not-implemented', 'The html reader is not implemented yet.');
};
