/** STUB: replaced by the real json reader. */
import type { Reader } from './types.js';
import { UnsupportedError } from '../errors.js';

export const readJson: Reader = async () => {
  throw new UnsupportedError('input/not-implemented', 'The json reader is not implemented yet.');
};
