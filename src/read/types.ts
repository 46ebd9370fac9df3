/** The reader contract: one function per input format, each returning an Article or throwing an InputError. */
import type { Ctx } from '../context.js';
import type { Article } from '../model/schema.js';

export const INPUT_FORMATS = ['json', 'html', 'markdown', 'text', 'url'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface ReaderInput {
  /** The decoded input text (for `url`: the URL). */
  text: string;
  /** A file name or URL, for messages and format detection. */
  name?: string;
  /** Base URL for resolving relative links and images (the page URL). */
  baseUrl?: string;
}

export type Reader = (input: ReaderInput, ctx: Ctx) => Promise<Article>;
