/**
 * The batch runner: pulls entries from a source one at a time, runs up to `concurrency` of them at once
 * (each with its own context, through a pluggable RunEntry), skips entries the cache already holds, puts
 * every finished entry's files into the sink as soon as it is done, records failures without stopping,
 * and ends with `manifest.json` (and optionally an anthology EPUB of every article that succeeded).
 * Memory does not grow with the batch: only the entries in flight are held, plus one small manifest
 * record per entry.
 */
import { availableParallelism } from 'node:os';
import type { Config } from '../config.js';
import { createCtx } from '../context.js';
import { InputError } from '../errors.js';
import { type ExportRequest, safeRelativePath, sha256 } from '../export.js';
import type { Fetcher } from '../net/fetcher.js';
import { Report } from '../report.js';
import { VERSION } from '../version.js';
import { type AnthologyPart, writeAnthology } from '../write/epub/index.js';
import { AnthologyOptions } from '../write/epub/options.js';
import { type OutputFormat, parseOutputFormats, parseWriterOptions } from '../write/index.js';
import { CACHE_FOLDER, type CachedRecord, cacheKey, ResultCache } from './cache.js';
import { type EntryError, entryError, inlineRunner, type RunEntry } from './entry.js';
import {
  type AnthologyResult,
  type BatchEvent,
  type BatchManifest,
  type BatchProgress,
  type ManifestEntry,
  totalsOf,
} from './manifest.js';
import { FolderNamer } from './naming.js';
import type { BatchSink } from './sink.js';
import type { BatchSource, SourceEntry } from './source-types.js';

export { CACHE_FOLDER };

export interface BatchRequest {
  source: BatchSource;
  sink: BatchSink;
  /** Output format names (checked before anything runs). */
  formats: readonly string[];
  /** Writer options by format (checked before anything runs). */
  options?: ExportRequest['options'];
  /** The result cache folder (conventionally `<output folder>/.readout-cache`). */
  cacheDir: string;
  /** Entries in flight at once (default: the number of cores). */
  concurrency?: number;
  /** An anthology EPUB of every article that succeeded, at `path` inside the output. */
  anthology?: { path: string; options?: unknown };
  /** Stops taking new entries; those in flight finish and the manifest says `interrupted`. */
  signal?: AbortSignal;
  onEvent?: (event: BatchEvent) => void;
}

export interface BatchDeps {
  config: Config;
  /** The fetcher of the inline runner (and of the anthology, which fetches nothing). */
  fetcher: Fetcher;
  /** Runs one entry into the cache (default: inline in this thread; see threads.ts, or a queue). */
  runEntry?: RunEntry;
  now?: () => Date;
}

interface Numbered extends SourceEntry {
  index: number;
  folder: string;
}

async function* numbered(source: BatchSource): AsyncGenerator<Numbered, void, undefined> {
  const namer = new FolderNamer();
  let index = 0;
  for await (const entry of source.entries()) {
    index += 1;
    yield { ...entry, index, folder: namer.next(entry.name) };
  }
}

/**
 * Checks a batch's formats, writer options (only for requested formats) and anthology before anything runs;
 * shared by runBatch and the HTTP routes (which check before accepting a batch).
 */
