/** The writer contract: one function per output format, each with its own options type (pandoc's `Writer`). */
import type { Ctx } from '../context.js';
import type { Article } from '../model/schema.js';

/** A further file a writer produces beside its main one (e.g. `ssml/polly/part-001.ssml`). */
export interface WriterFile {
  /** Relative path inside the export, `/`-separated, no `..` (checked by exportArticle). */
  path: string;
  bytes: Uint8Array;
  mediaType: string;
}

/** What a writer produces: the main file's bytes, its media type and extension (no dot), and any further files. */
export interface WriterOutput {
  bytes: Uint8Array;
  mediaType: string;
  extension: string;
  extraFiles?: WriterFile[];
}

export type Writer<O> = (article: Article, options: O, ctx: Ctx) => Promise<WriterOutput>;
