/** The writer contract: one function per output format, each with its own options type (pandoc's `Writer`). */
import type { Ctx } from '../context.js';
import type { Article } from '../model/schema.js';

/** What a writer produces: the file's bytes, its media type and the usual file extension (no dot). */
export interface WriterOutput {
  bytes: Uint8Array;
  mediaType: string;
  extension: string;
}

export type Writer<O> = (article: Article, options: O, ctx: Ctx) => Promise<WriterOutput>;