export function checkBatchRequest(request: Pick<BatchRequest, 'formats' | 'options' | 'anthology'>) {
  const formats = parseOutputFormats(request.formats);
  const given = request.options ?? {};
  const unknown = Object.keys(given).filter((k) => !formats.includes(k as OutputFormat));
  if (unknown.length) {
    throw new InputError(
      'request/options',
      `Options are keyed by requested format (${formats.join(', ')}); not requested: ${unknown.join(', ')}.`,
      unknown.map((k) => ({ path: `options.${k}`, message: 'not a requested format' })),
    );
  }
  const options = new Map<OutputFormat, Record<string, unknown>>(
    formats.map((f) => [f, parseWriterOptions(f, given[f])]),
  );
  let anthology: { path: string; options: AnthologyOptions } | undefined;
  if (request.anthology) {
    const path = request.anthology.path;
    let safe = false;
    try {
      safe = safeRelativePath(path) === path;
    } catch {
      safe = false;
    }
    if (!/\.epub$/i.test(path) || !safe || path === 'manifest.json') {
      throw new InputError(
        'request/anthology',
        `The anthology must be a file name ending in .epub, relative, without "..": "${path}".`,
        [{ path: 'anthology', message: 'not a relative .epub file name' }],
      );
    }
    const parsed = AnthologyOptions.safeParse(request.anthology.options ?? {});
    if (!parsed.success) {
      throw new InputError(
        'request/options',
        `Invalid anthology options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    anthology = { path, options: parsed.data };
  }
  return { formats, options, anthology };
}

class Progress {
  done = 0;
  cached = 0;
  failed = 0;
  constructor(
    readonly started: number,
    readonly total: number | undefined,
  ) {}

  add(entry: ManifestEntry): void {
    this[entry.status] += 1;
  }

  snapshot(): BatchProgress {
    const finished = this.done + this.cached + this.failed;
    const elapsedMs = performance.now() - this.started;
    const perMinute = elapsedMs > 0 ? (finished / elapsedMs) * 60_000 : 0;
    const left = this.total === undefined ? undefined : Math.max(0, this.total - finished);
    return {
      total: this.total,
      finished,
      done: this.done,
      cached: this.cached,
      failed: this.failed,
      elapsedMs,
      perMinute,
      etaMs: left === undefined || perMinute === 0 ? undefined : (left / perMinute) * 60_000,
    };
  }
}

/** Runs a batch to the end and returns its manifest (also written as `manifest.json` into the sink). */
export async function runBatch(request: BatchRequest, deps: BatchDeps): Promise<BatchManifest> {
  const { formats, options, anthology } = checkBatchRequest(request);
  const { source, sink, signal } = request;
  const emit = request.onEvent ?? (() => {});
  const now = deps.now ?? (() => new Date());
  const cache = new ResultCache(request.cacheDir);
  await cache.clean();
  const runEntry = deps.runEntry ?? inlineRunner({ config: deps.config, fetcher: deps.fetcher, now });
  const concurrency = Math.max(1, Math.floor(request.concurrency ?? availableParallelism()));
  const startedAt = now();
  const progress = new Progress(performance.now(), source.total);
  const entries: ManifestEntry[] = [];

  emit({ type: 'start', source: { path: source.path, kind: source.kind }, total: source.total, formats });

  const failed = (entry: Numbered, error: EntryError, started: number, key?: string): ManifestEntry => ({
    index: entry.index,
    input: entry.name,
    status: 'failed',
    folder: entry.folder,
    files: [],
    warnings: [],
    error,
    ...(key ? { cacheKey: key } : {}),
    ms: performance.now() - started,
  });

  const place = async (
    entry: Numbered,
    key: string,
    record: CachedRecord,
    cached: boolean,
    started: number,
  ) => {
    for (const file of record.files) {
      await sink.addFile(`${entry.folder}/${file.name}`, cache.filePath(key, file.name));
    }
    await sink.addFile(`${entry.folder}/${record.report}`, cache.reportPath(key));
    const result: ManifestEntry = {
      index: entry.index,
      input: entry.name,
      status: cached ? 'cached' : 'done',
      folder: entry.folder,
      inputFormat: record.inputFormat,
      article: record.article,
      files: record.files.map((f) => ({ ...f, name: `${entry.folder}/${f.name}` })),
      report: `${entry.folder}/${record.report}`,
      warnings: record.warnings,
      cacheKey: key,
      ms: performance.now() - started,
    };
    return result;
  };

  const processEntry = async (entry: Numbered): Promise<ManifestEntry> => {
    const started = performance.now();
    if (entry.error || !entry.input) {
      const error = entry.error ?? new InputError('input/batch-entry', `"${entry.name}" has no content.`);
      return failed(entry, entryError(error), started);
    }
    const key = cacheKey({ input: entry.input, formats, options, config: deps.config });
    const hit = await cache.get(key);
    if (hit) return place(entry, key, hit, true, started);
    const outcome = await runEntry({
      key,
      input: entry.input,
      ...(entry.baseDir ? { baseDir: entry.baseDir } : {}),
      formats,
      options: Object.fromEntries(options),
      cacheDir: request.cacheDir,
    });
    if (!outcome.ok) return failed(entry, outcome.error, started, key);
    return place(entry, key, outcome.record, false, started);
  };

  const iterator = numbered(source);
  let interrupted = false;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (signal?.aborted) {
        interrupted = true;
        return;
      }
      const next = await iterator.next();
      if (next.done) return;
      const result = await processEntry(next.value);
      entries.push(result);
      progress.add(result);
      emit({ type: 'entry', entry: result, progress: progress.snapshot() });
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    await iterator.return(undefined);
    entries.sort((a, b) => a.index - b.index);

    let anthologyResult: AnthologyResult | undefined;
    if (anthology && !interrupted) {
      anthologyResult = await buildAnthology(anthology, entries, cache, sink, deps);
      emit({ type: 'anthology', anthology: anthologyResult });
    }
    const seconds = (performance.now() - progress.started) / 1000;
    const manifest: BatchManifest = {
      readout: VERSION,
      status: interrupted ? 'interrupted' : 'complete',
      startedAt: startedAt.toISOString(),
      finishedAt: now().toISOString(),
      source: { path: source.path, kind: source.kind, entries: source.total, skipped: source.skipped },
      output: sink.target,
      formats,
      totals: totalsOf(entries, seconds),
      ...(anthologyResult ? { anthology: anthologyResult } : {}),
      entries,
    };
    await sink.addBytes('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    await sink.finish();
    emit({ type: 'finish', manifest });
    return manifest;
  } catch (error) {
    await iterator.return(undefined).catch(() => undefined);
    await sink.abort().catch(() => undefined);
    throw error;
  }
}

async function buildAnthology(
  anthology: { path: string; options: AnthologyOptions },
  entries: readonly ManifestEntry[],
  cache: ResultCache,
  sink: BatchSink,
  deps: BatchDeps,
): Promise<AnthologyResult> {
  const succeeded = entries.filter((e) => e.status !== 'failed' && e.cacheKey);
  try {
    const parts: AnthologyPart[] = [];
    for (const entry of succeeded) parts.push(await cache.loadModel(entry.cacheKey!));
    const ctx = createCtx({ config: deps.config, fetcher: deps.fetcher, report: new Report() });
    const book = await writeAnthology(parts, anthology.options, ctx);
    await sink.addBytes(anthology.path, book.bytes);
    return {
      name: anthology.path,
      articles: parts.length,
      bytes: book.bytes.byteLength,
      sha256: sha256(book.bytes),
    };
  } catch (error) {
    return { name: anthology.path, articles: succeeded.length, error: entryError(error) };
  }
}

/**
 * The same run as an async iterator of its events (for Server-Sent Events): every `entry` event as it
 * happens, ending with `finish`; `result` settles with the manifest (or the error that stopped the batch).
 */
export function batchEvents(
  request: Omit<BatchRequest, 'onEvent'>,
  deps: BatchDeps,
): { events: AsyncIterable<BatchEvent>; result: Promise<BatchManifest> } {
  const queue: BatchEvent[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const result = runBatch(
    {
      ...request,
      onEvent: (event) => {
        queue.push(event);
        wake?.();
      },
    },
    deps,
  ).finally(() => {
    ended = true;
    wake?.();
  });
  result.catch(() => undefined); // the caller handles the rejection through `result`
  const events = async function* (): AsyncGenerator<BatchEvent, void, undefined> {
    for (;;) {
      const event = queue.shift();
      if (event) {
        yield event;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  };
  return { events: events(), result };
}
