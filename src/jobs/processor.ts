/**
 * The one job processor, used by the embedded queue and by BullMQ workers alike (BullMQ's
 * `Processor = (job, token, signal)` idea): read the stored input, run `exportArticle`, write the files
 * into the file store, return the result. It never touches the job record: each queue records the outcome.
 */
import { hostname } from 'node:os';
import type { Config } from '../config.js';
import { createCtx } from '../context.js';
import { errorMessage, ReadoutError, throwIfCancelled } from '../errors.js';
import { exportArticle } from '../export.js';
import type { Fetcher } from '../net/fetcher.js';
import type { ArticleInput } from '../read/index.js';
import type { FileStore } from './files.js';
import type { ExportJob, JobError, JobResult } from './types.js';

export interface ProcessorDeps {
  config: Config;
  fetcher: Fetcher;
  files: FileStore;
}

export type JobProcessor = (job: ExportJob, signal: AbortSignal) => Promise<JobResult>;

export const WORKER_NAME = `${hostname()}:${process.pid}`;

async function storedInput(job: ExportJob, files: FileStore): Promise<ArticleInput> {
  const bytes = await files.readInput(job.id);
  const { input } = job;
  return {
    data: input.text ? bytes.toString('utf8') : bytes,
    format: input.format as ArticleInput['format'],
    ...(input.name ? { name: input.name } : {}),
    ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
    ...(input.charset ? { charset: input.charset } : {}),
  };
}

export function createProcessor(deps: ProcessorDeps): JobProcessor {
  return async (job, signal) => {
    throwIfCancelled(signal);
    const started = performance.now();
    // A job cancelled or stopped meanwhile stops its fetches, its PDF and its speech, and writes nothing.
    const ctx = createCtx({ config: deps.config, fetcher: deps.fetcher, signal });
    const result = await exportArticle(
      { input: await storedInput(job, deps.files), formats: job.formats, options: job.options },
      ctx,
    );
    throwIfCancelled(signal);
    await deps.files.writeOutputs(
      job.id,
      result.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    );
    return {
      article: { id: result.article.id, title: result.article.title, lang: result.article.lang },
      inputFormat: result.inputFormat,
      files: result.files.map((f) => ({
        name: f.name,
        format: f.format,
        mediaType: f.mediaType,
        size: f.size,
        sha256: f.sha256,
      })),
      warnings: result.warnings,
      accessibility: result.accessibility,
      speakers: result.article.speakers.map((s) => ({ id: s.id, name: s.name })),
      durationMs: Math.round(performance.now() - started),
      worker: WORKER_NAME,
    };
  };
}

/** A failure as stored in the job record (never a stack trace; messages of typed errors only). */
export function jobErrorOf(error: unknown): JobError {
  if (error instanceof ReadoutError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.details.length ? { details: error.details } : {}),
    };
  }
  return { code: 'internal/error', message: `The export failed: ${errorMessage(error)}` };
}
