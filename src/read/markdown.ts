/** STUB: replaced by the real markdown reader. */
import type { Reader } from './types.js';
import { UnsupportedError } from '../errors.js';

export const readMarkdown: Reader = async () => {
  throw new UnsupportedError('input/not-implemented', 'The markdown reader is not implemented yet.');
};
