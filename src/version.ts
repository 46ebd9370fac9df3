/** The readout version (from package.json), part of every cache key and manifest. */
import { readFileSync } from 'node:fs';
import { projectRoot } from './paths.js';

export const VERSION: string = (
  JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')) as { version: string }
).version;
