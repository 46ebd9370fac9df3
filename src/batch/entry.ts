/**
 * One entry of a batch: export it with its own context (own report, own image store) and leave the
 * result in the cache. `exportEntryToCache` is what every runner calls — inline, in a worker thread, or
 * (later) in a BullMQ worker on another machine sharing the cache folder. Jobs and outcomes are plain data
 * so they can cross a thread or a queue.
 */
import type { Config } from '../config.js';
import { createCtx } from '../context.js';
import { type ErrorDetail, errorMessage, ReadoutError } from '../errors.js';
import { type ExportRequest, exportArticle } from '../export.js';
import type { Fetcher } from '../net/fetcher.js';
import type { ArticleInput } from '../read/index.js';
import { type CachedRecord, ResultCache } from './cache.js';

/** Everything needed to export one entry; serialisable (structured clone, JSON with the bytes in base64). */
export interface EntryJob {
  /** The cache key (computed by the batch from the input and the request). */
  key: string;
  input: ArticleInput;
  /** Directory sources: the folder local images may be read from. */
  baseDir?: string;
  formats: readonly string[];
  options?: ExportRequest['options'];
  /** The cache folder the result must be written to. */
  cacheDir: string;
}

/** Why an entry failed, as data (the typed error's kind, code, message and details). */
export interface EntryError {
  kind: ReadoutError['kind'];
  code: string;
  message: string;
  details?: ErrorDetail[];
}

export type EntryOutcome = { ok: true; record: CachedRecord } | { ok: false; error: EntryError };

/** Runs one entry to completion, never throwing for a bad entry. Replaceable (threads, a queue…). */
export type RunEntry = (job: EntryJob) => Promise<EntryOutcome>;

export interface EntryEnv {
  config: Config;
  fetcher: Fetcher;
  now?: () => Date;
}

export function entryError(error: unknown): EntryError {
  if (error instanceof ReadoutError) {
    return {
      kind: error.kind,
      code: error.code,
      message: error.message,
      ...(error.details.length ? { details: error.details } : {}),
    };
  }
  // Not a typed error: a bug or an engine crash. It fails this entry only.
  return { kind: 'internal', code: 'internal/error', message: errorMessage(error) };
}

/** Exports one entry into the cache (the unit of work of every runner). */
export async function exportEntryToCache(job: EntryJob, env: EntryEnv): Promise<EntryOutcome> {
  const ctx = createCtx({ config: env.config, fetcher: env.fetcher, ...(env.now ? { now: env.now } : {}) });
  if (job.baseDir && job.input.format !== 'url') ctx.baseDir = job.baseDir;
  try {
    const result = await exportArticle({ input: job.input, formats: job.formats, options: job.options }, ctx);
    const record = await new ResultCache(job.cacheDir).put(job.key, result, ctx.images, ctx.now());
    return { ok: true, record };
  } catch (error) {
    return { ok: false, error: entryError(error) };
  }
}

/** The default runner: entries run in this thread (their I/O overlaps; their CPU work does not). */
export function inlineRunner(env: EntryEnv): RunEntry {
  return (job) => exportEntryToCache(job, env);
}
